"""Checking a courier invoice against the desk's counts, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from illdesk.core.courier_billing import (
    CourierBill,
    CourierBillError,
    CourierSeen,
    cost_per,
    disagreements,
)

SEEN = CourierSeen(
    stop_days=20, missed_days=1, packages_out=30, items_out=60, packages_in=25, items_in=50,
    bins_logged=40, items_logged=100,
)  # fmt: skip


def bill(stops: int = 20, bins: int = 40, items: int = 110, amount: str = "250.00") -> CourierBill:
    return CourierBill(date(2026, 3, 1), date(2026, 3, 31), stops, bins, items, Decimal(amount))


def test_what_the_desk_saw_agrees() -> None:
    assert SEEN.packages == 55 and SEEN.items == 110
    assert disagreements(bill(), SEEN) == []
    assert disagreements(bill(stops=18, bins=30, items=90), SEEN) == []  # less is no problem


def test_each_overbilled_count_is_named() -> None:
    found = disagreements(bill(stops=21, bins=41, items=111), SEEN)
    assert found == [
        "It bills 21 stops; the desk saw the courier on 20 day(s), and 1 stop(s) were logged "
        "as missed.",
        "It bills 41 bins; the courier log counts 40.",
        "It bills 111 items; the desk counts 110 that travelled.",
    ]


def test_bins_are_not_checked_when_none_were_logged() -> None:
    quiet = CourierSeen(3, 0, 2, 2, 1, 1, 0, 0)
    assert disagreements(bill(stops=3, bins=9, items=3), quiet) == []


def test_a_period_with_nothing_by_courier() -> None:
    nothing = CourierSeen(0, 0, 0, 0, 0, 0, 0, 0)
    assert "Nothing went by courier" in " ".join(disagreements(bill(0, 0, 0), nothing))


def test_cost_per_package_in_cents() -> None:
    assert cost_per(Decimal("250.00"), 55) == Decimal("4.55")
    assert cost_per(Decimal("10.00"), 3) == Decimal("3.33")
    assert cost_per(Decimal("10.00"), 0) is None


@pytest.mark.parametrize(
    ("first", "last", "stops", "message"),
    [
        (date(2026, 3, 31), date(2026, 3, 1), 1, "before it starts"),
        (date(2025, 1, 1), date(2026, 3, 1), 1, "at most a year"),
        (date(2026, 12, 6), date(2026, 12, 31), 1, "in the future"),
        (date(2026, 3, 1), date(2026, 3, 31), -2, "stops is counted from 0"),
        (date(2026, 3, 1), date(2026, 3, 31), 2_000_000, "stops is counted from 0"),
    ],
)
def test_impossible_invoices_are_refused(first, last, stops, message) -> None:
    with pytest.raises(CourierBillError, match=message):
        CourierBill(first, last, stops, 0, 0, Decimal("1")).validate(date(2026, 12, 5))
