"""The columns of ILL Desk's CSV files, and how each value is written and read back.

Every value is written in a form that reads back to the same value, so an export imported again
changes nothing. A column marked optional may be missing from the file (an older export, or a
list typed by hand with only the columns that matter). A column that cannot be blank (a status,
a time, a count) reads a blank cell as "not given": the record keeps what it has, a new one
takes the default. A cell that cannot be read says what was expected, in words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from illdesk.core.address import ADDRESS_PARTS, PATRON_ADDRESS_PARTS
from illdesk.core.vocabulary import (
    BillingMethod,
    DeliveryMethod,
    Direction,
    Format,
    PatronStatus,
    PatronType,
    RotaAnswer,
    Service,
)
from illdesk.core.workflow import RotaEntry, Status
from illdesk.store import requests as repo

Parser = Callable[[str], Any]
Formatter = Callable[[Any], str]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, how a cell is read (raises ValueError) and how a value is shown."""

    name: str
    parse: Parser
    show: Formatter = str
    # A file made before the column existed may lack it; its records then keep what they have.
    optional: bool = False
    # A blank cell means "not given" (the column has no blank value), not "make it blank".
    blank_is_unset: bool = False


# ---------------------------------------------------------------- value codecs


def _text(value: str) -> str:
    return value


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError("should be a date such as 2026-03-31") from exc


def _optional_date(value: str) -> date | None:
    return _date(value) if value.strip() else None


def _show_optional(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


def _timestamp(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValueError("should be a date and time such as 2026-03-31T14:05:00+00:00") from exc
    if parsed.tzinfo is None:
        raise ValueError("should end with its time zone (for example +00:00)")
    return parsed


def _optional_amount(value: str) -> Decimal | None:
    if not value.strip():
        return None
    return _amount(value)


def _amount(value: str) -> Decimal:
    try:
        amount = Decimal(value.strip()).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError("should be an amount such as 12.50") from exc
    if amount < 0:
        raise ValueError("cannot be negative")
    return amount


def _count(value: str) -> int:
    try:
        number = int(value.strip())
    except ValueError as exc:
        raise ValueError("should be a whole number") from exc
    if number < 0:
        raise ValueError("cannot be negative")
    return number


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"yes", "true", "1"}:
        return True
    if lowered in {"no", "false", "0", ""}:
        return False
    raise ValueError("should be yes or no")


def _show_flag(value: Any) -> str:
    return "yes" if value else "no"


def _one_of(kind: type[Any], value: str) -> str:
    try:
        return str(kind(value.strip()).value)
    except ValueError as exc:
        words = ", ".join(str(member.value) for member in kind)
        raise ValueError(f"should be one of: {words}") from exc


def _choice(kind: type[Any]) -> Parser:
    def parse(value: str) -> str:
        return _one_of(kind, value)

    return parse


def _methods(value: str) -> str:
    return ",".join(_one_of(DeliveryMethod, m) for m in value.split(",") if m.strip())


def _rota_text(rota: Sequence[RotaEntry]) -> str:
    return "|".join(f"{e.symbol}:{e.answer.value}:{e.reason}" for e in rota)


def _rota(value: str) -> tuple[RotaEntry, ...]:
    entries = []
    for part in filter(None, value.split("|")):
        symbol, answer, reason = [*part.split(":"), "", ""][:3]
        if not symbol.strip():
            raise ValueError("should give each lender's symbol (SYMBOL:answer:reason, | between)")
        answered = RotaAnswer(_one_of(RotaAnswer, answer or "not_asked"))
        entries.append(RotaEntry(symbol.strip().upper(), answered, reason))
    return tuple(entries)


# ---------------------------------------------------------------- columns

# A request file needs only `direction`; a new request also needs a title, and the patron's
# card (borrowing) or the borrowing library's symbol (lending) (services/admin/request_import).
_REQUEST_FIELDS: tuple[Column, ...] = (
    Column("number", _text),
    Column("direction", _choice(Direction), blank_is_unset=True),
    Column("service", _choice(Service), blank_is_unset=True),
    Column("format", _choice(Format), blank_is_unset=True),
    Column("status", _choice(Status), blank_is_unset=True),
    Column("created_at", _timestamp, _show_optional, blank_is_unset=True),
    Column("status_since", _timestamp, _show_optional, blank_is_unset=True),
    Column("updated_at", _timestamp, _show_optional, blank_is_unset=True),
    Column("source", _text),
    *(Column(name, _text) for name in repo.CITATION_COLUMNS),
    Column("call_number", _text),
    Column("location", _text),
    Column("patron_card", _text),
    Column("library_symbol", _text),
    Column("lenders", _rota, _rota_text),
    Column("lender_reference", _text),
    Column("need_before", _optional_date, _show_optional),
    Column("max_cost", _optional_amount, _show_optional),
    Column("charge", _optional_amount, _show_optional),
    Column("lender_due_date", _optional_date, _show_optional),
    Column("patron_due_date", _optional_date, _show_optional),
    Column("renewals", _count, blank_is_unset=True),
    Column("renewal_pending", _flag, _show_flag, blank_is_unset=True),
    Column("recalled", _flag, _show_flag, blank_is_unset=True),
    Column("damaged", _flag, _show_flag, blank_is_unset=True),
    Column("copyright_code", _text),
    Column("conditions", _text),
    Column("reason", _text),
    Column("restrictions", _text),
    Column("item_barcode", _text),
    Column("temp_barcode", _text),
    Column("note", _text),
    Column("patron_note", _text),
    # Read-only facts of the packages the request went in ("|" between packages, same order
    # in both): exported for staff, ignored on import.
    Column("package_numbers", _text),
    Column("tracking_numbers", _text),
)
REQUEST_COLUMNS: tuple[Column, ...] = tuple(
    replace(column, optional=column.name != "direction") for column in _REQUEST_FIELDS
)

# A patron or library file needs only the card or the symbol; a new record also needs its
# surname or name (services/admin/transfer), and takes the desk's defaults for the rest.
_PATRON_FIELDS: tuple[Column, ...] = (
    Column("card_barcode", _text),
    Column("surname", _text),
    Column("given_name", _text),
    Column("email", _text),
    Column("phone", _text),
    Column("patron_type", _choice(PatronType), blank_is_unset=True),
    Column("department", _text),
    Column("pickup_location", _text),
    Column("status", _choice(PatronStatus), blank_is_unset=True),
    Column("note", _text),
    *(Column(f"mail_{part}", _text) for part in PATRON_ADDRESS_PARTS),
)
PATRON_COLUMNS: tuple[Column, ...] = tuple(
    replace(column, optional=column.name != "card_barcode") for column in _PATRON_FIELDS
)

_LIBRARY_FIELDS: tuple[Column, ...] = (
    Column("symbol", _text),
    Column("name", _text),
    Column("email", _text),
    Column("phone", _text),
    Column("group_name", _text),
    Column("delivery_methods", _methods, blank_is_unset=True),
    Column("courier_route", _text),
    Column("courier_stop", _text),
    Column("loan_days", _count, blank_is_unset=True),
    Column("charge", _amount, blank_is_unset=True),
    Column("renewals_allowed", _count, blank_is_unset=True),
    Column("billing_method", _choice(BillingMethod), blank_is_unset=True),
    Column("barcode_scheme", _text),
    Column("barcode_institution", _text),
    Column("note", _text),
    Column("active", _flag, _show_flag, blank_is_unset=True),
    *(Column(f"ship_{part}", _text) for part in ADDRESS_PARTS),
    *(Column(f"bill_{part}", _text) for part in ADDRESS_PARTS),
)
LIBRARY_COLUMNS: tuple[Column, ...] = tuple(
    replace(column, optional=column.name != "symbol") for column in _LIBRARY_FIELDS
)

COLUMNS = {"requests": REQUEST_COLUMNS, "patrons": PATRON_COLUMNS, "libraries": LIBRARY_COLUMNS}
KEYS = {"requests": "number", "patrons": "card_barcode", "libraries": "symbol"}
