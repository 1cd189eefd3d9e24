"""Paying back an account in credit, on SQLite and PostgreSQL: a lent item paid for and then
found, an overpayment; never more than the credit; in the request's history, undone there."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, NotFound, ServiceError
from illdesk.services.money import accounts, charges, invoices, payments, refunds
from illdesk.store.money_schema import LedgerLine, Refund, Settlement
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def _lent_paid_then_found(uow) -> tuple[str, Decimal]:
    """A lent item lost, invoiced, paid, then found: the library is in credit."""
    loan = lend(uow)
    for action in ("accept", "print_pull_slip", "found", "ship", "mark_lost"):
        requests.perform(uow(), loan.number, action)
    made = invoices.make_invoices(uow(), library="WAU")
    total = invoices.get_invoice(uow(), made[0]).total
    payments.add_payment(uow(), "WAU", str(total), "CHQ 5150", invoice=made[0])
    requests.perform(uow(), loan.number, "lost_found")
    credit = -accounts.show_account(uow(), "WAU").balance
    assert credit > 0
    return loan.number, credit


def test_a_found_item_paid_for_is_paid_back_in_its_history(uow) -> None:
    number, credit = _lent_paid_then_found(uow)
    lines_before = accounts.show_account(uow(), "WAU").lines
    with pytest.raises(InvalidInput, match=rf"only {credit} USD in credit"):
        refunds.refund(uow(), "WAU", str(credit + Decimal("0.01")), "OUR-CHQ 1")
    assert accounts.show_account(uow(), "WAU").lines == lines_before  # nothing written

    done = refunds.refund(uow(), "wau", str(credit), "OUR-CHQ 1", method="cheque")

    assert done.balance == Decimal("0.00")
    assert f"{number}:" in done.message and "Paid back" in done.message
    money = accounts.request_money(uow(), number)
    paid_back = [line for line in money.lines if line.type == "refund"]
    assert [(line.label, line.amount) for line in paid_back] == [("Paid back", credit)]
    assert money.owed == Decimal("0.00")
    detail = requests.get_detail(uow(), number)
    assert detail.history[-1].action == "refund"
    with uow() as w:
        line = w.session.get(LedgerLine, done.line_id)
        assert line is not None and line.side == "debit"
        assert line.event_id == detail.history[-1].id
        kept = w.session.scalars(sa.select(Refund)).one()
        assert (kept.method, kept.reference, kept.amount) == ("cheque", "OUR-CHQ 1", credit)
        settled = w.session.scalar(
            sa.select(sa.func.sum(Settlement.amount)).where(Settlement.debit_line_id == line.id)
        )
        assert Decimal(settled) == credit  # the credit it pays back settles it
    assert invoices.list_invoices(uow(), unpaid=True) == []
    with pytest.raises(InvalidInput, match="nothing in credit"):
        refunds.refund(uow(), "WAU", "1.00", "OUR-CHQ 2")


def test_undo_of_a_refund_puts_the_credit_back(uow) -> None:
    number, credit = _lent_paid_then_found(uow)
    refunds.refund(uow(), "WAU", str(credit), "OUR-CHQ 9")
    undone = requests.undo_last(uow(), number)
    assert "money was taken back" in undone.message
    assert accounts.show_account(uow(), "WAU").balance == -credit
    assert accounts.request_money(uow(), number).owed == -credit
    # The cheque was not sent after all: its number may be used again, once.
    again = refunds.refund(uow(), "WAU", str(credit), "OUR-CHQ 9")
    assert again.balance == Decimal("0.00")
    with pytest.raises(InvalidInput, match="already used to pay back"):
        refunds.refund(uow(), "WAU", "0.01", "our-chq 9")


def test_an_overpayment_is_paid_back_in_part_and_the_rest_stays(uow) -> None:
    row = borrow(uow)
    charges.add_charge(uow(), row.number, "damage", "20.00")
    payments.add_payment(uow(), CARD, "30.00", "CASH-1", method="cash")
    with pytest.raises(InvalidInput, match="made by one of"):
        refunds.refund(uow(), CARD, "4.00", "R-1", method="gold")
    with pytest.raises(InvalidInput, match="reference"):
        refunds.refund(uow(), CARD, "4.00", "  ")
    with pytest.raises(InvalidInput, match="more than zero"):
        refunds.refund(uow(), CARD, "-4", "R-1")

    done = refunds.refund(uow(), CARD, "4.00", "R-1", method="cash")

    assert done.balance == Decimal("-6.00")
    view = accounts.show_account(uow(), CARD)
    assert view.lines[-1].label == "Paid back" and view.lines[-1].request_number == ""
    assert refunds.refund(uow(), CARD, "6.00", "R-2", method="cash").balance == Decimal("0.00")


def test_a_refund_named_for_a_request_pays_back_only_its_credit(uow) -> None:
    number, credit = _lent_paid_then_found(uow)
    other = lend(uow)
    payments.add_payment(uow(), "WAU", "5.00", "CHQ-EXTRA")  # an overpayment, no request
    with pytest.raises(InvalidInput, match=rf"only {credit} USD in credit"):
        refunds.refund(uow(), "WAU", str(credit + 5), "OUR-1", request=number)
    with pytest.raises(InvalidInput, match="nothing in credit"):
        refunds.refund(uow(), "WAU", "1.00", "OUR-1", request=other.number)
    row = borrow(uow)
    with pytest.raises(InvalidInput, match="not on the account"):
        refunds.refund(uow(), "WAU", "1.00", "OUR-1", request=row.number)
    with pytest.raises(NotFound):
        refunds.refund(uow(), "WAU", "1.00", "OUR-1", request="L-00-999999")
    refunds.refund(uow(), "WAU", str(credit), "OUR-1", request=number)
    assert accounts.show_account(uow(), "WAU").balance == Decimal("-5.00")


def test_a_student_assistant_pays_back_nothing(uow) -> None:
    _number, credit = _lent_paid_then_found(uow)
    directory.add_staff(uow(), "Sam Student", "SS", role="student")
    with uow() as w:
        sam_id = w.session.scalars(sa.select(Staff.id).where(Staff.name == "Sam Student")).one()
    sam = Actor(sam_id, "Sam Student", "DESK-1")
    with pytest.raises(ServiceError, match=r"student assistant.*a member of staff"):
        refunds.refund(uow(sam), "WAU", str(credit), "OUR-CHQ 3")
    assert accounts.show_account(uow(), "WAU").balance == -credit
