"""OCLC IFM reconciliation: the monthly IFM report's lines against what ILL Desk recorded.

Pure: the report's lines (already read) and our IFM requests in, a list of findings out. A
debit on the report is a charge to us as the borrower (our borrowing request, the lender's
symbol); a credit is money to us as the lender (our lending request, the borrower's symbol).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Finding(StrEnum):
    """What a reconciliation found for one request."""

    MATCHED = "matched"
    AMOUNT_DIFFERS = "amount_differs"
    LIBRARY_DIFFERS = "library_differs"
    MISSING_HERE = "missing_here"  # on the IFM report, not in ILL Desk
    MISSING_THERE = "missing_there"  # billed through IFM here, not on the report

    @property
    def label(self) -> str:
        return {
            "matched": "Matched",
            "amount_differs": "Amount differs",
            "library_differs": "Other library",
            "missing_here": "Missing here",
            "missing_there": "Missing on the IFM report",
        }[self.value]


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One line of the IFM report."""

    line: int  # its line number in the file
    request: str  # the request identifier as the report gives it
    symbol: str
    amount: Decimal
    debit: bool  # True: we were charged (borrowing); False: we are credited (lending)


@dataclass(frozen=True, slots=True)
class OurCharge:
    """A request of ours settled through IFM, with what we recorded."""

    number: str
    reference: str  # the other system's identifier for it (lender reference), may be ""
    borrowing: bool
    symbol: str  # the lender (borrowing) or the borrowing library (lending)
    amount: Decimal | None  # the charge recorded (None: not known here)
    max_cost: Decimal | None = None  # borrowing: the most we agreed to pay


@dataclass(frozen=True, slots=True)
class Result:
    """One finding."""

    finding: Finding
    number: str  # our request number ("" when missing here)
    line: int | None  # the report's line (None when missing there)
    symbol: str
    amount_there: Decimal | None
    amount_here: Decimal | None
    note: str = ""


def reconcile(lines: Sequence[ReportLine], ours: Iterable[OurCharge]) -> list[Result]:
    """Every report line and every IFM request of ours, matched or not."""
    by_key: dict[str, OurCharge] = {}
    for charge in ours:
        by_key[charge.number.upper()] = charge
        if charge.reference:
            by_key.setdefault(charge.reference.upper(), charge)
    seen: set[str] = set()
    out: list[Result] = []
    for line in lines:
        ours_ = by_key.get(line.request.strip().upper())
        if ours_ is None or ours_.borrowing != line.debit:
            side = "charge to us (borrowing)" if line.debit else "credit to us (lending)"
            out.append(
                Result(
                    Finding.MISSING_HERE,
                    "",
                    line.line,
                    line.symbol,
                    line.amount,
                    None,
                    f"No {'borrowing' if line.debit else 'lending'} request of ours is "
                    f"{line.request} ({side}).",
                )
            )
            continue
        seen.add(ours_.number)
        here = ours_.amount or Decimal("0.00")
        if line.symbol.upper() != ours_.symbol.upper():
            finding, note = Finding.LIBRARY_DIFFERS, f"We recorded {ours_.symbol or 'no library'}."
        elif ours_.amount is None and ours_.max_cost is not None:
            # A lender's charge we did not record: right if within our maximum cost.
            here = ours_.max_cost
            if line.amount <= ours_.max_cost:
                finding, note = Finding.MATCHED, "Within our maximum cost."
            else:
                finding = Finding.AMOUNT_DIFFERS
                note = f"Over our maximum cost by {line.amount - ours_.max_cost:.2f}."
        elif line.amount != here:
            finding, note = Finding.AMOUNT_DIFFERS, f"Difference {line.amount - here:+.2f}."
        else:
            finding, note = Finding.MATCHED, ""
        out.append(Result(finding, ours_.number, line.line, line.symbol, line.amount, here, note))
    for charge in {id(c): c for c in by_key.values()}.values():
        if charge.number not in seen:
            out.append(
                Result(
                    Finding.MISSING_THERE,
                    charge.number,
                    None,
                    charge.symbol,
                    None,
                    charge.amount,
                    "Charged through IFM here, not on the report.",
                )
            )
    return out
