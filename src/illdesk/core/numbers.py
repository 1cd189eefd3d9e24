"""Request numbers: short, readable, unique, printed as Code 128 (e.g. `B-26-000123`).

The letter says the direction (B borrowing, L lending), the two digits the year the request
was made, the six digits a counter that restarts every year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from illdesk.core.vocabulary import Direction

PREFIXES: dict[Direction, str] = {Direction.BORROWING: "B", Direction.LENDING: "L"}
_NUMBER = re.compile(r"^([A-Z]{1,3})-?(\d{2})-?(\d{6,7})$")


@dataclass(frozen=True, slots=True)
class RequestNumber:
    """A parsed request number."""

    prefix: str
    year: int  # four digits
    serial: int

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year % 100:02d}-{self.serial:06d}"


def format_number(prefix: str, year: int, serial: int) -> str:
    """The printed form of a request number."""
    return str(RequestNumber(prefix, year, serial))


def parse_number(text: str) -> RequestNumber | None:
    """Read a request number as typed or scanned (case and hyphens optional), or None."""
    match = _NUMBER.match(text.strip().upper())
    if not match:
        return None
    prefix, yy, serial = match.groups()
    return RequestNumber(prefix, 2000 + int(yy), int(serial))


def normalize_number(text: str) -> str | None:
    """The canonical printed form of a typed or scanned number, or None if it is not one."""
    parsed = parse_number(text)
    return str(parsed) if parsed else None
