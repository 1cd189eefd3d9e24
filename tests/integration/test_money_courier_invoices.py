"""Courier invoices on SQLite and PostgreSQL: checked against the packages sent by courier,
the loans and returns received from courier libraries and the desk's courier log."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa

from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.desk import requests
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.money import courier_invoices
from illdesk.services.money.courier_invoices import NewCourierInvoice
from illdesk.services.reports import courier
from illdesk.services.shipping.packages import ship_package
from illdesk.store.schema import Library
from tests.integration.reports_history import make_history


def courier_history(uow, clock) -> None:
    """March–April 2026: ORE comes by courier; two loans received from it (5 and 16 March),
    one returned to it by courier on 25 April, with the log's 2 bins and 14 items that day
    and a missed stop on 26 April."""
    made = make_history(uow, clock)
    with uow() as work:
        work.session.execute(
            sa.update(Library).where(Library.symbol == "ORE").values(delivery_methods="courier")
        )
        work.commit()
    clock.at = datetime(2026, 4, 25, 10, tzinfo=UTC)
    requests.perform(uow(), made["r4"], "patron_return")
    ship_package(uow(), "ORE", [made["r4"]], DeliveryMethod.COURIER)
    courier.record(uow(), date(2026, 4, 25), "out", "Route 3", bins=2, items=14)
    courier.record(uow(), date(2026, 4, 26), "missed", "Route 3", note="van broke down")
    clock.at = datetime(2026, 5, 12, 9, tzinfo=UTC)


def bill(number: str, first: date, last: date, stops: int, bins: int, items: int, amount: str):
    return NewCourierInvoice("Empire Delivery", number, first, last, stops, bins, items, amount)


def test_an_invoice_that_agrees_with_the_desk(uow, clock) -> None:
    courier_history(uow, clock)
    view = courier_invoices.record(
        uow(), bill("ED-3", date(2026, 3, 1), date(2026, 4, 30), 3, 2, 14, "45.00")
    )
    seen = view.seen
    assert (seen.stop_days, seen.missed_days) == (3, 1)
    assert (seen.packages_out, seen.items_out, seen.packages_in, seen.items_in) == (1, 1, 2, 2)
    assert (seen.bins_logged, seen.items) == (2, 14)
    assert view.problems == ()
    assert view.cost_per_package == Decimal("15.00")
    assert view.cost_per_item == Decimal("3.21")
    assert courier_invoices.decide(uow(), view.id, approve=True).status == "approved"
    with pytest.raises(InvalidInput, match="already approved"):
        courier_invoices.decide(uow(), view.id, approve=False, note="late")


def test_an_invoice_that_bills_more_than_the_desk_saw(uow, clock) -> None:
    courier_history(uow, clock)
    first = courier_invoices.record(
        uow(), bill("ED-3", date(2026, 3, 1), date(2026, 4, 30), 3, 2, 14, "45.00")
    )
    april = courier_invoices.record(
        uow(), bill("ED-4", date(2026, 4, 1), date(2026, 4, 30), 5, 4, 20, "30.00")
    )
    problems = " ".join(april.problems)
    assert "bills 5 stops; the desk saw the courier on 1 day(s)" in problems
    assert "1 stop(s) were logged as missed" in problems
    assert "bills 4 bins; the courier log counts 2" in problems
    assert "bills 20 items; the desk counts 14" in problems
    assert "overlaps invoice ED-3" in problems
    with pytest.raises(InvalidInput, match="Not approved"):
        courier_invoices.decide(uow(), april.id, approve=True)
    with pytest.raises(InvalidInput, match="Say what"):
        courier_invoices.decide(uow(), april.id, approve=False)
    disputed = courier_invoices.decide(uow(), april.id, approve=False, note="Missed stop billed")
    assert disputed.status == "disputed" and disputed.note == "Missed stop billed"
    # A disputed invoice no longer makes the first one look billed twice.
    assert courier_invoices.check(uow(read_only=True), first.id).problems == ()
    listed = courier_invoices.list_invoices(uow(read_only=True))
    assert [v.their_number for v in listed] == ["ED-4", "ED-3"]


def test_bad_courier_invoices_are_refused_and_change_nothing(uow, clock) -> None:
    courier_history(uow, clock)
    good = bill("ED-3", date(2026, 3, 1), date(2026, 3, 31), 1, 0, 0, "10")
    cases = {
        "ends .* before it starts": bill("X", date(2026, 3, 31), date(2026, 3, 1), 1, 0, 0, "1"),
        "at most a year": bill("X", date(2025, 1, 1), date(2026, 3, 1), 1, 0, 0, "1"),
        "in the future": bill("X", date(2026, 6, 1), date(2026, 6, 30), 1, 0, 0, "1"),
        "stops is counted from 0": bill("X", date(2026, 3, 1), date(2026, 3, 2), -1, 0, 0, "1"),
        "more than zero": bill("X", date(2026, 3, 1), date(2026, 3, 2), 1, 0, 0, "0"),
        "not an amount": bill("X", date(2026, 3, 1), date(2026, 3, 2), 1, 0, 0, "ten"),
        "Give the courier's invoice number": bill(
            " ", date(2026, 3, 1), date(2026, 3, 2), 1, 0, 0, "1"
        ),
    }
    for message, given in cases.items():
        with pytest.raises(InvalidInput, match=message):
            courier_invoices.record(uow(), given)
    assert courier_invoices.list_invoices(uow(read_only=True)) == []
    courier_invoices.record(uow(), good)
    with pytest.raises(InvalidInput, match="already recorded"):
        courier_invoices.record(uow(), good)
    with pytest.raises(NotFound, match="No courier invoice"):
        courier_invoices.check(uow(read_only=True), 999)


def test_courier_invoices_on_the_command_line(db_url, uow, clock, tmp_path) -> None:
    from tests.integration.test_cli import illdesk

    courier_history(uow, clock)
    db = ("--database", db_url)
    made = illdesk(*db, "courier-invoice", "record", "Empire Delivery", "ED-4",
                   "--from", "2026-04-01", "--to", "2026-04-30", "--stops", "5", "--bins", "2",
                   "--items", "3", "--amount", "30.00").stdout  # fmt: skip
    assert "Courier invoice 1 recorded" in made
    assert "PROBLEM: It bills 5 stops; the desk saw the courier on 1 day(s)" in made
    assert "Cost per package: 30.00" in made
    refused = illdesk(*db, "courier-invoice", "approve", "1", check=False)
    assert refused.returncode == 1 and "Not approved" in refused.stderr
    assert "Traceback" not in refused.stderr
    approved = illdesk(*db, "courier-invoice", "approve", "1", "--note", "Van came 5 times")
    assert "Courier invoice 1 approved." in approved.stdout
    listed = illdesk(*db, "courier-invoice", "list").stdout
    assert "ED-4" in listed and "2026-04-01..2026-04-30" in listed and "approved" in listed
    path = tmp_path / "ap.csv"
    assert "Exported 1 approved" in illdesk(*db, "courier-invoice", "export", str(path)).stdout
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    wanted = ("courier", "invoice", "amount", "cost_per_package", "note")
    assert [tuple(r[k] for k in wanted) for r in rows] == [
        ("Empire Delivery", "ED-4", "30.00", "30.00", "Van came 5 times")
    ]
    bad = illdesk(*db, "courier-invoice", "record", "Empire Delivery", "ED-5", "--from",
                  "2026-04-30", "--to", "2026-04-01", "--amount", "1", check=False)  # fmt: skip
    assert bad.returncode == 1 and "before it starts" in bad.stderr
