"""Decisions on copies: the clearance queue's own, staff's over the five, fees paid outside
ILL Desk, the yearly report per journal, and the purge of records past their keeping time.

Every change to a request goes through the one writer (`store.request_writer`); a fee is a
further record of the clearing action.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa

from illdesk.core import copyright as rules
from illdesk.core.copyright import Advice
from illdesk.core.vocabulary import CancelReason, CopyrightCode, Direction
from illdesk.core.workflow import Action, Status, TransitionError
from illdesk.services.desk.action_inputs import action_context
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.rules import copyright as counts
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.copyright_schema import CopyrightFee, CopyrightRecord
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork


class Choice(StrEnum):
    """What staff decide about a copy over the five."""

    ROYALTY = "royalty"  # pay the rights holder (record the fee)
    SUPPLIER = "supplier"  # order from a document supplier, who pays the royalties
    CANCEL = "cancel"


@dataclass(frozen=True, slots=True)
class Cleared:
    """What the clearance queue decided by itself."""

    cleared: tuple[tuple[str, str, str], ...]  # (number, code, why)
    waiting: tuple[tuple[str, str], ...]  # (number, why staff must decide)


def auto_clear(make_uow: Callable[[], UnitOfWork], limit: int = 500) -> Cleared:
    """Decide what the rules allow in the Copyright clearance queue (older than five years:
    CCL; within the five or an exempt journal: CCG), one transaction per request, oldest
    first; leave the real decisions to staff."""
    with make_uow() as uow:
        numbers = list(
            uow.session.scalars(
                sa.select(Request.number)
                .where(
                    Request.direction == Direction.BORROWING.value,
                    Request.status == Status.COPYRIGHT_REVIEW.value,
                )
                .order_by(Request.created_at, Request.id)
                .limit(limit)
            )
        )
    cleared: list[tuple[str, str, str]] = []
    waiting: list[tuple[str, str]] = []
    for number in numbers:
        with make_uow() as uow:
            req = _for_update(uow, number)
            suggestion = counts.suggestion_for(uow, req)
            if suggestion is None or not suggestion.code:
                why = suggestion.text if suggestion else "No copyright record: decide by hand."
                waiting.append((number, why))
                continue
            _act(uow, req, Action.CLEAR_COPYRIGHT, {"copyright_code": suggestion.code}, [])
            uow.commit()
            cleared.append((number, suggestion.code, suggestion.text))
    return Cleared(tuple(cleared), tuple(waiting))


def decide(
    uow: UnitOfWork,
    number: str,
    choice: Choice | str,
    *,
    amount: Decimal | None = None,
    note: str = "",
) -> str:
    """Staff's decision on a copy in copyright clearance: royalties (the fee recorded, by
    default from the settings), a document supplier (its price, if known), or cancel."""
    choice = Choice(choice)
    if amount is not None and amount < 0:
        raise InvalidInput("A fee cannot be negative.", "amount")
    with uow:
        req = _for_update(uow, number)
        if choice is Choice.CANCEL:
            params = {"reason": CancelReason.COST.value, "note": note or "Over the rule of five"}
            told = _act(uow, req, Action.CANCEL, params, [])
        else:
            if choice is Choice.ROYALTY and amount is None:
                amount = counts.default_royalty(uow, req)
            further = [counts.fee_record(choice.value, amount, note)]
            params = {"copyright_code": CopyrightCode.FEE.value}
            told = _act(uow, req, Action.CLEAR_COPYRIGHT, params, further)
        uow.commit()
    return told


def _for_update(uow: UnitOfWork, number: str) -> Request:
    req = repo.by_number(uow.session, number, for_update=True)
    if req is None:
        raise NotFound(f"No request has the number {number}.")
    return req


def _act(
    uow: UnitOfWork,
    req: Request,
    action: Action,
    params: dict[str, str],
    further: list[FurtherRecord],
) -> str:
    ctx = action_context(uow, req, params)
    try:
        done = writer.perform_action(uow, req, action, ctx, further=further)
    except TransitionError as exc:
        raise InvalidInput(f"{req.number}: {exc}") from exc
    return f"{req.number}: {done.after.status.value.replace('_', ' ')}. {done.told}".strip()


def record_outside(
    uow: UnitOfWork,
    journal: str,
    amount: Decimal | None,
    *,
    published: int | None = None,
    number: str = "",
    note: str = "",
) -> str:
    """Record a fee paid outside ILL Desk: for a request (by number) it is that request's
    fee; without one, an article obtained elsewhere, counted towards its journal's five."""
    with uow:
        if number:
            req = repo.by_number(uow.session, number)
            if req is None:
                raise NotFound(f"No request has the number {number}.")
            record = uow.session.scalars(
                sa.select(CopyrightRecord).where(CopyrightRecord.request_id == req.id)
            ).first()
            if record is None:
                raise InvalidInput(f"{req.number} is not a borrowed copy.", "number")
        else:
            key = rules.journal_key(journal if rules.is_issn(journal) else "", journal)
            if not key:
                raise InvalidInput("Give the journal's ISSN or title.", "journal")
            today = uow.today()
            record = CopyrightRecord(
                request_number="",
                journal_key=key,
                journal_title="" if rules.is_issn(journal) else journal.strip(),
                issn=rules.normal_issn(journal),
                request_year=today.year,
                requested_on=today,
                published_year=published,
                pages=0,
                outside=True,
                note=note,
                created_at=uow.now(),
            )
            uow.session.add(record)
            uow.session.flush()
        uow.session.add(
            CopyrightFee(
                record_id=record.id,
                event_id=None,
                kind="outside",
                amount=amount,
                note=note,
                created_at=uow.now(),
            )
        )
        uow.commit()
        return record.request_number or record.journal_title or record.issn


@dataclass(slots=True)
class JournalYear:
    """One line of the yearly copyright report."""

    journal: str
    issn: str
    requests: int = 0
    counted: int = 0
    ccg: int = 0
    ccl: int = 0
    fees: int = 0
    fee_total: Decimal = field(default_factory=lambda: Decimal("0.00"))
    over_five: int = 0


def report(uow: UnitOfWork, year: int) -> list[JournalYear]:
    """Per journal, the year's copy requests, how many counted, CCG and CCL, and the fees
    (a fee counts once its copy was delivered, or when paid outside ILL Desk)."""
    with uow:
        rows = uow.session.execute(
            sa.select(CopyrightRecord, Request.status, Request.copyright_code)
            .outerjoin(Request, Request.id == CopyrightRecord.request_id)
            .where(CopyrightRecord.request_year == year)
            .order_by(CopyrightRecord.id)
        ).all()
        fees: dict[int, list[tuple[str, Decimal | None]]] = {}
        for record_id, kind, amount, _event in uow.session.execute(counts.live_fees()):
            fees.setdefault(record_id, []).append((kind, amount))
        return _report_lines(rows, fees)


def _report_lines(
    rows: Sequence[Any], fees: dict[int, list[tuple[str, Decimal | None]]]
) -> list[JournalYear]:
    lines: dict[str, JournalYear] = {}
    for record, status, code in rows:
        line = lines.setdefault(
            record.journal_key,
            JournalYear(record.journal_title or record.issn or "(no journal named)", record.issn),
        )
        line.journal = line.journal or record.journal_title
        cancelled = status == Status.CANCELLED.value
        if not record.outside:
            line.requests += 0 if cancelled else 1
        recent = rules.is_recent(record.published_year, record.requested_on)
        if recent and (record.outside or not cancelled):
            line.counted += 1
        line.ccg += code == CopyrightCode.CCG.value
        line.ccl += code == CopyrightCode.CCL.value
        delivered = record.outside or status == Status.COMPLETED.value
        for kind, amount in fees.get(record.id, []):
            if delivered or kind == "outside":
                line.fees += 1
                line.fee_total += amount or Decimal("0.00")
    for line in lines.values():
        line.over_five = max(0, line.counted - rules.ALLOWED_PER_YEAR)
    return sorted(lines.values(), key=lambda j: (j.journal.lower(), j.issn))


def purge(uow: UnitOfWork) -> int:
    """Delete the copyright records (and their fees) past their keeping time: the end of the
    third full calendar year after the year of the request. Returns how many went."""
    with uow:
        oldest = rules.first_year_kept(uow.today())
        old = sa.select(CopyrightRecord.id).where(CopyrightRecord.request_year < oldest)
        uow.session.execute(sa.delete(CopyrightFee).where(CopyrightFee.record_id.in_(old)))
        gone = uow.session.execute(
            sa.delete(CopyrightRecord).where(CopyrightRecord.request_year < oldest)
        )
        uow.commit()
        return int(getattr(gone, "rowcount", 0) or 0)


def advice_words(advice: Advice) -> str:
    """An advice in a word or two for lists."""
    return {
        Advice.OLDER: "older than five years",
        Advice.WITHIN: "within the five",
        Advice.EXEMPT: "exempt journal",
        Advice.DECISION: "over the five",
        Advice.UNKNOWN: "no journal",
    }[advice]


@dataclass(frozen=True, slots=True)
class Waiting:
    """A copy in the Copyright clearance queue as the clearance window lists it."""

    number: str
    journal: str
    published: str
    suggestion: str  # what the rules say, in words
    code: str  # the code the rules suggest ("" when staff must decide)
    royalty: Decimal  # the royalty by the library's settings, offered when paying


def clearance_list(uow: UnitOfWork, limit: int = 500) -> list[Waiting]:
    """The copies waiting in Copyright clearance, oldest first, with what the rules say."""
    with uow:
        reqs = uow.session.scalars(
            sa.select(Request)
            .where(
                Request.direction == Direction.BORROWING.value,
                Request.status == Status.COPYRIGHT_REVIEW.value,
            )
            .order_by(Request.created_at, Request.id)
            .limit(limit)
        ).all()
        out = []
        for req in reqs:
            suggestion = counts.suggestion_for(uow, req)
            out.append(
                Waiting(
                    req.number,
                    req.journal_title or req.title or "",
                    req.year or "",
                    suggestion.text if suggestion else "No copyright record: decide by hand.",
                    suggestion.code if suggestion else "",
                    counts.default_royalty(uow, req),
                )
            )
        return out
