"""The rule of five, counted live, and what staff decide about copies over it.

Every borrowing copy request gets a copyright record when it is entered (`record_entry`),
naming the journal it counts against. The count of a journal in a calendar year is read from
those records (`count`, `suggestion_for`); `core.copyright.suggest` says what it means.
A decision over the five (royalties, a document supplier) clears the request with the code
"fee" through the one writer, and its fee is a further record of that action: undoing the
action undoes the fee (fees of undone events are never read).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from illdesk.core import copyright as rules
from illdesk.core.copyright import Suggestion
from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.store.copyright_schema import CopyrightFee, CopyrightRecord
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork

# Requests that no longer count towards a journal's five.
_NOT_COUNTED = (Status.CANCELLED.value,)


@dataclass(frozen=True, slots=True)
class JournalCount:
    """A journal's count in one calendar year, and what the next article would be."""

    journal: str  # as staff typed it
    key: str
    year: int
    counted: int  # articles counted towards the five
    exempt: bool
    next_article: Suggestion  # for a recent article requested now


def record_entry(uow: UnitOfWork, req: Request) -> None:
    """Write the copyright record of a borrowing copy request just entered (nothing for
    loans and lending requests)."""
    if req.direction != Direction.BORROWING.value or req.service != Service.COPY.value:
        return
    settings = library_settings.load(uow).copyright
    # The day it was asked for (a request entered with an earlier date, as an import or the
    # demo does, counts in its own year).
    today = req.created_at.astimezone().date() if req.created_at else uow.today()
    uow.session.add(
        CopyrightRecord(
            request_id=req.id,
            request_number=req.number,
            journal_key=rules.journal_key(req.issn, req.journal_title),
            journal_title=req.journal_title,
            issn=rules.normal_issn(req.issn),
            request_year=today.year,
            requested_on=today,
            published_year=rules.publication_year(req.year),
            pages=rules.page_count(req.pages, settings.default_pages),
            outside=False,
            note="",
            created_at=uow.now(),
        )
    )


def _counted(key: str, year: int, before_id: int | None = None) -> sa.Select[int]:
    """How many articles of journal `key` count in `year` (those before a record, if given)."""
    query = (
        sa.select(sa.func.count())
        .select_from(CopyrightRecord)
        .outerjoin(Request, Request.id == CopyrightRecord.request_id)
        .where(
            CopyrightRecord.journal_key == key,
            CopyrightRecord.request_year == year,
            sa.or_(
                CopyrightRecord.published_year.is_(None),
                CopyrightRecord.published_year >= year - rules.RECENT_YEARS,
            ),
            sa.or_(CopyrightRecord.outside.is_(True), Request.status.not_in(_NOT_COUNTED)),
        )
    )
    if before_id is not None:
        query = query.where(CopyrightRecord.id < before_id)
    return query


def count(uow: UnitOfWork, journal: str, year: int | None = None) -> JournalCount:
    """The count of a journal (an ISSN or a title) in a calendar year (default: this one)."""
    journal = journal.strip()
    key = rules.journal_key(journal if rules.is_issn(journal) else "", journal)
    if not key:
        raise InvalidInput("Give a journal's ISSN or its title.", "journal")
    with uow:
        return _count(uow, journal, key, year or uow.today().year)


def _count(uow: UnitOfWork, journal: str, key: str, year: int) -> JournalCount:
    exempt = rules_exempt(uow)
    counted = int(uow.session.execute(_counted(key, year)).scalar_one())
    today = uow.today()
    on = today if today.year == year else date(year, 12, 31)
    return JournalCount(
        journal, key, year, counted, key in exempt, rules.suggest(key, year, on, counted, exempt)
    )


def live_count(uow: UnitOfWork, issn: str, journal_title: str, published: str) -> Suggestion:
    """What the rule of five says about a copy request being typed: the article it would be
    from this journal this year, and the code to suggest."""
    key = rules.journal_key(issn, journal_title)
    with uow:
        today = uow.today()
        counted = int(uow.session.execute(_counted(key, today.year)).scalar_one()) if key else 0
        return rules.suggest(
            key, rules.publication_year(published), today, counted, rules_exempt(uow)
        )


def rules_exempt(uow: UnitOfWork) -> frozenset[str]:
    """The journal keys of the library's exempt list."""
    return library_settings.load(uow).copyright.exempt_keys()


def suggestion_for(uow: UnitOfWork, req: Request) -> Suggestion | None:
    """What the rule of five says about a stored copy request (None: it has no record)."""
    record = uow.session.scalars(
        sa.select(CopyrightRecord).where(CopyrightRecord.request_id == req.id)
    ).first()
    if record is None:
        return None
    before = int(
        uow.session.execute(
            _counted(record.journal_key, record.request_year, record.id)
        ).scalar_one()
    )
    return rules.suggest(
        record.journal_key,
        record.published_year,
        record.requested_on,
        before,
        rules_exempt(uow),
    )


def request_suggestion(uow: UnitOfWork, number: str) -> Suggestion | None:
    """`suggestion_for` by request number (None for a request that is not a borrowed copy)."""
    from illdesk.store import requests as repo  # noqa: PLC0415 - one use

    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        return suggestion_for(uow, req)


def fee_record(kind: str, amount: Decimal | None, note: str = "") -> FurtherRecord:
    """A further record of the action that clears a copy over the five: its fee, pointing at
    the action's event so that undoing the action takes the fee back."""

    def write(uow: UnitOfWork, event: Event) -> str:
        record = uow.session.scalars(
            sa.select(CopyrightRecord).where(CopyrightRecord.request_id == event.request_id)
        ).first()
        if record is None:
            return ""
        uow.session.add(
            CopyrightFee(
                record_id=record.id,
                event_id=event.id,
                kind=kind,
                amount=amount,
                note=note,
                created_at=uow.now(),
            )
        )
        uow.session.flush()
        shown = f"${amount}" if amount is not None else "no amount yet"
        what = "Royalty" if kind == "royalty" else "Document supplier's price"
        return f"{what} recorded ({shown}); it counts when the copy is delivered."

    return write


def default_royalty(uow: UnitOfWork, req: Request) -> Decimal:
    """The royalty for a request's article by the library's settings."""
    settings = library_settings.load(uow).copyright
    pages = rules.page_count(req.pages, settings.default_pages)
    return rules.royalty(settings.royalty_base, settings.royalty_per_page, pages)


def live_fees() -> sa.Select[int, str, Decimal | None, int | None]:
    """Fees that stand: recorded outside an action, or by an action not undone since."""
    return (
        sa.select(
            CopyrightFee.record_id, CopyrightFee.kind, CopyrightFee.amount, CopyrightFee.event_id
        )
        .outerjoin(Event, Event.id == CopyrightFee.event_id)
        .where(sa.or_(CopyrightFee.event_id.is_(None), Event.undone_by.is_(None)))
    )
