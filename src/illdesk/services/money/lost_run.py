"""The daily lost declaration, and "claims returned".

Every day (from the command line, a scheduler, or the desk), items that count as lost by the
money rules (`core.lost_rules`) are declared lost: each is the ordinary *Mark lost* action on
its request, so its replacement and processing fee are charged in the same transaction, it is
in the request's history, and undo takes both back. A request whose patron claims to have
returned the item is left alone for the search period, then declared lost like the others.

A claim is an event on the request (`claims_returned`) that changes no field: it shows in the
history and is undone like any action.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core.lost_rules import CLAIMS_RETURNED, LostFacts, earliest_dates, lost_because
from illdesk.core.request_status import Status
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests as desk
from illdesk.services.errors import Conflict, InvalidInput, NotFound, ServiceError
from illdesk.services.reports.counting import UtcDay, moment
from illdesk.services.session import DeskSession
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Declared:
    """One request the run declared lost (or would, on a dry run), or could not."""

    number: str
    reason: str
    message: str
    done: bool


def claim_returned(uow: UnitOfWork, number: str, note: str = "") -> str:
    """Record that the patron says the item was returned; billing waits for the search."""
    with uow:
        req = repo.by_number(uow.session, number, for_update=True)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        if req.direction != Direction.BORROWING.value or req.status != Status.CHECKED_OUT.value:
            raise InvalidInput(
                f"{req.number} is not checked out to a patron, so there is no claim to record."
            )
        days = library_settings.load(uow).money.claims_returned_search_days
        state = repo.to_state(req)
        details: dict[str, object] = {
            "changes": {},
            "params": {"search_days": days},
            "today": uow.today().isoformat(),
        }
        if note.strip():
            details["note"] = note.strip()
        written = writer.write_action(
            uow, writer.stored_request(req), state, state, CLAIMS_RETURNED, details
        )
        writer.show_written(req, written)
        try:
            uow.commit()
        except StaleDataError as exc:
            raise Conflict(f"{req.number} was changed by another workstation. Try again.") from exc
    return (
        f"{number}: claimed returned. Search the shelves; it is not billed before "
        f"{days} days have passed."
    )


def _candidates(uow: UnitOfWork, today: date) -> list[tuple[str, LostFacts]]:
    """Requests that can count as lost today, picked by their dates, with their facts."""
    money = library_settings.load(uow).money
    patron_due, shipped, lent_due = earliest_dates(money, today)
    b, lend = Direction.BORROWING.value, Direction.LENDING.value
    claim_day = (
        sa.select(sa.func.max(UtcDay(Event.at)))
        .where(
            Event.request_id == Request.id,
            Event.action == CLAIMS_RETURNED,
            Event.undone_by.is_(None),
        )
        .scalar_subquery()
    )
    rows = uow.session.execute(
        sa.select(
            Request.number,
            Request.direction,
            Request.status,
            Request.status_since,
            Request.lender_due_date,
            Request.patron_due_date,
            claim_day,
        )
        .where(
            sa.or_(
                sa.and_(
                    Request.direction == b,
                    Request.status == Status.CHECKED_OUT.value,
                    Request.patron_due_date <= patron_due,
                ),
                sa.and_(
                    Request.direction == b,
                    Request.status == Status.SHIPPED.value,
                    Request.status_since < moment(shipped + timedelta(days=1)),
                ),
                sa.and_(
                    Request.direction == lend,
                    Request.status == Status.ON_LOAN.value,
                    Request.lender_due_date <= lent_due,
                ),
            )
        )
        .order_by(Request.number)
    ).all()
    out: list[tuple[str, LostFacts]] = []
    for number, direction, status, since, lender_due, patron_due_date, claimed in rows:
        facts = LostFacts(
            Direction(direction),
            Status(status),
            since.date(),
            lender_due,
            patron_due_date,
            _as_date(claimed),
        )
        out.append((number, facts))
    return out


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def declare_lost(
    make: Callable[[], UnitOfWork],
    today: date | None = None,
    *,
    dry_run: bool = False,
    most: int | None = None,
) -> list[Declared]:
    """Declare lost every item the rules say is lost today (each in its own transaction).

    `make()` gives a fresh unit of work; a request that cannot be declared (changed
    meanwhile) is reported and the others go on. `most` stops after that many (the rest wait
    for the next run).
    """
    first = make()
    with first:
        day = today or first.today()
        money = library_settings.load(first).money
        found = [
            (number, reason)
            for number, facts in _candidates(first, day)
            if (reason := lost_because(money, facts, day)) is not None
        ]
    out: list[Declared] = []
    for number, reason in found[:most] if most is not None else found:
        note = f"Declared lost automatically: {reason}."
        if dry_run:
            out.append(Declared(number, reason, "would be declared lost", False))
            continue
        try:
            done = desk.perform(make(), number, Action.MARK_LOST, {"note": note})
        except ServiceError as exc:
            out.append(Declared(number, reason, str(exc), False))
            continue
        out.append(Declared(number, reason, done.message, True))
    return out


# Declarations per run in the desk: a backlog (the first run on an old database) is taken in
# hourly portions, so the desk's own changes never wait long behind it.
MOST_PER_DESK_RUN = 200


def desk_lost_run(session: DeskSession) -> list[Declared]:
    """The desk window's hourly run, in ILL Desk's own name, when the library turned it on
    (`money.declare_lost_in_desk`); nothing otherwise."""
    database, clock = session.database, session.read().clock

    def system() -> UnitOfWork:
        return UnitOfWork(database, SYSTEM, clock)

    with system() as reading:
        if not library_settings.load(reading).money.declare_lost_in_desk:
            return []
    done = declare_lost(system, most=MOST_PER_DESK_RUN)
    if done:
        # Counts only: a request number with a reason could name a patron's loan.
        log.info("Lost run: %d declared lost, %d not", sum(d.done for d in done),
                 sum(not d.done for d in done))  # fmt: skip
    return done
