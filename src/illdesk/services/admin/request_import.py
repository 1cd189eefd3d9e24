"""One line of a request CSV file made into a request: added, or an existing one updated.

A line needs only what it changes. For a request that exists (its number is in the file and
here), a column the file lacks, or a blank cell in a column that has no blank value, keeps what
is stored. A new request takes what the desk would give it (status New, made now, loan of a book
or copy of an article, no renewals) and, like one entered at the desk, needs a title and the
patron's card (borrowing) or the borrowing library's symbol (lending). Every refusal names the
column, in words an ILL office reads; the caller adds the line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from illdesk.core import state_codec
from illdesk.core.citation import Citation, CitationError, clean
from illdesk.core.numbers import normalize_number
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.core.workflow import STATUSES, Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.csv_columns import REQUEST_COLUMNS
from illdesk.services.errors import InvalidInput
from illdesk.services.rules import arrival
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol, patron_by_card
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

# Request columns written as they are read (the citation, the patron, the library and the
# lender string are written their own way; the package columns are facts, never imported).
PLAIN_COLUMNS: tuple[str, ...] = tuple(
    column.name
    for column in REQUEST_COLUMNS
    if column.name not in {*repo.CITATION_COLUMNS, "number", "patron_card", "library_symbol"}
    and column.name not in {"lenders", "package_numbers", "tracking_numbers"}
)
# A new request's value for a column the line leaves out ("" for the text columns).
NEW_REQUEST_DEFAULTS: Mapping[str, Any] = {
    "status": Status.NEW.value,
    "source": "import",
    "need_before": None,
    "max_cost": None,
    "charge": None,
    "lender_due_date": None,
    "patron_due_date": None,
    "renewals": 0,
    "renewal_pending": False,
    "recalled": False,
    "damaged": False,
}
COPY_FORMATS = frozenset({Format.ARTICLE.value, Format.CHAPTER.value})


def request_values(req: Request) -> dict[str, Any]:
    """A stored request as the values of its CSV columns (without the package columns)."""
    values = {c.name: getattr(req, c.name, None) for c in REQUEST_COLUMNS}
    values["patron_card"] = req.patron.card_barcode if req.patron else ""
    values["library_symbol"] = req.library.symbol if req.library else ""
    values["lenders"] = repo.to_state(req).rota
    return values


def import_request(uow: UnitOfWork, given: dict[str, Any]) -> str:
    """Add or update the request of one line: "created", "updated" or "unchanged"."""
    session = uow.session
    number = _number(given.get("number", ""))
    req = repo.by_number(session, number) if number else None
    before = request_values(req) if req is not None else None
    values = {**(before or _new_request_values(uow, given)), **given}
    direction = Direction(values["direction"])
    if Status(values["status"]) not in STATUSES[direction]:
        raise InvalidInput(f"status “{values['status']}” is not a {direction.value} status")
    citation = _citation(values)
    patron = _patron(session, values, direction)
    library = _library(session, values)
    if req is None and direction is Direction.LENDING and library is None:
        raise InvalidInput(
            "library_symbol is blank: a lending request needs the borrowing library's symbol"
        )
    created = req is None
    if req is None:
        req = Request(number=number or _next_number(uow, direction), rota=[])
        session.add(req)
    for name in PLAIN_COLUMNS:
        if getattr(req, name, None) != values[name]:
            setattr(req, name, values[name])
    repo.set_citation(req, citation)
    req.patron = patron
    req.library = library
    repo.write_rota(req, values["lenders"])
    session.flush()
    if before is not None and before == request_values(req):
        return "unchanged"
    repo.record_event(
        uow,
        req,
        "import",
        from_status=before["status"] if before else "",
        to_status=req.status,
        details={"state": state_codec.encode_state(repo.to_state(req)), "file": "csv"},
    )
    # An import sets the stored times as they were in the file (or now, for a file without).
    req.updated_at = given.get("updated_at", uow.now() if before else values["updated_at"])
    if created:
        arrival.on_entry(uow, req)  # a borrowed copy counts; a lending request is routed
    return "created" if created else "updated"


def _number(text: str) -> str:
    if not text.strip():
        return ""
    number = normalize_number(text)
    if number is None:
        raise InvalidInput(f"number “{text}” is not a request number such as B-26-000123")
    return number


def _new_request_values(uow: UnitOfWork, given: Mapping[str, Any]) -> dict[str, Any]:
    """What a new request has where its line says nothing."""
    if "direction" not in given:
        raise InvalidInput("direction is blank: a new request is borrowing or lending")
    article = bool(str(given.get("article_title", "")) or str(given.get("journal_title", "")))
    fmt = given.get("format") or (Format.ARTICLE if article else Format.BOOK).value
    service = (Service.COPY if fmt in COPY_FORMATS else Service.LOAN).value
    made = given.get("created_at", uow.now())
    values: dict[str, Any] = {name: "" for name in (c.name for c in REQUEST_COLUMNS)}
    values.update(NEW_REQUEST_DEFAULTS)
    values.update(
        format=fmt,
        service=service,
        created_at=made,
        status_since=given.get("status_since", made),
        updated_at=given.get("updated_at", made),
        lenders=(),
    )
    return values


def _citation(values: Mapping[str, Any]) -> Citation:
    try:
        citation = clean(Citation(**{name: values[name] for name in repo.CITATION_COLUMNS}))
    except CitationError as exc:
        raise InvalidInput(f"{exc.field}: {exc}") from exc
    if not citation.display_title:
        raise InvalidInput("title is blank: a request needs a title (or an article title)")
    return citation


def _patron(session: Any, values: Mapping[str, Any], direction: Direction) -> Patron | None:
    card = str(values["patron_card"]).strip()
    if not card:
        if direction is Direction.BORROWING:
            raise InvalidInput("patron_card is blank: a borrowing request needs the patron's card")
        return None
    patron = patron_by_card(session, card)
    if patron is None:
        raise InvalidInput(f"patron_card: no patron has the card {card} (import the patrons first)")
    return patron


def _library(session: Any, values: Mapping[str, Any]) -> Library | None:
    symbol = str(values["library_symbol"]).strip()
    if not symbol:
        return None
    library = library_by_symbol(session, symbol)
    if library is None:
        raise InvalidInput(
            f"library_symbol: no partner library has the symbol {symbol} "
            "(import the libraries first)"
        )
    return library


def _next_number(uow: UnitOfWork, direction: Direction) -> str:
    settings = library_settings.load(uow)
    prefix = (
        settings.borrowing_prefix if direction is Direction.BORROWING else settings.lending_prefix
    )
    return repo.next_number(uow.session, prefix, uow.today().year)
