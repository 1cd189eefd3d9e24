"""The ledger on a real SQLite file and the real PostgreSQL server: charges through the one
writer, in the request's history, taken back by undo; payments, waivers and bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from illdesk.services.admin.integrity import check_database
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, NotFound, ServiceError
from illdesk.services.money import accounts, charges, payments
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_a_charge_is_in_the_history_and_undo_takes_it_back(uow) -> None:
    row = borrow(uow)
    done = charges.add_charge(uow(), row.number, "lender_charge", "12.50", "Lender's fee")
    assert "Lender's charge 12.50 USD" in done.message
    account = accounts.show_account(uow(), CARD)
    assert account.balance == Decimal("12.50") and isinstance(account.balance, Decimal)
    assert [(line.type, line.amount, line.request_number) for line in account.lines] == [
        ("lender_charge", Decimal("12.50"), row.number)
    ]
    detail = requests.get_detail(uow(), row.number)
    assert detail.history[-1].action == "charge"
    assert "12.50" in detail.history[-1].summary
    undone = requests.undo_last(uow(), row.number)
    assert "money was taken back" in undone.message
    after = accounts.show_account(uow(), CARD)
    assert after.balance == Decimal("0.00")
    assert [line.voided for line in after.lines] == [True, False]
    assert sum(line.amount for line in after.lines) == after.balance


def test_a_lending_charge_goes_on_the_borrowing_library(uow) -> None:
    loan = lend(uow)
    charges.add_charge(uow(), loan.number, "lending_fee", "15")
    assert accounts.show_account(uow(), "wau").balance == Decimal("15.00")
    assert accounts.show_account(uow(), CARD).balance == Decimal("0.00")


def test_payments_settle_and_a_reference_is_used_once(uow) -> None:
    loan = lend(uow)
    charges.add_charge(uow(), loan.number, "lending_fee", "15")
    charges.add_charge(uow(), loan.number, "shipping", "4.25")
    paid = payments.add_payment(uow(), "WAU", "10.00", "CHQ 1001")
    assert paid.balance == Decimal("9.25")
    with pytest.raises(InvalidInput, match="already recorded"):
        payments.add_payment(uow(), "WAU", "9.25", "chq  1001")
    assert accounts.show_account(uow(), "WAU").balance == Decimal("9.25")


def test_waivers_need_a_reason_and_are_in_the_request_history(uow) -> None:
    row = borrow(uow)
    charges.add_charge(uow(), row.number, "processing_fee", "15.00")
    line = accounts.show_account(uow(), CARD).lines[0]
    with pytest.raises(InvalidInput, match="reason"):
        payments.waive(uow(), line.id, "  ")
    waived = payments.waive(uow(), line.id, "First loss, goodwill")
    assert waived.balance == Decimal("0.00")
    detail = requests.get_detail(uow(), row.number)
    assert detail.history[-1].action == "waive"
    with pytest.raises(InvalidInput, match="already settled"):
        payments.waive(uow(), line.id, "again")
    # Undoing the waiver owes the fee again.
    requests.undo_last(uow(), row.number)
    assert accounts.show_account(uow(), CARD).balance == Decimal("15.00")


@pytest.mark.parametrize(
    ("amount", "kind", "words"),
    [
        ("-3", "damage", "more than zero"),
        ("1e9", "damage", "please check"),
        ("ten", "damage", "not an amount"),
        ("5", "bribe", "not a kind of charge"),
        ("5", "manual", "Say what"),
    ],
)
def test_bad_charges_change_nothing(uow, amount: str, kind: str, words: str) -> None:
    row = borrow(uow)
    with pytest.raises(InvalidInput, match=words):
        charges.add_charge(uow(), row.number, kind, amount)
    assert accounts.show_account(uow(), CARD).lines == ()
    assert requests.get_detail(uow(), row.number).history[-1].action == "create"


def test_unknown_payers_and_closed_accounts_are_refused(uow) -> None:
    with pytest.raises(NotFound):
        payments.add_payment(uow(), "NOPE", "5", "R1")
    with pytest.raises(InvalidInput, match="reference"):
        payments.add_payment(uow(), "WAU", "5", "  ")


def test_a_waiver_needs_a_supervisor(uow) -> None:
    row = borrow(uow)
    charges.add_charge(uow(), row.number, "damage", "9.00")
    line = accounts.show_account(uow(), CARD).lines[0]
    directory.add_staff(uow(), "Sam Student", "SS")
    with uow() as w:
        sam_id = w.session.scalars(sa.select(Staff.id).where(Staff.name == "Sam Student")).one()
    sam = Actor(sam_id, "Sam Student", "DESK-1")
    with pytest.raises(ServiceError, match="supervisor"):
        payments.waive(uow(sam), line.id, "Goodwill")
    with uow() as w:
        w.session.execute(sa.update(Staff).where(Staff.id == sam_id).values(role="supervisor"))
        w.commit()
    assert payments.waive(uow(sam), line.id, "Goodwill").balance == Decimal("0.00")


def test_money_actions_keep_every_history_replayable(uow) -> None:
    row = borrow(uow)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    charges.add_charge(uow(), row.number, "damage", "9.00", "Wet")
    requests.perform(uow(), row.number, "mark_lost")
    line = accounts.show_account(uow(), CARD).lines[0]
    payments.waive(uow(), line.id, "Goodwill")
    requests.undo_last(uow(), row.number)
    report = check_database(uow(read_only=True))
    assert report.ok, report.problems


def test_a_student_assistant_records_no_money(uow) -> None:
    """Charges, payments, invoices and appeals are staff work; a student assistant is refused
    in words that name the role, and nothing is written."""
    from illdesk.services.money import appeals, invoices

    loan = lend(uow)
    charges.add_charge(uow(), loan.number, "lending_fee", "15")
    directory.add_staff(uow(), "Sam Student", "SS", role="student")
    with uow() as w:
        sam_id = w.session.scalars(sa.select(Staff.id).where(Staff.name == "Sam Student")).one()
    sam = Actor(sam_id, "Sam Student", "DESK-1")
    line = accounts.show_account(uow(), "WAU").lines[0]
    refused = [
        lambda: charges.add_charge(uow(sam), loan.number, "shipping", "4.25"),
        lambda: payments.add_payment(uow(sam), "WAU", "15.00", "CHQ 77"),
        lambda: invoices.make_invoices(uow(sam), library="WAU"),
        lambda: appeals.open_appeal(uow(sam), line.id, "They say it was never sent"),
    ]
    for attempt in refused:
        with pytest.raises(ServiceError, match=r"student assistant.*a member of staff"):
            attempt()
    assert accounts.show_account(uow(), "WAU").balance == Decimal("15.00")
    assert len(accounts.show_account(uow(), "WAU").lines) == 1
    with uow() as w:
        w.session.execute(sa.update(Staff).where(Staff.id == sam_id).values(role="staff"))
        w.commit()
    assert payments.add_payment(uow(sam), "WAU", "15.00", "CHQ 77").balance == Decimal("0.00")
