"""Pickup reminders: which items on the hold shelf earn one today, and which queued ones are
no longer true.

A reminder says "please collect it by <the hold-shelf date>", so it is made only while that
date is today or later (`NoticeSettings.pickup_reminder_shelved`), and only for a patron who
can come to the hold shelf: a person inside a correctional facility cannot; their item goes
to them through the facility. A reminder made earlier that has not gone yet (the mail server was
down, the letters were not printed) is withdrawn, with the reason, once the item has left the
hold shelf, its date has passed, or its patron has been placed in a facility.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from illdesk.core.notice_settings import NoticeSettings
from illdesk.core.request_status import Status
from illdesk.core.vocabulary import Direction, PatronType
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

KIND = "pickup_reminder"
_REQUESTS = cast(sa.Table, Request.__table__)
_PATRONS = cast(sa.Table, Patron.__table__)
_NOTICES = cast(sa.Table, Notice.__table__)
OUTDATED = "Withdrawn: the item is no longer waiting on the hold shelf for this patron."


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).astimezone()


def _inside_a_facility() -> sa.ColumnElement[bool]:
    """The request's patron is in a correctional facility (and cannot come to the shelf)."""
    return sa.exists().where(
        _PATRONS.c.id == _REQUESTS.c.patron_id,
        sa.or_(
            _PATRONS.c.facility_id.is_not(None),
            _PATRONS.c.patron_type == PatronType.CORRECTIONAL.value,
        ),
    )


def _still_waiting(day: date, settings: NoticeSettings) -> sa.ColumnElement[bool]:
    """On the hold shelf for a patron who can collect it, its hold-shelf date not past."""
    return sa.and_(
        _REQUESTS.c.direction == Direction.BORROWING.value,
        _REQUESTS.c.status == Status.ON_HOLD_SHELF.value,
        _REQUESTS.c.status_since >= _local_midnight(settings.still_on_hold_shelf_from(day)),
        sa.not_(_inside_a_facility()),
    )


def shelved_on(request: Any) -> date:
    """The day an item went on the hold shelf (the local date of its status change)."""
    return cast(date, request.status_since.astimezone().date())


def due_today(conn: sa.Connection, day: date, settings: NoticeSettings, columns: Any) -> list[Any]:
    """The requests (with `columns`) whose pickup reminder is due on `day`."""
    shelved = settings.pickup_reminder_shelved(day)
    if shelved is None:
        return []
    after_last_day = _local_midnight(shelved[1] + timedelta(days=1))
    query = sa.select(*columns).where(
        _still_waiting(day, settings), _REQUESTS.c.status_since < after_last_day
    )
    return list(conn.execute(query))


def withdraw_outdated(uow: UnitOfWork, day: date, settings: NoticeSettings) -> int:
    """Withdraw the unsent pickup reminders that are no longer true on `day`; how many."""
    still_true = sa.select(_REQUESTS.c.id).where(_still_waiting(day, settings))
    result = uow.session.connection().execute(
        sa.update(_NOTICES)
        .where(
            _NOTICES.c.kind == KIND,
            _NOTICES.c.status.in_(("queued", "failed")),
            _NOTICES.c.request_id.not_in(still_true),
        )
        .values(status="withdrawn", error=OUTDATED, next_try_at=None)
    )
    return int(getattr(result, "rowcount", 0) or 0)
