"""Find the record a scanned barcode names, tolerant of what printing and scanners change.

A scan is compared with the stored value exactly (the column's own index) and with the
upper-case forms of :func:`illdesk.core.barcode_forms.lookup_keys` against ``upper(column)``
(an expression index, migration 0009, on SQLite and PostgreSQL alike). So an item barcode
stored in lower case and read back upper case from Code 39, or stored with Codabar start/stop
letters and read back without them, is still found, in one indexed query.

The statements are built once: the scanning desk runs one per scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.barcode_forms import CODABAR_START_STOP, library_id_from_label, lookup_keys
from illdesk.store.schema import Library, Patron, Request, Shipment

__all__ = [
    "find_finished_request",
    "find_library_by_label",
    "find_open_request_row",
    "find_package",
    "find_patron_by_card",
    "scan_params",
    "tolerant_match",
    "upper_case_match",
]

_REQUESTS = Request.__table__.c
_PATRONS = Patron.__table__.c


# The most forms `lookup_keys` gives: the scan, without its AIM prefix, without Codabar
# start/stop letters, and the data with each start/stop pair. The forms go in as this many
# fixed parameters (the unused ones repeat the first), so each statement is compiled once: an
# "expanding" IN list was rendered again on every scan and cost as much as the query.
KEY_SLOTS = 3 + len(CODABAR_START_STOP) ** 2
_KEYS: list[sa.BindParameter[str]] = [sa.bindparam(f"key{slot}") for slot in range(KEY_SLOTS)]


def tolerant_match(column: Any) -> sa.ColumnElement[bool]:
    """``column`` holds the scan exactly (``:text``), or one of its upper-case forms."""
    return sa.or_(column == sa.bindparam("text"), sa.func.upper(column).in_(_KEYS))


def scan_params(text: str, number: str | None = None) -> dict[str, object]:
    """The parameters of the statements here for a clean scan (and its request number)."""
    keys = lookup_keys(text) or (text,)
    if len(keys) > KEY_SLOTS:  # lookup_keys never gives more; a change there must come here
        raise ValueError(f"{len(keys)} barcode forms for {KEY_SLOTS} slots")
    params: dict[str, object] = {"text": text}
    for slot in range(KEY_SLOTS):
        params[f"key{slot}"] = keys[slot] if slot < len(keys) else keys[0]
    if number is not None:
        params["number"] = number
    return params


def upper_case_match(column: Any) -> sa.ColumnElement[bool]:
    """Like :func:`tolerant_match` for a column stored in upper case (package numbers, library
    symbols): the column's own index answers."""
    return sa.or_(column == sa.bindparam("text"), column.in_(_KEYS))


_REQUEST_BARCODE = sa.or_(
    tolerant_match(_REQUESTS.item_barcode), tolerant_match(_REQUESTS.temp_barcode)
)


@lru_cache(maxsize=8)
def _open_request_statement(
    base: sa.Select[Any], active: tuple[str, ...], by_number: bool
) -> sa.Select[Any]:
    is_number = _REQUESTS.number == sa.bindparam("number")
    is_active = _REQUESTS.status.in_(active)
    if by_number:
        # One OR of indexed lookups, then the status test: a number match wins.
        statement = base.where(
            sa.or_(is_number, _REQUEST_BARCODE), sa.or_(is_number, is_active)
        ).order_by(sa.case((is_number, 0), else_=1), _REQUESTS.id.desc())
    else:
        statement = base.where(_REQUEST_BARCODE, is_active).order_by(_REQUESTS.id.desc())
    return statement.limit(1).with_for_update(of=Request.__table__)


def find_open_request_row(
    session: Session,
    base: sa.Select[Any],
    active: Sequence[str],
    text: str,
    number: str | None,
) -> Any | None:
    """The newest open request whose barcode (or request number) the scan names, locked.

    ``base`` is the select of the columns wanted (built once by the caller); ``active`` the
    statuses that count as open. A request number given wins over a barcode match.
    """
    statement = _open_request_statement(base, tuple(active), number is not None)
    return session.connection().execute(statement, scan_params(text, number)).first()


_FINISHED = sa.select(Request).where(_REQUEST_BARCODE).order_by(Request.id.desc()).limit(1)


def find_finished_request(session: Session, text: str) -> Request | None:
    """The newest request, in any status, whose barcode the scan names."""
    return session.scalars(_FINISHED, scan_params(text)).first()


_PATRON_ID_BY_CARD = sa.select(_PATRONS.id).where(tolerant_match(_PATRONS.card_barcode))


def find_patron_by_card(session: Session, card: str) -> Patron | None:
    """The patron whose library card the scan is (only the id is looked for first: most
    scans are items, not cards)."""
    found = session.connection().execute(_PATRON_ID_BY_CARD, scan_params(card)).scalar()
    return None if found is None else session.get(Patron, found)


_PACKAGE = sa.select(Shipment).where(upper_case_match(Shipment.__table__.c.number)).limit(1)


def find_package(session: Session, text: str) -> Shipment | None:
    """The package whose number the scan is (labels and packing slips carry it)."""
    return session.scalars(_PACKAGE, scan_params(text)).first()


_LIBRARY = sa.select(Library).where(upper_case_match(Library.__table__.c.symbol)).limit(1)


def find_library_by_label(session: Session, text: str) -> Library | None:
    """The partner library a mailing label's barcode names: its symbol, or ``LIBRARY-<id>``
    for a symbol Code 128 cannot carry (see :mod:`illdesk.core.barcode_forms`)."""
    library = session.scalars(_LIBRARY, scan_params(text)).first()
    if library is not None:
        return library
    library_id = library_id_from_label(text)
    return None if library_id is None else session.get(Library, library_id)
