"""Invoices from lenders on SQLite and PostgreSQL: recorded with their requests, checked
against the requests and the lender's terms, approved or disputed, exported for accounts
payable."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.errors import InvalidInput
from illdesk.services.money import lender_invoices
from tests.integration.helpers import CARD, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def borrowed_from(uow, lender: str, max_cost: str | None, title: str) -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            patron_card=CARD,
            lenders=(lender,),
            max_cost=Decimal(max_cost) if max_cost else None,
            allow_duplicate=True,
        ),
    )
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def test_a_lenders_invoice_is_checked_then_approved_or_disputed(uow, tmp_path: Path) -> None:
    good = borrowed_from(uow, "WAU", "20.00", "A")
    dear = borrowed_from(uow, "WAU", "10.00", "B")
    elsewhere = borrowed_from(uow, "MSU", None, "C")
    ours = lend(uow).number
    fine = lender_invoices.record(uow(), "wau", "W-100", "15.00", [(good, "15.00")])
    assert fine.problems == ()
    approved = lender_invoices.decide(uow(), fine.id, approve=True)
    assert approved.status == "approved"
    bad = lender_invoices.record(
        uow(),
        "WAU",
        "W-101",
        "60.00",
        [(dear, "25.00"), (elsewhere, "15.00"), (ours, "5.00"), (good, "10.00")],
    )
    problems = " ".join(bad.problems)
    assert "add up to 55.00, the invoice says 60.00" in problems
    assert f"{dear}: 25.00 is over its maximum cost of 10.00" in problems
    assert f"{elsewhere} was never asked of WAU" in problems
    assert f"{ours} is not one of our borrowing requests" in problems
    assert f"{good} is billed on another invoice already" in problems
    with pytest.raises(InvalidInput, match="Not approved"):
        lender_invoices.decide(uow(), bad.id, approve=True)
    with pytest.raises(InvalidInput, match="Say what"):
        lender_invoices.decide(uow(), bad.id, approve=False)
    assert (
        lender_invoices.decide(uow(), bad.id, approve=False, note="Asked for a credit").status
        == "disputed"
    )
    with pytest.raises(InvalidInput, match="already recorded"):
        lender_invoices.record(uow(), "WAU", "W-100", "1", [(good, "1")])
    with pytest.raises(InvalidInput, match="more than zero"):
        lender_invoices.record(uow(), "WAU", "W-102", "0", [(good, "1")])
    path = tmp_path / "ap.csv"
    assert lender_invoices.export_approved(uow(), path) == 1
    with path.open(encoding="utf-8-sig") as handle:
        (row,) = list(csv.DictReader(handle))
    assert (row["lender"], row["invoice"], row["amount"], row["requests"]) == (
        "WAU",
        "W-100",
        "15.00",
        good,
    )
