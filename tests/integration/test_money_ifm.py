"""IFM reconciliation of a hand-made IFM report with every kind of finding, on SQLite and
PostgreSQL; a malformed report is refused with each bad line by number."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from illdesk.core.citation import Citation
from illdesk.core.ifm import Finding
from illdesk.core.vocabulary import BillingMethod, Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput
from illdesk.services.money.ifm import reconcile_file
from tests.integration.helpers import CARD, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)
    for symbol in ("IFML", "IFMB"):
        directory.save_library(
            uow(),
            directory.LibraryInput(
                symbol=symbol,
                name=f"{symbol} University",
                billing_method=BillingMethod.IFM,
                charge=Decimal("12.00"),
            ),
        )


def shipped(uow, title: str) -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            library_symbol="IFML",
        ),
    )
    for action in ("accept", "print_pull_slip", "found", "ship"):
        requests.perform(uow(), row.number, action)
    return row.number


def received(uow, title: str, max_cost: str) -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            patron_card=CARD,
            lenders=("IFMB",),
            max_cost=Decimal(max_cost),
        ),
    )
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def test_every_kind_of_finding(uow, tmp_path: Path) -> None:
    matched, differs, forgotten, elsewhere = (shipped(uow, t) for t in "ABCD")
    within, over = received(uow, "E", "20.00"), received(uow, "F", "10.00")
    report = tmp_path / "ifm-2026-03.csv"
    report.write_text(
        "Transaction Number,OCLC Symbol,Amount (USD),Transaction Type\n"
        f"{matched},IFML,12.00,IFM Lib-to-Lib Lending Credit\n"
        f"{differs},IFML,10.00,IFM Lib-to-Lib Lending Credit\n"
        f"{elsewhere},ZZZ,12.00,IFM Lib-to-Lib Lending Credit\n"
        "L-26-999999,IFML,12.00,IFM Lib-to-Lib Lending Credit\n"
        f"{within.lower()},ifmb,$15.00,IFM Lib-to-Lib Borrowing Debit\n"
        f"{over},IFMB,25.00,IFM Lib-to-Lib Borrowing Debit\n",
        encoding="utf-8",
    )
    done = reconcile_file(uow(), report, "2026-03")
    found = {(r.finding, r.number or str(r.line)) for r in done.results}
    assert found == {
        (Finding.MATCHED, matched),
        (Finding.AMOUNT_DIFFERS, differs),
        (Finding.LIBRARY_DIFFERS, elsewhere),
        (Finding.MISSING_HERE, "5"),
        (Finding.MATCHED, within),
        (Finding.AMOUNT_DIFFERS, over),
        (Finding.MISSING_THERE, forgotten),
    }
    assert done.counts[Finding.MATCHED] == 2
    by_number = {r.number: r for r in done.results}
    assert by_number[differs].amount_here == Decimal("12.00")
    assert "Over our maximum cost by 15.00" in by_number[over].note
    # Without --month the months of the report's own requests are used: the same findings.
    assert {(r.finding, r.number) for r in reconcile_file(uow(), report).results} == {
        (f, n) for f, n in ((r.finding, r.number) for r in done.results)
    }


def test_a_malformed_report_names_every_bad_line(uow, tmp_path: Path) -> None:
    report = tmp_path / "bad.csv"
    report.write_text(
        "Request ID,Lender Symbol,Amount,Debit/Credit\n"
        "B-26-000001,ORE,12.00,debit\n"
        "B-26-000002,ORE,twelve,debit\n"
        "B-26-000003,ORE,12.00,debit\n"
        ",ORE,-4,sideways\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        reconcile_file(uow(), report)
    message = str(caught.value)
    assert "line 3: “twelve” is not an amount" in message
    assert "line 5: no request identifier" in message and "neither debit nor credit" in message
    assert "line 2" not in message and "line 4" not in message
    missing = tmp_path / "cols.csv"
    missing.write_text("Request,Amount\nB-1,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="no column for: symbol, type"):
        reconcile_file(uow(), missing)


def test_a_report_with_both_a_lender_and_a_borrower_column(uow, tmp_path: Path) -> None:
    """OCLC's report can name both libraries of a line, ours among them: a debit is owed to
    its lender (we borrowed), a credit comes from its borrower (we lent)."""
    lent = shipped(uow, "Lent")
    borrowed = received(uow, "Borrowed", "20.00")
    report = tmp_path / "ifm-both.csv"
    report.write_text(
        "Request ID,Borrower Symbol,Lender Symbol,Amount,Debit/Credit\n"
        f"{lent},IFML,TBLL,12.00,Credit\n"
        f"{borrowed},TBLL,IFMB,12.00,Debit\n",
        encoding="utf-8",
    )
    done = reconcile_file(uow(), report, "2026-03")
    assert {(r.finding, r.number) for r in done.results} == {
        (Finding.MATCHED, lent),
        (Finding.MATCHED, borrowed),
    }
