"""Courier statistics: packages out per day, destination and method, and the desk's log."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import courier
from illdesk.services.shipping.packages import ship_package
from tests.integration.reports_history import make_history


def test_packages_and_log(uow, clock) -> None:
    made = make_history(uow, clock)
    clock.at = datetime(2026, 4, 25, 10, tzinfo=UTC)
    from illdesk.services.desk import requests

    requests.perform(uow(), made["r4"], "patron_return")
    ship_package(uow(), "ORE", [made["r4"]], DeliveryMethod.COURIER)
    courier.record(uow(), date(2026, 4, 25), "out", "Route 3", bins=2, items=14)
    courier.record(uow(), date(2026, 4, 26), "missed", "Route 3", note="van broke down")
    with pytest.raises(InvalidInput, match="missed"):
        courier.record(uow(), date(2026, 4, 27), "missed")
    rows, log = courier.report(uow(read_only=True), date(2026, 4, 1), date(2026, 5, 1))
    assert [(r.day, r.way, r.destination, r.method, r.packages, r.items) for r in rows] == [
        (date(2026, 4, 25), "out", "ORE", "courier", 1, 1)
    ]
    assert [(x.kind, x.bins, x.items) for x in log] == [("out", 2, 14), ("missed", 0, 0)]


def test_courier_on_the_command_line(db_url, uow, clock) -> None:
    from tests.integration.test_cli import illdesk

    make_history(uow, clock)
    illdesk("--database", db_url, "courier", "log", "missed", "--day", "2026-04-02",
            "--route", "North")  # fmt: skip
    shown = illdesk("--database", db_url, "report", "courier", "2026-04-01", "2026-04-30").stdout
    assert "missed" in shown and "Days with a missed pick-up: 1." in shown
