"""Requests in the store: the state mapping, numbering, citations and plain event rows.

An action on a request is written by `store.request_writer` (the one writer); undo and history
are in `store.request_history`; the plain-SQL records the scan desk reads are in
`store.request_records`. This module holds what they share, and what creating a request needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session

from illdesk.core.citation import Citation, match_key
from illdesk.core.numbers import format_number, normalize_number
from illdesk.core.search_text import search_words
from illdesk.core.vocabulary import Direction, RotaAnswer, Service
from illdesk.core.workflow import STATE_FIELDS, RequestState, RotaEntry, Status
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Event, NumberSequence, Request
from illdesk.store.schema import RotaEntry as RotaRow
from illdesk.store.unit_of_work import UnitOfWork

CITATION_COLUMNS = (
    "title",
    "author",
    "journal_title",
    "article_title",
    "volume",
    "issue",
    "pages",
    "year",
    "edition",
    "publisher",
    "place",
    "isbn",
    "issn",
    "oclc_number",
    "doi",
)


def by_number(session: Session, number: str, *, for_update: bool = False) -> Request | None:
    """The request with this number (typed or scanned form), or None."""
    canonical = normalize_number(number) or number.strip().upper()
    query = sa.select(Request).where(Request.number == canonical)
    if for_update:
        query = query.with_for_update(of=Request)
    return session.scalars(query).first()


def to_state(req: Request) -> RequestState:
    """The status-machine view of a stored request."""
    return state_of(req, _rota_of(req))


# The request columns that hold a RequestState field of the same name: every field but the
# four the state is keyed by. Reading and writing go by this list, so a new field of
# RequestState is read, written, recorded in events and undone with no further edit here.
STATE_COLUMNS: tuple[str, ...] = tuple(
    name for name in STATE_FIELDS if name not in {"direction", "service", "status", "rota"}
)


def state_of(source: Any, rota: tuple[RotaEntry, ...]) -> RequestState:
    """A RequestState from anything with the request's columns as attributes (a loaded
    request, a row of plain columns) and its lender string."""
    return RequestState(
        direction=Direction(source.direction),
        service=Service(source.service),
        status=Status(source.status),
        rota=rota,
        **{name: getattr(source, name) for name in STATE_COLUMNS},
    )


def _rota_of(req: Request) -> tuple[RotaEntry, ...]:
    # A lending request has no lender string (we are the lender): skip the query for it.
    if req.direction == Direction.LENDING.value and "rota" in sa.inspect(req).unloaded:
        return ()
    return tuple(RotaEntry(r.symbol, RotaAnswer(r.answer), r.reason, r.note) for r in req.rota)


def write_state(req: Request, state: RequestState, now: datetime) -> None:
    """Copy a status-machine state onto the stored request (rota rows included)."""
    if req.status != state.status.value:
        req.status = state.status.value
        req.status_since = now
    for name in STATE_COLUMNS:
        value = getattr(state, name)
        if getattr(req, name) != value:
            setattr(req, name, value)
    if state.rota or "rota" not in sa.inspect(req).unloaded:
        write_rota(req, state.rota)
    if state.direction is Direction.BORROWING:
        _follow_lender(req, state)
    req.updated_at = now


def _follow_lender(req: Request, state: RequestState) -> None:
    """A borrowing request's library is the lender asked last: queues group by it."""
    current = state.current_lender
    symbol = current.symbol if current else None
    if (req.library.symbol if req.library else None) == symbol:
        return
    session = object_session(req)
    if symbol is None or session is None:
        req.library = None
        return
    req.library = library_by_symbol(session, symbol)


def write_rota(req: Request, rota: tuple[RotaEntry, ...]) -> None:
    rows = list(req.rota)
    for position, entry in enumerate(rota):
        if position < len(rows):
            row = rows[position]
            for name in ("symbol", "answer", "reason", "note"):
                value = getattr(entry, name)
                value = value.value if isinstance(value, RotaAnswer) else value
                if getattr(row, name) != value:
                    setattr(row, name, value)
        else:
            req.rota.append(
                RotaRow(
                    position=position,
                    symbol=entry.symbol,
                    answer=entry.answer.value,
                    reason=entry.reason,
                    note=entry.note,
                )
            )
    if len(rows) > len(rota):
        del req.rota[len(rota) :]


def set_citation(req: Request, citation: Citation) -> None:
    """Store a (cleaned) citation and the keys derived from it."""
    for name in CITATION_COLUMNS:
        setattr(req, name, getattr(citation, name))
    req.match_key = match_key(citation)
    req.search_text = search_words(
        citation.title, citation.author, citation.journal_title, citation.article_title
    )


def citation_of(req: Request) -> Citation:
    return Citation(**{name: getattr(req, name) for name in CITATION_COLUMNS})


def next_number(session: Session, prefix: str, year: int) -> str:
    """Hand out the next request number; safe with several workstations at once."""
    bumped = session.execute(
        sa.update(NumberSequence)
        .where(NumberSequence.prefix == prefix, NumberSequence.year == year)
        .values(last=NumberSequence.last + 1)
        .returning(NumberSequence.last)
    ).scalar()
    if bumped is None:
        # First number of the year: the row is made in its own savepoint so that two
        # workstations racing to make it do not both fail.
        try:
            with session.begin_nested():
                session.add(NumberSequence(prefix=prefix, year=year, last=1))
            bumped = 1
        except sa.exc.IntegrityError:
            return next_number(session, prefix, year)
    return format_number(prefix, year, int(bumped))


def record_event(
    uow: UnitOfWork,
    req: Request | None,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    details: Mapping[str, Any] | None = None,
) -> Event:
    """Write one event row in the current transaction."""
    event = Event(
        request_id=req.id if req is not None else None,
        at=uow.now(),
        staff_id=uow.actor.staff_id,
        staff_name=uow.actor.staff_name,
        workstation=uow.actor.workstation,
        action=action,
        from_status=from_status,
        to_status=to_status,
        details=dict(details or {}),
    )
    uow.session.add(event)
    uow.session.flush()
    uow.announce(event.id, event.request_id, action)
    return event


_DATE_COLUMNS = frozenset({"need_before"})
_AMOUNT_COLUMNS = frozenset({"max_cost", "charge"})


def encode_column(value: Any) -> Any:
    """A plain column value in the JSON form edit events store."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode_column(name: str, value: Any) -> Any:
    """The inverse of `encode_column` for the named column."""
    if value is None:
        return None
    if name in _DATE_COLUMNS:
        return date.fromisoformat(value)
    if name in _AMOUNT_COLUMNS:
        return Decimal(value)
    return value


# Where the names of the former, larger module went; kept reachable from here for callers
# written before the split (one writer: `request_writer`; undo and history: `request_history`;
# the scan desk's records: `request_records`).
