"""What other workstations are doing: their changes as they happen, and "in processing" marks.

`listen()` starts hearing changes on a shared PostgreSQL database (nothing to hear on a local
file: it returns None); the callbacks run on the listener's thread, so the window hands them
to its GUI thread. Marks say that someone has a request open for editing; they expire by
themselves (`sign_in.processing_mark_minutes`) and never stop a write: the version check does
that, and names who won.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from illdesk.services.admin import settings as library
from illdesk.services.errors import NotFound
from illdesk.services.session import DeskSession
from illdesk.store.live_changes import ChangeListener, ChangeNotice
from illdesk.store.live_schema import ProcessingMark
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork

MARK_ACTION = "mark"


@dataclass(frozen=True, slots=True)
class Change:
    """A change made somewhere: its event (0 for a mark), request, action and workstation."""

    event_id: int
    request_id: int | None
    action: str
    workstation: str


@dataclass(frozen=True, slots=True)
class MarkView:
    """Someone else has this request open for editing."""

    number: str
    staff_name: str
    workstation: str
    since: datetime
    until: datetime

    @property
    def text(self) -> str:
        where = f" at {self.workstation}" if self.workstation else ""
        return f"In processing by {self.staff_name}{where} since {self.since.astimezone():%H:%M}"


class Listening:
    """A running listener; `stop()` ends it."""

    def __init__(self, listener: ChangeListener) -> None:
        self._listener = listener

    def stop(self) -> None:
        self._listener.stop()


def listen(
    session: DeskSession,
    on_changes: Callable[[list[Change], bool], None],
    on_state: Callable[[str], None],
) -> Listening | None:
    """Hear every change made on this database from now on (None on a local file).

    `on_changes(changes, everything)`: `everything` means more were missed than can be
    listed (after a long cut), so whatever is shown should be reloaded.
    """
    db = session.database
    if not db.is_postgresql:
        return None

    def passed_on(notices: list[ChangeNotice], everything: bool) -> None:
        on_changes(
            [Change(n.event_id, n.request_id, n.action, n.workstation) for n in notices],
            everything,
        )

    return Listening(ChangeListener(db, passed_on, on_state).start())


def _request_id(uow: UnitOfWork, number: str) -> int:
    found = uow.session.scalar(sa.select(Request.id).where(Request.number == number))
    if found is None:
        raise NotFound(f"No request has the number {number}.")
    return int(found)


def _notify_mark(uow: UnitOfWork, request_id: int) -> None:
    if uow.db.is_postgresql:
        payload = f'{{"e": 0, "r": {request_id}, "a": "{MARK_ACTION}", "w": ""}}'
        uow.session.execute(sa.text("SELECT pg_notify('illdesk_changes', :p)"), {"p": payload})


def mark_in_processing(uow: UnitOfWork, number: str) -> datetime:
    """Mark the request as open for editing here (replacing an older or expired mark);
    returns when the mark runs out."""
    with uow:
        request_id = _request_id(uow, number)
        minutes = library.load(uow).sign_in.processing_mark_minutes
        until = uow.now() + timedelta(minutes=minutes)
        mark = uow.session.get(ProcessingMark, request_id)
        if mark is None:
            mark = ProcessingMark(request_id=request_id)
            uow.session.add(mark)
        mark.staff_id = uow.actor.staff_id
        mark.staff_name = uow.actor.staff_name
        mark.workstation = uow.actor.workstation
        mark.since = uow.now()
        mark.until = until
        _notify_mark(uow, request_id)
        uow.commit()
    return until


def clear_mark(uow: UnitOfWork, number: str) -> None:
    """Take away this workstation's mark on the request (someone else's stays)."""
    with uow:
        request_id = _request_id(uow, number)
        mark = uow.session.get(ProcessingMark, request_id)
        if mark is not None and _is_mine(uow, mark):
            uow.session.delete(mark)
            _notify_mark(uow, request_id)
            uow.commit()


def _is_mine(uow: UnitOfWork, mark: ProcessingMark) -> bool:
    return mark.workstation == uow.actor.workstation and mark.staff_name == uow.actor.staff_name


def mark_on(uow: UnitOfWork, number: str) -> MarkView | None:
    """Someone else's live mark on the request, if there is one."""
    with uow:
        row = uow.session.execute(
            sa.select(ProcessingMark)
            .join(Request, Request.id == ProcessingMark.request_id)
            .where(Request.number == number, ProcessingMark.until > uow.now())
        ).scalar_one_or_none()
        if row is None or _is_mine(uow, row):
            return None
        return MarkView(number, row.staff_name, row.workstation, row.since, row.until)
