"""Postal addresses of partner libraries, patrons and the home library."""

from __future__ import annotations

from dataclasses import dataclass

#: Every part of an address, in the order of the fields below (stored columns use these names).
ADDRESS_PARTS = (
    "name",
    "department",
    "street",
    "street2",
    "city",
    "region",
    "postal_code",
    "country",
)
#: The parts of a patron's postal address: the patron's own name heads a label addressed to
#: them, so there is no name or department line of its own.
PATRON_ADDRESS_PARTS = ("street", "street2", "city", "region", "postal_code", "country")
# The lines an address cannot go in the post without, with the words staff use for them.
_REQUIRED_LINES = (("street", "street"), ("city", "city"), ("postal_code", "postal code"))


@dataclass(frozen=True, slots=True)
class PostalAddress:
    """A structured postal address; `country` is an ISO 3166-1 alpha-2 code (e.g. "US")."""

    name: str = ""
    department: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = "US"

    @property
    def is_empty(self) -> bool:
        """True when no line of the address is filled in (the country alone is no address)."""
        return not any(
            part.strip()
            for part in (
                self.name,
                self.department,
                self.street,
                self.street2,
                self.city,
                self.region,
                self.postal_code,
            )
        )


def missing_lines(address: PostalAddress) -> tuple[str, ...]:
    """In words, the lines a partly filled address still needs before it can be mailed to
    ("street", "city", "postal code"); nothing for an empty or a complete address."""
    if address.is_empty:
        return ()
    return tuple(words for part, words in _REQUIRED_LINES if not getattr(address, part).strip())


def is_country_code(code: str) -> bool:
    """True for two Latin letters, the shape of an ISO 3166-1 alpha-2 code ("US", "ca")."""
    code = code.strip()
    return len(code) == 2 and code.isascii() and code.isalpha()
