"""Checking a courier's invoice against what the desk saw of the courier in the same period.

Pure decisions, no database. A courier bills a period for a number of stops (visits to our
library), bins or bags, items and an amount. The desk knows the packages it sent by courier,
the loans and returns it received from libraries served by the courier, and the courier log
kept at the desk (bins out and in, missed stops). An invoice that bills more than the desk saw
is not approved until someone has looked at it; billing less is not a problem for us.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from illdesk.core.money import CENT

# A courier period is at most a year: a longer one is a typing mistake in a date.
LONGEST_PERIOD_DAYS = 366
# Counts above this on one invoice are a typing mistake (a busy hub moves a few thousand a month).
LARGEST_COUNT = 1_000_000


class CourierBillError(ValueError):
    """A courier invoice that cannot be recorded; the message is for staff."""


@dataclass(frozen=True, slots=True)
class CourierBill:
    """What the courier's invoice says."""

    first: date
    last: date  # inclusive
    stops: int
    bins: int
    items: int
    amount: Decimal

    def validate(self, today: date) -> None:
        """Raise CourierBillError for an invoice that cannot be right as typed."""
        if self.last < self.first:
            raise CourierBillError(
                f"The period ends ({self.last}) before it starts ({self.first}): check the dates."
            )
        if (self.last - self.first).days >= LONGEST_PERIOD_DAYS:
            raise CourierBillError("A courier invoice covers at most a year: check the dates.")
        if self.first > today:
            raise CourierBillError(f"The period starts in the future ({self.first}).")
        for what, count in (("stops", self.stops), ("bins", self.bins), ("items", self.items)):
            if count < 0 or count > LARGEST_COUNT:
                raise CourierBillError(
                    f"The number of {what} is counted from 0 to {LARGEST_COUNT:,}, not {count}."
                )


@dataclass(frozen=True, slots=True)
class CourierSeen:
    """What the desk recorded of the courier in the period."""

    stop_days: int  # days the courier came (a package, a receipt or a log line out or in)
    missed_days: int  # days logged as a missed stop
    packages_out: int
    items_out: int
    packages_in: int  # one bag per library per day received
    items_in: int
    bins_logged: int
    items_logged: int

    @property
    def packages(self) -> int:
        return self.packages_out + self.packages_in

    @property
    def items(self) -> int:
        """Items that travelled: the larger of what the requests show and what was logged."""
        return max(self.items_out + self.items_in, self.items_logged)


def disagreements(bill: CourierBill, seen: CourierSeen) -> list[str]:
    """Where the invoice bills more than the desk saw, in words staff can act on."""
    out: list[str] = []
    if bill.stops > seen.stop_days:
        missed = (
            f", and {seen.missed_days} stop(s) were logged as missed" if seen.missed_days else ""
        )
        out.append(
            f"It bills {bill.stops} stops; the desk saw the courier on {seen.stop_days} "
            f"day(s){missed}."
        )
    if seen.bins_logged and bill.bins > seen.bins_logged:
        out.append(f"It bills {bill.bins} bins; the courier log counts {seen.bins_logged}.")
    if bill.items > seen.items:
        out.append(f"It bills {bill.items} items; the desk counts {seen.items} that travelled.")
    if bill.amount > 0 and seen.packages == 0 and seen.stop_days == 0:
        out.append("Nothing went by courier in that period, as far as the desk knows.")
    return out


def cost_per(amount: Decimal, count: int) -> Decimal | None:
    """The amount divided by a count, in cents (None when there is nothing to divide by)."""
    if count <= 0:
        return None
    return (amount / count).quantize(CENT, rounding=ROUND_HALF_UP)
