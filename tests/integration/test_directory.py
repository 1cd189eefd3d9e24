"""Patrons, partner libraries and staff: validation, uniqueness and concurrent changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from illdesk.core.address import PostalAddress
from illdesk.core.vocabulary import PatronStatus, PatronType
from illdesk.services.directory import entries as directory
from illdesk.services.errors import Conflict, InvalidInput, NotFound


def test_patron_rules_and_blocking_with_a_stale_view(uow) -> None:
    made = directory.save_patron(
        uow(),
        directory.PatronInput(
            "21234000055556", "Quispe", "Rosa", patron_type=PatronType.CORRECTIONAL
        ),
    )
    assert made.display_name == "Quispe, Rosa" and made.patron_type == "correctional"
    with pytest.raises(InvalidInput, match="already has the card"):
        directory.save_patron(uow(), directory.PatronInput("21234000055556", "Other"))
    with pytest.raises(InvalidInput, match="surname"):
        directory.save_patron(uow(), directory.PatronInput("21234000099999", " "))
    edited = directory.save_patron(
        uow(),
        directory.PatronInput("21234000055556", "Quispe", "Rosa María"),
        patron_id=made.id,
        expected_version=made.version,
    )
    with pytest.raises(Conflict):
        directory.set_patron_status(
            uow(), made.card_barcode, PatronStatus.BLOCKED, expected_version=made.version
        )
    blocked = directory.set_patron_status(
        uow(), made.card_barcode, PatronStatus.BLOCKED, expected_version=edited.version
    )
    assert blocked.status == "blocked" and blocked.given_name == "Rosa María"
    assert [p.card_barcode for p in directory.search_patrons(uow(), "quis")] == [made.card_barcode]
    with pytest.raises(NotFound):
        directory.find_patron(uow(), "0000")


def test_library_symbols_terms_and_addresses(uow) -> None:
    address = PostalAddress(
        name="Bibliothèque municipale",
        street="30 bd Vivier-Merle",
        city="Lyon",
        postal_code="69003",
        country="fr",
    )
    lib = directory.save_library(
        uow(),
        directory.LibraryInput(
            "bml",
            "Bibliothèque municipale de Lyon",
            charge=Decimal("12.50"),
            shipping_address=address,
        ),
    )
    assert lib.symbol == "BML" and lib.shipping_address.country == "FR"
    assert directory.find_library(uow(), "bml").charge == Decimal("12.50")
    with pytest.raises(InvalidInput, match="one word"):
        directory.save_library(uow(), directory.LibraryInput("B M L", "X"))
    with pytest.raises(InvalidInput, match="cannot be negative"):
        directory.save_library(uow(), directory.LibraryInput("NEG", "X", loan_days=0))
    with pytest.raises(InvalidInput, match="already has the symbol"):
        directory.save_library(uow(), directory.LibraryInput("BML", "Twin"))
    stale = lib.version
    directory.save_library(
        uow(), directory.LibraryInput("BML", "Lyon"), library_id=lib.id, expected_version=stale
    )
    with pytest.raises(Conflict):
        directory.save_library(
            uow(),
            directory.LibraryInput("BML", "Lyon 2"),
            library_id=lib.id,
            expected_version=stale,
        )


def test_staff_list(uow) -> None:
    directory.add_staff(uow(), "  Mei   Lin ")
    with pytest.raises(InvalidInput, match="already on the staff list"):
        directory.add_staff(uow(), "Mei Lin")
    assert [(s.name, s.initials) for s in directory.list_staff(uow())] == [("Mei Lin", "ML")]


def test_patron_mailing_address_is_stored_changed_and_cleared(uow) -> None:
    typed = PostalAddress(
        street=" 1200 Cook St ",
        street2="Apt 4",
        city="Victoria",
        region="BC",
        postal_code="V8V 3Z2",
        country="ca",
    )
    made = directory.save_patron(
        uow(), directory.PatronInput("21234000055556", "Quispe", "Rosa", address=typed)
    )
    stored = PostalAddress(
        street="1200 Cook St",
        street2="Apt 4",
        city="Victoria",
        region="BC",
        postal_code="V8V 3Z2",
        country="CA",
    )
    assert made.address == stored
    assert directory.find_patron(uow(), "21234000055556").address == stored
    moved = PostalAddress(
        street="82911 Beach Access Road", city="Umatilla", region="OR", postal_code="97882"
    )
    edited = directory.save_patron(
        uow(),
        directory.PatronInput("21234000055556", "Quispe", "Rosa", address=moved),
        patron_id=made.id,
        expected_version=made.version,
    )
    assert directory.search_patrons(uow(), "quispe")[0].address == moved
    cleared = directory.save_patron(
        uow(),
        directory.PatronInput("21234000055556", "Quispe", "Rosa"),
        patron_id=made.id,
        expected_version=edited.version,
    )
    assert cleared.address.is_empty
    assert directory.find_patron(uow(), "21234000055556").address == PostalAddress()


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (PostalAddress(street="12 Elm St"), "missing the city and postal code"),
        (PostalAddress(region="OR"), "missing the street, city and postal code"),
        (PostalAddress(street="12 Elm St", city="Bend", region="OR"), "missing the postal code"),
        (
            PostalAddress(street="12 Elm St", city="Bend", postal_code="97701", country="USA"),
            "two-letter code such as US, CA or GB, not “USA”",
        ),
        (
            PostalAddress(street="12 Elm St", city="Bend", postal_code="97701", country="1A"),
            "two-letter code",
        ),
    ],
)
def test_a_half_filled_mailing_address_is_refused_in_words(uow, address, message) -> None:
    with pytest.raises(InvalidInput, match=message) as refused:
        directory.save_patron(
            uow(), directory.PatronInput("21234000055556", "Quispe", address=address)
        )
    assert refused.value.field == "address"
    assert directory.search_patrons(uow(), "21234000055556") == []
