"""Statistics from the event log: a hand-made history gives exactly the figures counted by
hand, on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from illdesk.services.reports import figures
from tests.integration.reports_history import APRIL, MARCH, MARCH_TIMES, make_history


def test_a_hand_counted_month_gives_exactly_its_figures(uow, clock) -> None:
    make_history(uow, clock)
    march = figures.compute(uow(read_only=True), date(2026, 3, 1), date(2026, 4, 1))
    got = march.as_dict()
    for key, expected in MARCH.items():
        assert got.get(key, 0) == expected, key
    for key, expected in MARCH_TIMES.items():
        value = got[key]
        assert (str(value) if isinstance(value, Decimal) else value) == expected, key
    assert got["borrowing.fill_rate"] == Decimal("40.0")
    assert got["lending.fill_rate"] == Decimal("50.0")
    assert got["lending.supply_rate"] == Decimal("50.0")
    april = figures.compute(uow(read_only=True), date(2026, 4, 1), date(2026, 5, 1)).as_dict()
    for key, expected in APRIL.items():
        assert april.get(key, 0) == expected, key
    # The two months together are the sum of each (counts of events, not of statuses).
    both = figures.compute(uow(read_only=True), date(2026, 3, 1), date(2026, 5, 1)).as_dict()
    for key in ("borrowing.requests", "borrowing.filled", "borrowing.received", "lending.returned"):
        assert both[key] == got[key] + april[key], key


def test_breakdown_by_library_and_format(uow, clock) -> None:
    make_history(uow, clock)
    split = figures.breakdown(uow(read_only=True), date(2026, 3, 1), date(2026, 4, 1), "format")
    rows = dict(split.rows)
    made = split.keys.index("borrowing.requests")
    assert rows["book"][made] == 4
    assert rows["article"][made] == 1
    by_library = figures.breakdown(
        uow(read_only=True), date(2026, 3, 1), date(2026, 4, 1), "library"
    )
    lending = by_library.keys.index("lending.requests")
    assert dict(by_library.rows)["WAU"][lending] == 2
    by_staff = figures.breakdown(uow(read_only=True), date(2026, 3, 1), date(2026, 4, 1), "staff")
    assert sum(r[1][made] for r in by_staff.rows) == 5
