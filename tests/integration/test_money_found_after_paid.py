"""A lent item lost, invoiced, paid, then found: every view of the money agrees."""

from __future__ import annotations

import pytest

from illdesk.services.desk import requests
from illdesk.services.money import accounts, billing, invoices, payments
from tests.integration.helpers import lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_found_after_the_invoice_was_paid_leaves_nothing_unpaid(uow) -> None:
    loan = lend(uow)
    for action in ("accept", "print_pull_slip", "found", "ship"):
        requests.perform(uow(), loan.number, action)
    requests.perform(uow(), loan.number, "mark_lost")
    made = invoices.make_invoices(uow(), library="WAU")
    assert len(made) == 1
    total = invoices.get_invoice(uow(), made[0]).total
    payments.add_payment(uow(), "WAU", str(total), "CHQ 5150", invoice=made[0])
    assert invoices.list_invoices(uow(), unpaid=True) == []
    requests.perform(uow(), loan.number, "lost_found")
    owed = accounts.show_account(uow(), "WAU").balance

    unpaid = invoices.list_invoices(uow(), unpaid=True)

    assert billing.aging(uow()).rows == ()  # nothing left to chase

    assert owed < 0  # the replacement is owed back to them
    assert unpaid == []
