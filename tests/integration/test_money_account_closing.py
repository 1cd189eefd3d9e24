"""Closing an account on SQLite and PostgreSQL: only when square, then no payment and no
charge goes on it; reopening; bad input changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.money import account_closing, accounts, charges, payments
from tests.integration.helpers import CARD, borrow, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_an_account_closes_only_when_square_and_then_takes_nothing(uow) -> None:
    row = borrow(uow)
    charges.add_charge(uow(), row.number, "damage", "20.00")
    with pytest.raises(InvalidInput, match=r"still owes 20.00 USD"):
        account_closing.close_account(uow(), CARD, "Graduated")
    with pytest.raises(InvalidInput, match="Say why"):
        account_closing.close_account(uow(), CARD, "  ")
    assert not accounts.show_account(uow(), CARD).closed
    payments.add_payment(uow(), CARD, "25.00", "CASH-1", method="cash")
    with pytest.raises(InvalidInput, match=r"5.00 USD in credit"):
        account_closing.close_account(uow(), CARD, "Graduated")
    charges.add_charge(uow(), row.number, "shipping", "5.00")
    closed = account_closing.close_account(uow(), CARD, "Graduated")
    assert "is closed" in closed.message
    view = accounts.show_account(uow(), CARD)
    assert view.closed and "Graduated" in view.closed_why and view.balance == Decimal("0.00")
    with pytest.raises(InvalidInput, match="closed: it takes no payments"):
        payments.add_payment(uow(), CARD, "1.00", "CASH-2", method="cash")
    with pytest.raises(InvalidInput, match="closed: it takes no new charges"):
        charges.add_charge(uow(), row.number, "damage", "3.00")
    with pytest.raises(InvalidInput, match="already closed"):
        account_closing.close_account(uow(), CARD, "Again")
    after = accounts.show_account(uow(), CARD)
    assert after.lines == view.lines  # the refused payment and charge wrote nothing
    assert not account_closing.reopen_account(uow(), CARD).closed
    payments.add_payment(uow(), CARD, "1.00", "CASH-2", method="cash")
    with pytest.raises(InvalidInput, match="is not closed"):
        account_closing.reopen_account(uow(), CARD)


def test_a_library_without_lines_can_be_closed(uow) -> None:
    account_closing.close_account(uow(), "MSU", "No longer a partner")
    assert accounts.show_account(uow(), "msu").closed
    with pytest.raises(NotFound):
        account_closing.close_account(uow(), "NOPE", "x")


def test_closing_on_the_command_line(db_url, uow) -> None:
    del uow
    from tests.integration.test_cli import illdesk

    db = ("--database", db_url)
    closed = illdesk(*db, "account", "close", "WAU", "--note", "Left the consortium").stdout
    assert "is closed" in closed
    shown = illdesk(*db, "account", "show", "WAU").stdout
    assert "This account is closed on" in shown and "Left the consortium" in shown
    refused = illdesk(*db, "payment", "add", "WAU", "--amount", "5", "--reference", "T-1",
                      check=False)  # fmt: skip
    assert refused.returncode == 1 and "takes no payments" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert "open again" in illdesk(*db, "account", "reopen", "WAU").stdout
