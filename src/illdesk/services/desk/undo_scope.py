"""Whose action an undo would reverse, so the window undoes only what this person just did.

"Undo" in the desk window reverses the last action on the open request. The request may have
been opened from another queue, and its last action may be a colleague's from weeks ago:
reversing that silently loses their work. The rule lives here, not in the window: an event is
the person's own when the same staff member did it at this workstation since this window
session began (the event records staff, workstation and time). Anything else is undone only
after the person has been told who did it and when, and has said yes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from illdesk.services.desk.mapping import event_view
from illdesk.services.errors import NotFound
from illdesk.store import request_history
from illdesk.store import requests as repo
from illdesk.store.unit_of_work import Actor, UnitOfWork


@dataclass(frozen=True, slots=True)
class UndoCandidate:
    """The action an undo of `number` would reverse, and whether it is the person's own."""

    number: str
    event_id: int
    action_label: str
    staff_name: str
    workstation: str
    at: datetime
    mine: bool

    def question(self) -> str:
        """The question to ask before undoing somebody else's (or an older) action."""
        when = self.at.astimezone().strftime("%d %b %Y at %H:%M")
        who = self.staff_name or "someone"
        where = f" at {self.workstation}" if self.workstation else ""
        return (
            f"The last action on {self.number} is “{self.action_label}”, done by {who}{where} "
            f"on {when}, not by you in this session. Undo it anyway?"
        )


def is_own_session_event(
    actor: Actor,
    session_started: datetime,
    *,
    staff_id: int | None,
    staff_name: str,
    workstation: str,
    at: datetime,
) -> bool:
    """True when the event was done by `actor`, at the actor's workstation, since
    `session_started`: the only events the window undoes without asking."""
    if actor.staff_id is not None and staff_id is not None:
        same_person = actor.staff_id == staff_id
    else:
        same_person = actor.staff_name.casefold() == staff_name.casefold()
    return same_person and workstation == actor.workstation and at >= session_started


def undo_candidate(uow: UnitOfWork, number: str, session_started: datetime) -> UndoCandidate | None:
    """What undoing `number` now would reverse (None when nothing is left to undo), judged
    for the unit of work's actor in a session that began at `session_started`."""
    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        event = request_history.last_undoable(uow.session, req)
        if event is None:
            return None
        return UndoCandidate(
            number=req.number,
            event_id=event.id,
            action_label=event_view(event, req.direction).action_label,
            staff_name=event.staff_name,
            workstation=event.workstation,
            at=event.at,
            mine=is_own_session_event(
                uow.actor,
                session_started,
                staff_id=event.staff_id,
                staff_name=event.staff_name,
                workstation=event.workstation,
                at=event.at,
            ),
        )
