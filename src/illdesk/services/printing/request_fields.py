"""How a stored request reads on paper: its title, its patron, its lender, its restrictions, our
return address; shared by the slips and the package documents."""

from __future__ import annotations

import re
from datetime import date

from illdesk.core.address import PostalAddress
from illdesk.core.vocabulary import Service
from illdesk.printing.model import (
    PatronPrivacy,
)
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.store import requests as repo
from illdesk.store.facility_schema import Facility
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Request, Shipment
from illdesk.store.unit_of_work import UnitOfWork

_LIBRARY_USE = re.compile(r"^(in[- ])?library use only$|^use in library only$")
_NO_RENEWALS = re.compile(r"^no renewals?( allowed)?$|^not renewable$")


def split_restrictions(text: str) -> tuple[bool, bool, tuple[str, ...]]:
    """Lender restrictions as typed at receiving: (library use only, no renewals, the rest).

    Staff type them freely ("Library use only; no renewals"), so the two restrictions that get
    their own black bar are recognised whatever the case or punctuation, and anything else is
    kept word for word.
    """
    library_use = no_renewals = False
    others: list[str] = []
    for part in re.split(r"[;,\n]+|\.\s+", text):
        words = " ".join(part.strip().rstrip(".!").split())
        if not words:
            continue
        key = words.casefold()
        if _LIBRARY_USE.match(key):
            library_use = True
        elif _NO_RENEWALS.match(key):
            no_renewals = True
        else:
            others.append(words)
    return library_use, no_renewals, tuple(others)


def restriction_texts(text: str) -> tuple[str, ...]:
    library_use, no_renewals, others = split_restrictions(text)
    fixed = ("Library use only",) * library_use + ("No renewals",) * no_renewals
    return (*fixed, *others)


def patron_name_and_card(req: Request) -> tuple[str, str]:
    """(name as "Surname, Given", card number) of a borrowing request's patron."""
    patron = req.patron
    if patron is None:
        raise InvalidInput(f"{req.number} has no patron: there is nobody to print it for.")
    name = f"{patron.surname}, {patron.given_name}" if patron.given_name else patron.surname
    return name, patron.card_barcode


def facility_of(uow: UnitOfWork, req: Request) -> Facility | None:
    """The correctional facility the request's patron is inside (None for anyone else)."""
    patron = req.patron
    if patron is None or patron.facility_id is None:
        return None
    return uow.session.get(Facility, patron.facility_id)


def inmate_and_routing(facility: Facility, req: Request) -> tuple[str, str]:
    """What a slip for an item going into a facility carries: the person's name with their
    inmate number (always named: the facility sorts its mail by both), and where it goes (the
    facility and its routing line)."""
    name, _card = patron_name_and_card(req)
    number = req.patron.inmate_number if req.patron else ""
    routing = f"{facility.name} — {facility.routing}" if facility.routing else facility.name
    return (f"{name} #{number}" if number else name), routing


def patron_privacy(uow: UnitOfWork) -> PatronPrivacy:
    show_name = library_settings.load(uow).band_shows_patron_name
    return PatronPrivacy.NAME if show_name else PatronPrivacy.ID_ONLY


def title_of(req: Request) -> str:
    """What staff look for: the book's title, or the article and where it sits in the journal."""
    if req.service != Service.COPY.value or not req.journal_title:
        return req.title or req.article_title or req.journal_title
    where = ", ".join(
        part
        for part in (
            req.journal_title,
            f"vol. {req.volume}" if req.volume else "",
            f"no. {req.issue}" if req.issue else "",
            f"pp. {req.pages}" if req.pages else "",
            req.year,
        )
        if part
    )
    return f"{where}: {req.article_title}" if req.article_title else where


def lender_of(uow: UnitOfWork, req: Request) -> str:
    current = repo.to_state(req).current_lender
    if current is None:
        return ""
    library = library_by_symbol(uow.session, current.symbol)
    return f"{library.name} ({library.symbol})" if library else current.symbol


def home_and_return_address(uow: UnitOfWork) -> tuple[library_settings.HomeLibrary, PostalAddress]:
    """The home library and its return address, named even when the address lacks a name."""
    home = library_settings.load(uow).home
    address = home.address
    if not address.name:
        address = PostalAddress(
            name=home.name,
            department=address.department,
            street=address.street,
            street2=address.street2,
            city=address.city,
            region=address.region,
            postal_code=address.postal_code,
            country=address.country,
        )
    return home, address


def require_addresses(sender: PostalAddress, recipient: PostalAddress, symbol: str) -> None:
    if not (sender.street or sender.street2) or not sender.city:
        raise InvalidInput(
            "Our own library's postal address is not set up, so a label would have no return "
            "address. Fill it in under Settings → Home library first.",
            "address",
        )
    if not (recipient.street or recipient.street2) or not recipient.city:
        raise InvalidInput(
            f"{symbol} has no shipping address in the directory: add it to the library's "
            "record before printing its label.",
            "address",
        )


def local_date(uow: UnitOfWork, shipment: Shipment) -> date:
    moment = shipment.shipped_at or shipment.created_at
    # Same local-time reading as UnitOfWork.today(), so the slip's date matches the desk's.
    return moment.astimezone().date() if moment else uow.today()
