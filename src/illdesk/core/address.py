"""Postal addresses of partner libraries, patrons and the home library."""

from __future__ import annotations

from dataclasses import dataclass


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
        """True when no line of the address is filled in."""
        return not any(
            (self.name, self.department, self.street, self.street2, self.city, self.postal_code)
        )
