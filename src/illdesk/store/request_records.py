"""Requests read as plain columns, for the scanning desk.

Loading the ORM object (about 120 columns, its patron and library) cost more than SQLite's own
work for a scan, so the desk reads what it decides on, shows and writes with one prepared
SELECT. The state part is read by `STATE_COLUMNS`, so a new field of the status machine's
RequestState needs no edit here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.vocabulary import Direction, RotaAnswer
from illdesk.core.workflow import RequestState, RotaEntry
from illdesk.store.request_writer import StoredRequest
from illdesk.store.requests import STATE_COLUMNS, state_of
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.schema import RotaEntry as RotaRow


@dataclass(frozen=True, slots=True)
class PartyRecord:
    """The patron of a request, as a scan reads it."""

    given_name: str
    surname: str
    card_barcode: str


@dataclass(frozen=True, slots=True)
class LenderRecord:
    """The partner library of a request, as a scan reads it (with its terms)."""

    symbol: str
    group_name: str
    loan_days: int
    charge: Decimal


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A request as the scan desk reads it: its identity, what it shows, and its state."""

    id: int
    number: str
    version: int
    patron_id: int | None
    status_since: datetime
    title: str
    article_title: str
    journal_title: str
    location: str
    call_number: str
    state: RequestState
    patron: PartyRecord | None
    library: LenderRecord | None

    @property
    def direction(self) -> str:
        """The direction as stored (what notices and the texts compare with)."""
        return self.state.direction.value

    def stored(self) -> StoredRequest:
        """What the writer needs of it."""
        return StoredRequest(
            self.id,
            self.number,
            self.version,
            self.library.symbol if self.library else None,
            self.status_since,
        )


_REQUESTS = cast(sa.Table, Request.__table__)
_PATRONS = cast(sa.Table, Patron.__table__)
_LIBRARIES = cast(sa.Table, Library.__table__)
_ROTA = cast(sa.Table, RotaRow.__table__)
_OWN_COLUMNS = tuple(
    f.name for f in fields(RequestRecord) if f.name not in {"state", "patron", "library"}
)
_SELECTED = tuple(dict.fromkeys((*_OWN_COLUMNS, "direction", "service", "status", *STATE_COLUMNS)))
_RECORD_SELECT = (
    sa.select(
        *(_REQUESTS.c[name] for name in _SELECTED),
        _PATRONS.c.given_name.label("patron_given_name"),
        _PATRONS.c.surname.label("patron_surname"),
        _PATRONS.c.card_barcode.label("patron_card"),
        _LIBRARIES.c.symbol.label("library_symbol"),
        _LIBRARIES.c.group_name.label("library_group"),
        _LIBRARIES.c.loan_days.label("library_loan_days"),
        _LIBRARIES.c.charge.label("library_charge"),
    )
    .select_from(_REQUESTS)
    .outerjoin(_PATRONS, _REQUESTS.c.patron_id == _PATRONS.c.id)
    .outerjoin(_LIBRARIES, _REQUESTS.c.library_id == _LIBRARIES.c.id)
)
_ROTA_SELECT = (
    sa.select(_ROTA.c.symbol, _ROTA.c.answer, _ROTA.c.reason, _ROTA.c.note)
    .where(_ROTA.c.request_id == sa.bindparam("request_id"))
    .order_by(_ROTA.c.position)
)


def record_select() -> sa.Select[Any]:
    """The columns of a RequestRecord, to be narrowed with .where() and locked by callers."""
    return _RECORD_SELECT


def record_of(session: Session, row: Any) -> RequestRecord:
    """A RequestRecord from a `record_select()` row (the lender string read for borrowing)."""
    rota: tuple[RotaEntry, ...] = ()
    if row.direction == Direction.BORROWING.value:
        rota = tuple(
            RotaEntry(r.symbol, RotaAnswer(r.answer), r.reason, r.note)
            for r in session.connection().execute(_ROTA_SELECT, {"request_id": row.id})
        )
    patron = (
        PartyRecord(row.patron_given_name, row.patron_surname, row.patron_card)
        if row.patron_card is not None
        else None
    )
    library = (
        LenderRecord(
            row.library_symbol, row.library_group, row.library_loan_days, row.library_charge
        )
        if row.library_symbol is not None
        else None
    )
    return RequestRecord(
        **{name: getattr(row, name) for name in _OWN_COLUMNS},
        state=state_of(row, rota),
        patron=patron,
        library=library,
    )
