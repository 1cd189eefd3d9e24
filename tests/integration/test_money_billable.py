"""What libraries owe that no invoice holds, summed in SQL, agrees with the lines the invoice
run would bill (SQLite and PostgreSQL): partly paid, invoiced and IFM charges included."""

from __future__ import annotations

from decimal import Decimal

import pytest

from illdesk.services.money import billable, charges, invoices, payments
from tests.integration.helpers import lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_the_sums_agree_with_the_lines_the_run_would_bill(uow) -> None:
    first, second, third = (lend(uow, title).number for title in ("A", "B", "C"))
    charges.add_charge(uow(), first, "lending_fee", "15.00")
    charges.add_charge(uow(), first, "shipping", "4.25")
    invoices.make_invoices(uow(), library="WAU")  # these two are invoiced now
    charges.add_charge(uow(), second, "damage", "20.00")
    charges.add_charge(uow(), third, "shipping", "3.10")
    payments.add_payment(uow(), "WAU", "19.25", "T-1")  # settles the invoiced ones
    payments.add_payment(uow(), "WAU", "5.00", "T-2")  # and part of the damage
    with uow(read_only=True) as unit:
        summed = billable.owed_by_library(unit.session)
        lines = invoices.billable_lines(unit.session)
        counted = billable.libraries_to_invoice(unit.session)
    expected = [
        (len(found), sum((owed for _line, owed in found), Decimal("0.00")))
        for found in lines.values()
    ]
    assert [(count, amount) for _symbol, _name, count, amount in summed] == expected
    assert summed == [("WAU", "University of Washington", 2, Decimal("18.10"))]
    assert counted == 1
