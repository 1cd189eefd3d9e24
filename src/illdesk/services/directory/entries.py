"""Patrons, partner libraries and staff: find, create, change, block."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from illdesk.core.address import (
    PATRON_ADDRESS_PARTS,
    PostalAddress,
    is_country_code,
    missing_lines,
)
from illdesk.core.roles import Permission, Role
from illdesk.core.vocabulary import BillingMethod, DeliveryMethod, PatronStatus, PatronType
from illdesk.services.access.permissions import forget_in_force, require
from illdesk.services.desk.mapping import library_view, patron_view, set_address
from illdesk.services.desk.views import LibraryView, PatronView, StaffView
from illdesk.services.errors import Conflict, InvalidInput, NotFound
from illdesk.store.lookups import library_by_symbol, patron_by_card
from illdesk.store.schema import Library, Patron, Staff
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class PatronInput:
    """A patron as entered at the desk."""

    card_barcode: str
    surname: str
    given_name: str = ""
    email: str = ""
    phone: str = ""
    patron_type: PatronType = PatronType.COMMUNITY
    department: str = ""
    pickup_location: str = ""
    status: PatronStatus = PatronStatus.ACTIVE
    note: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)


@dataclass(frozen=True, slots=True)
class LibraryInput:
    """A partner library as entered in the directory."""

    symbol: str
    name: str
    email: str = ""
    phone: str = ""
    group_name: str = ""
    delivery_methods: tuple[DeliveryMethod, ...] = (DeliveryMethod.LIBRARY_MAIL,)
    courier_route: str = ""
    courier_stop: str = ""
    loan_days: int = 28
    charge: Decimal = Decimal("0.00")
    renewals_allowed: int = 1
    billing_method: BillingMethod = BillingMethod.FREE
    barcode_scheme: str = ""
    barcode_institution: str = ""
    shipping_address: PostalAddress = field(default_factory=PostalAddress)
    billing_address: PostalAddress = field(default_factory=PostalAddress)
    note: str = ""
    active: bool = True


Record = TypeVar("Record", Patron, Library)


def _stored(
    uow: UnitOfWork, kind: type[Record], record_id: int, expected_version: int, noun: str
) -> Record:
    """The record being edited, refused if it is gone or someone changed it meanwhile."""
    found = uow.session.get(kind, record_id)
    if found is None:
        raise NotFound(f"That {noun} no longer exists.")
    if found.version != expected_version:
        raise Conflict(f"Someone else changed this {noun} meanwhile. Reload it.")
    return found


# ---------------------------------------------------------------- patrons


def checked_patron_address(address: PostalAddress) -> PostalAddress:
    """A patron's postal address trimmed, its country in capitals; refused when it is filled in
    only in part (a label needs street, city and postal code) or the country is not a code."""
    lines = {part: getattr(address, part).strip() for part in PATRON_ADDRESS_PARTS}
    tidy = PostalAddress(**{**lines, "country": lines["country"].upper() or "US"})
    missing = missing_lines(tidy)
    if missing:
        *others, last = missing
        words = f"{', '.join(others)} and {last}" if others else last
        raise InvalidInput(
            f"The postal address is missing the {words}. Items are mailed only to a street, "
            "city and postal code; clear every line of the address if the patron collects "
            "items at the desk.",
            "address",
        )
    if not is_country_code(tidy.country):
        raise InvalidInput(
            f"The country of the postal address is a two-letter code such as US, CA or GB, "
            f"not “{tidy.country}”.",
            "address",
        )
    return tidy


def save_patron(
    uow: UnitOfWork, data: PatronInput, *, patron_id: int | None = None, expected_version: int = 0
) -> PatronView:
    """Create a patron, or change one (refused if someone else changed it meanwhile)."""
    card = data.card_barcode.strip()
    if not card:
        raise InvalidInput("A patron needs a library card number.", "card_barcode")
    if not data.surname.strip():
        raise InvalidInput("A patron needs a surname (or a single name).", "surname")
    address = checked_patron_address(data.address)
    with uow:
        if patron_id is None:
            patron = Patron(created_at=uow.now())
            uow.session.add(patron)
        else:
            patron = _stored(uow, Patron, patron_id, expected_version, "patron")
        patron.card_barcode = card
        patron.surname = data.surname.strip()
        patron.given_name = data.given_name.strip()
        patron.email = data.email.strip()
        patron.phone = data.phone.strip()
        patron.patron_type = PatronType(data.patron_type).value
        patron.department = data.department.strip()
        patron.pickup_location = data.pickup_location.strip()
        patron.status = PatronStatus(data.status).value
        patron.note = data.note
        set_address(patron, "mail", address, PATRON_ADDRESS_PARTS)
        try:
            uow.session.flush()
        except IntegrityError as exc:
            raise InvalidInput(
                f"Another patron already has the card {card}.", "card_barcode"
            ) from exc
        view = patron_view(patron)
        uow.commit()
    return view


def find_patron(uow: UnitOfWork, card_barcode: str) -> PatronView:
    """The patron with this card."""
    with uow:
        patron = patron_by_card(uow.session, card_barcode)
        if patron is None:
            raise NotFound(f"No patron has the card {card_barcode}.")
        return patron_view(patron)


def search_patrons(uow: UnitOfWork, text: str, limit: int = 50) -> list[PatronView]:
    """Patrons whose card matches exactly or whose surname starts with the text."""
    text = text.strip()
    with uow:
        rows = uow.session.scalars(
            sa.select(Patron)
            .where(sa.or_(Patron.card_barcode == text, Patron.surname.ilike(f"{text}%")))
            .order_by(Patron.surname, Patron.given_name)
            .limit(limit)
        ).all()
        return [patron_view(p) for p in rows]


def set_patron_status(
    uow: UnitOfWork,
    card_barcode: str,
    status: PatronStatus,
    *,
    expected_version: int | None = None,
) -> PatronView:
    """Block, unblock or expire a patron (refused if the record changed since it was shown)."""
    with uow:
        patron = patron_by_card(uow.session, card_barcode)
        if patron is None:
            raise NotFound(f"No patron has the card {card_barcode}.")
        if expected_version is not None and patron.version != expected_version:
            raise Conflict("Someone else changed this patron meanwhile. Reload it.")
        patron.status = PatronStatus(status).value
        uow.session.flush()
        view = patron_view(patron)
        uow.commit()
    return view


# ---------------------------------------------------------------- libraries


def save_library(
    uow: UnitOfWork, data: LibraryInput, *, library_id: int | None = None, expected_version: int = 0
) -> LibraryView:
    """Create a partner library, or change one (refused on a concurrent change)."""
    symbol = data.symbol.strip().upper()
    if not symbol or " " in symbol:
        raise InvalidInput("A library symbol is one word, such as ORE or US-OrPCC.", "symbol")
    if not data.name.strip():
        raise InvalidInput("A library needs a name.", "name")
    institution = data.barcode_institution.strip()
    if institution and not (len(institution) == 4 and institution.isdigit()):
        raise InvalidInput(
            "The barcode institution is the four digits after the first one of the library's "
            "14-digit barcodes, e.g. 1234.",
            "barcode_institution",
        )
    if data.loan_days < 1 or data.renewals_allowed < 0 or data.charge < 0:
        raise InvalidInput("Loan days, renewals and charge cannot be negative.", "terms")
    with uow:
        if library_id is None:
            library = Library()
            uow.session.add(library)
        else:
            library = _stored(uow, Library, library_id, expected_version, "library")
        library.symbol = symbol
        library.name = data.name.strip()
        library.email = data.email.strip()
        library.phone = data.phone.strip()
        library.group_name = data.group_name.strip()
        library.delivery_methods = ",".join(DeliveryMethod(m).value for m in data.delivery_methods)
        library.courier_route = data.courier_route.strip()
        library.courier_stop = data.courier_stop.strip()
        library.loan_days = data.loan_days
        library.charge = data.charge
        library.renewals_allowed = data.renewals_allowed
        library.billing_method = BillingMethod(data.billing_method).value
        library.barcode_scheme = data.barcode_scheme
        library.barcode_institution = institution
        library.note = data.note
        library.active = data.active
        set_address(library, "ship", data.shipping_address)
        set_address(library, "bill", data.billing_address)
        try:
            uow.session.flush()
        except IntegrityError as exc:
            raise InvalidInput(
                f"Another library already has the symbol {symbol}.", "symbol"
            ) from exc
        view = library_view(library)
        uow.commit()
    uow.db.forget("barcode_schemes")
    return view


def find_library(uow: UnitOfWork, symbol: str) -> LibraryView:
    """The partner library with this symbol."""
    with uow:
        library = library_by_symbol(uow.session, symbol)
        if library is None:
            raise NotFound(f"No partner library has the symbol {symbol}.")
        return library_view(library)


def list_libraries(uow: UnitOfWork) -> list[LibraryView]:
    """Every partner library, by symbol."""
    with uow:
        rows = uow.session.scalars(sa.select(Library).order_by(Library.symbol)).all()
        return [library_view(lib) for lib in rows]


# ---------------------------------------------------------------- staff


def add_staff(uow: UnitOfWork, name: str, initials: str = "", role: str = "staff") -> StaffView:
    """Add a member of staff to the list people pick themselves from (a supervisor's job
    once sign-in is in force); `role` is student, staff or supervisor."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Staff need a name.", "name")
    try:
        role_code = Role.parse(role).code
    except ValueError as exc:
        raise InvalidInput(str(exc), "role") from exc
    with uow:
        require(uow, Permission.MANAGE_STAFF)
        staff = Staff(
            name=name,
            initials=initials or "".join(w[0] for w in name.split()).upper(),
            role=role_code,
            active=True,
            created_at=uow.now(),
        )
        uow.session.add(staff)
        try:
            uow.session.flush()
        except IntegrityError as exc:
            raise InvalidInput(f"{name} is already on the staff list.", "name") from exc
        view = StaffView(staff.id, staff.name, staff.initials, staff.role, staff.active)
        uow.commit()
    forget_in_force(uow)
    return view


def list_staff(uow: UnitOfWork) -> list[StaffView]:
    """The staff list, active first."""
    with uow:
        rows = uow.session.scalars(sa.select(Staff).order_by(Staff.active.desc(), Staff.name))
        return [StaffView(s.id, s.name, s.initials, s.role, s.active) for s in rows]
