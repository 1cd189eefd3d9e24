"""Invoices to libraries on SQLite and PostgreSQL: numbering, never for nothing, IFM left out,
payments against an invoice, void and reissue, disputes, aging, the ledger export; and the
PDF rendered to pixels with its text and totals read back."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import BillingMethod, Direction, Format, Service
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput
from illdesk.services.money import billing, charges, invoices, payments
from illdesk.services.money.invoice_documents import write_pdfs
from tests.integration.helpers import lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def lend_to(uow, symbol: str, title: str):
    return create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            library_symbol=symbol,
        ),
    )


def charged(
    uow, kind: str = "damage", amount: str = "40.00", title: str = "Quilts", symbol: str = ""
) -> str:
    loan = lend_to(uow, symbol, title) if symbol else lend(uow, title)
    charges.add_charge(uow(), loan.number, kind, amount, "Torn spine" if kind == "manual" else "")
    return loan.number


def test_a_monthly_run_makes_one_numbered_invoice_per_library_and_never_a_zero_one(uow) -> None:
    first = charged(uow, "damage", "40.00")
    charged(uow, "shipping", "4.50", "Maps")
    made = invoices.make_invoices(uow(), month="2026-03")
    assert made == ["INV-26-000001"]
    shown = invoices.get_invoice(uow(), made[0])
    assert shown.symbol == "WAU" and shown.total == Decimal("44.50")
    assert shown.lines[0].request_number == first
    # Everything is invoiced now: a second run makes nothing; another month has nothing.
    assert invoices.make_invoices(uow()) == []
    assert invoices.make_invoices(uow(), month="2026-04") == []
    with pytest.raises(InvalidInput, match="not a month"):
        invoices.make_invoices(uow(), month="March")


def test_ifm_lending_fees_are_left_to_ifm(uow) -> None:
    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="IFMU", name="An IFM University", billing_method=BillingMethod.IFM
        ),
    )
    number = charged(uow, "lending_fee", "15.00", symbol="IFMU")
    assert invoices.make_invoices(uow()) == []
    charges.add_charge(uow(), number, "damage", "30")
    made = invoices.make_invoices(uow())
    assert invoices.get_invoice(uow(), made[0]).total == Decimal("30.00")


def test_payments_move_an_invoice_to_partly_paid_then_paid(uow) -> None:
    charged(uow, "damage", "40.00")
    (number,) = invoices.make_invoices(uow())
    payments.add_payment(uow(), "WAU", "15", "CHK-1", invoice=number)
    assert invoices.get_invoice(uow(), number).status == "partly_paid"
    assert [i.number for i in invoices.list_invoices(uow(), unpaid=True)] == [number]
    payments.add_payment(uow(), "WAU", "25", "CHK-2", invoice=number.lower())
    paid = invoices.get_invoice(uow(), number)
    assert paid.status == "paid" and paid.owed == Decimal("0.00")
    assert invoices.list_invoices(uow(), unpaid=True) == []
    with pytest.raises(InvalidInput, match="someone else"):
        payments.add_payment(uow(), "ORE", "1", "CHK-3", invoice=number)


def test_a_sent_invoice_is_voided_and_reissued_both_kept_and_disputes_are_noted(uow) -> None:
    charged(uow, "damage", "40.00")
    (number,) = invoices.make_invoices(uow())
    with pytest.raises(InvalidInput, match="why"):
        invoices.void_and_reissue(uow(), number, " ")
    voided, reissued = invoices.void_and_reissue(uow(), number, "Wrong amount of shipping")
    assert voided == number and reissued and reissued != number
    assert invoices.get_invoice(uow(), number).status == "void"
    assert invoices.get_invoice(uow(), reissued).replaces == number
    with pytest.raises(InvalidInput, match="void"):
        payments.add_payment(uow(), "WAU", "40", "CHK-9", invoice=number)
    assert "disputed" in invoices.dispute(uow(), reissued, "Item was returned damaged by courier")
    assert invoices.get_invoice(uow(), reissued).status == "disputed"


def test_aging_puts_unpaid_invoices_in_their_columns(uow, clock) -> None:
    charged(uow, "damage", "40.00")
    invoices.make_invoices(uow())
    clock.at = clock.at + timedelta(days=45)
    charged(uow, "shipping", "5.00", "Maps")
    invoices.make_invoices(uow())
    report = billing.aging(uow())
    (row,) = report.rows
    assert row.symbol == "WAU"
    assert row.buckets == (Decimal("5.00"), Decimal("40.00"), Decimal("0.00"), Decimal("0.00"))
    assert report.totals[1] == Decimal("40.00")


def test_the_ledger_export_has_debit_and_credit_columns_and_cards_not_names(
    uow, tmp_path: Path
) -> None:
    charged(uow, "damage", "40.00")
    payments.add_payment(uow(), "WAU", "10", "T-1")
    path = tmp_path / "ledger.csv"
    assert billing.export_ledger(uow(), path) == 2
    with path.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["type"], r["debit"], r["credit"], r["card_or_symbol"]) for r in rows] == [
        ("damage", "40.00", "", "WAU"),
        ("payment", "", "10.00", "WAU"),
    ]
    day = datetime(2026, 3, 2, tzinfo=UTC).date()
    assert billing.export_ledger(uow(), path, day + timedelta(days=1), None) == 0


def test_the_invoice_pdf_reads_as_an_invoice_with_its_total(uow, tmp_path: Path) -> None:
    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="UWB",
            name="University of Washington Bothell",
            billing_address=PostalAddress(
                name="UW Libraries Accounts Payable",
                street="4000 15th Ave NE",
                city="Seattle",
                region="WA",
                postal_code="98195",
            ),
            shipping_address=PostalAddress(
                name="UW ILL",
                street="1 Campus Way",
                city="Seattle",
                region="WA",
                postal_code="98195",
            ),
        ),
    )
    first = charged(uow, "replacement", "66.81", "Ráðhús og þing", symbol="UWB")
    charges.add_charge(uow(), first, "processing_fee", "6.00")
    (number,) = invoices.make_invoices(uow())
    (path,) = write_pdfs(uow(), [number], tmp_path / "pdf")
    assert path.name == f"{number}.pdf"
    document = pdfium.PdfDocument(path.read_bytes())
    page = document[0]
    text = page.get_textpage().get_text_range()
    for expected in (
        "INVOICE",
        number,
        "UW Libraries Accounts Payable",
        "4000 15th Ave NE",
        first,
        "Ráðhús og þing",
        "Lost item replacement",
        "66.81 USD",
        "Processing fee",
        "Total",
        "72.81 USD",
        "Net 30 days",
        "How to pay",
    ):
        assert expected in text, expected
    # Drawn for real: the rendered page has ink where the table is, and is not blank.
    image = page.render(scale=100 / 72).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 2000
