"""Lending terms between libraries: loan period, charge, renewals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class LendingTerms:
    """What a lender offers: how long, how much, and whether renewals are allowed."""

    loan_days: int = 28
    charge: Decimal = Decimal("0.00")
    renewals_allowed: int = 1

    def __post_init__(self) -> None:
        if self.loan_days < 1:
            raise ValueError("A loan period is at least one day.")
        if self.charge < 0:
            raise ValueError("A charge cannot be negative.")
        if self.renewals_allowed < 0:
            raise ValueError("Renewals allowed cannot be negative.")
