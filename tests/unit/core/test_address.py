"""What makes a postal address empty, incomplete or complete, and what a country code is."""

from __future__ import annotations

import pytest

from illdesk.core.address import PostalAddress, is_country_code, missing_lines


def test_an_address_is_empty_until_a_line_is_filled_in() -> None:
    assert PostalAddress().is_empty
    assert PostalAddress(country="CA", street="  ").is_empty  # the country alone is no address
    assert not PostalAddress(region="OR").is_empty


@pytest.mark.parametrize(
    ("address", "missing"),
    [
        (PostalAddress(), ()),
        (PostalAddress(street="4 Pier Rd", city="Astoria", postal_code="97103"), ()),
        (PostalAddress(region="OR"), ("street", "city", "postal code")),
        (PostalAddress(street2="Apt 2", city="Astoria"), ("street", "postal code")),
        (PostalAddress(street="4 Pier Rd", city=" ", postal_code="97103"), ("city",)),
    ],
)
def test_missing_lines_are_named_in_words(address: PostalAddress, missing: tuple[str, ...]):
    assert missing_lines(address) == missing


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("US", True),
        ("ca", True),
        (" GB ", True),
        ("USA", False),
        ("", False),
        ("1A", False),
        ("ÜS", False),
    ],
)
def test_a_country_is_two_latin_letters(code: str, ok: bool) -> None:
    assert is_country_code(code) is ok
