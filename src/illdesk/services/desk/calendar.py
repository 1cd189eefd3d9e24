"""Closures: mark days closed and move every due date that falls in them, as events."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from illdesk.core import workflow
from illdesk.core.duedates import CalendarError, shift_for_closure
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action, Context, Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.store import request_writer as writer
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork


def close_library(uow: UnitOfWork, first: date, last: date, reason: str) -> list[str]:
    """Mark `first`..`last` closed and move due dates that fall in them past the closure.

    Patron due dates (borrowing) and the due dates we gave borrowing libraries (lending) are
    moved to the first open day after the closure; each move is an event on its request, so
    it shows in the history and can be undone one by one. Returns the request numbers moved.
    """
    if first > last:
        raise InvalidInput("The closure ends before it begins.")
    if (last - first).days > 366:
        raise InvalidInput("A closure longer than a year is not a closure: check the dates.")
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    with uow:
        library_settings.add_closed_days(uow, days, reason)
        uow.session.flush()
        settings = library_settings.load(uow)
        try:
            cal = library_settings.calendar(uow, settings)
        except CalendarError as exc:
            raise InvalidInput(str(exc)) from exc
        affected = uow.session.scalars(
            sa.select(Request)
            .where(
                sa.or_(
                    sa.and_(
                        Request.direction == Direction.BORROWING.value,
                        Request.status.in_([Status.ON_HOLD_SHELF.value, Status.CHECKED_OUT.value]),
                        Request.patron_due_date.between(first, last),
                    ),
                    sa.and_(
                        Request.direction == Direction.LENDING.value,
                        Request.status == Status.ON_LOAN.value,
                        Request.lender_due_date.between(first, last),
                    ),
                )
            )
            .order_by(Request.id)
            .with_for_update(of=Request)
        ).all()
        moved: list[str] = []
        note = f"Library closed {first.isoformat()} to {last.isoformat()}: {reason}".strip(": ")
        for req in affected:
            current = req.patron_due_date if req.direction == "borrowing" else req.lender_due_date
            assert current is not None
            new_due = shift_for_closure(current, first, last, cal)
            ctx = Context(params={"due_date": new_due, "note": note}, today=uow.today())
            try:
                writer.perform(uow, req, Action.CHANGE_DUE_DATE, ctx, extra={"closure": note})
            except workflow.TransitionError as exc:
                raise InvalidInput(f"{req.number}: {exc}") from exc
            moved.append(req.number)
        uow.commit()
    return moved
