"""Lost items on SQLite and PostgreSQL: the declaration and its charges in one transaction,
undo takes both back, the lender's bill replaces the assumed price, a found item is credited
by the rules, and a balance over the limit blocks new requests and the check-out desk."""

from __future__ import annotations

from decimal import Decimal

import pytest

from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.scan import DeskMode, DeskState, handle_scan
from illdesk.services.errors import InvalidInput
from illdesk.services.money import accounts, charges, payments
from illdesk.store.money_schema import LedgerLine
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def checked_out(uow, title: str = "Rivers") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    return row.number


def balance(uow, who: str = CARD) -> Decimal:
    return accounts.show_account(uow(), who).balance


def test_declaring_lost_charges_in_the_same_action_and_undo_takes_both_back(uow) -> None:
    number = checked_out(uow)
    done = requests.perform(uow(), number, "mark_lost", {"note": "Patron moved away"})
    assert "Lost item replacement 100.00 USD" in done.message
    assert "Processing fee 15.00 USD" in done.message
    assert balance(uow) == Decimal("115.00")
    lines = accounts.show_account(uow(), CARD).lines
    detail = requests.get_detail(uow(), number)
    lost_event = detail.history[-1]
    assert lost_event.action == "mark_lost"
    with uow() as unit:
        event_ids = {
            unit.session.get(LedgerLine, line.id).event_id
            for line in lines  # type: ignore[union-attr]
        }
    assert event_ids == {lost_event.id}
    requests.undo_last(uow(), number)
    assert requests.get_detail(uow(), number).row.status == "checked_out"
    assert balance(uow) == Decimal("0.00")


def test_the_lenders_bill_replaces_the_assumed_price_and_found_refunds_it(uow) -> None:
    number = checked_out(uow)
    requests.perform(uow(), number, "mark_lost")
    charges.add_charge(uow(), number, "replacement", "66.81", "Lender's invoice 5521")
    assert balance(uow) == Decimal("81.81")
    payments.add_payment(uow(), CARD, "81.81", "RCPT-1", method="card")
    assert balance(uow) == Decimal("0.00")
    # The payment names no request, yet the request shows nothing owed any more.
    assert accounts.request_money(uow(), number).owed == Decimal("0.00")
    found = requests.perform(uow(), number, "lost_found", {"note": "In the book drop"})
    assert found.to_status == "returned"
    assert "Credited as found: Lost item replacement 66.81 USD" in found.message
    # The processing fee is kept (the default rule), the replacement is owed back to the patron.
    assert balance(uow) == Decimal("-66.81")
    assert accounts.request_money(uow(), number).owed == Decimal("-66.81")  # due back
    # Undo the found and the replacement is owed again; undo the bill and the assumed comes back.
    requests.undo_last(uow(), number)
    assert balance(uow) == Decimal("0.00")
    requests.undo_last(uow(), number)
    assert balance(uow) == Decimal("33.19")  # 115.00 assumed, less the 81.81 paid


def test_a_found_item_refunds_the_fee_too_when_the_rule_says_so(uow) -> None:
    with uow() as unit:
        current = library_settings.load(unit)
        library_settings.save(
            unit,
            library_settings.with_value(current, "money.refund_processing_fee_when_found", "yes"),
        )
        unit.commit()
    number = checked_out(uow)
    requests.perform(uow(), number, "mark_lost")
    requests.perform(uow(), number, "lost_found")
    assert balance(uow) == Decimal("0.00")


def test_a_lent_item_lost_is_charged_to_the_borrowing_library(uow) -> None:
    loan = lend(uow)
    for action in ("accept", "print_pull_slip", "found", "ship"):
        requests.perform(uow(), loan.number, action)
    requests.perform(uow(), loan.number, "mark_lost")
    assert balance(uow, "WAU") == Decimal("115.00")
    back = requests.perform(uow(), loan.number, "lost_found")
    assert back.to_status == "completed"
    assert balance(uow, "WAU") == Decimal("15.00")


def test_a_balance_over_the_limit_blocks_new_requests_and_the_checkout_desk(uow) -> None:
    number = checked_out(uow)
    requests.perform(uow(), number, "mark_lost")
    with pytest.raises(InvalidInput, match=r"owes 115.00 USD, more than the limit of 25.00"):
        borrow(uow, "Another book", allow_duplicate=True)
    result, state = handle_scan(uow(), CARD, DeskState(mode=DeskMode.CHECK_OUT))
    assert not result.ok and "blocked" in result.headline.lower()
    assert state.patron_card == ""
    line = next(
        line for line in accounts.show_account(uow(), CARD).lines if line.type == "replacement"
    )
    payments.waive(uow(), line.id, "Replaced by the patron with a new copy")
    assert borrow(uow, "Another book", allow_duplicate=True).number
    result, state = handle_scan(uow(), CARD, DeskState(mode=DeskMode.CHECK_OUT))
    assert result.ok and state.patron_card == CARD
    # Under the limit, the desk still says what the patron owes when the card is scanned.
    assert "Owes 15.00 USD (block above 25.00)." in result.detail
    result, _state = handle_scan(uow(), CARD, DeskState(mode=DeskMode.RECEIVE))
    assert "Owes 15.00 USD" in result.detail


def test_the_lost_and_found_dialogs_state_what_the_rules_will_do(uow) -> None:
    from illdesk.services.money import lost_items

    number = _checked_out_for_preview(uow)
    before = lost_items.money_preview(uow(), [number], "mark_lost")
    assert "charges the patron (Jo Müller, card 21234000012347)" in before
    assert "Replacement (default for a book) 100.00 USD, Processing fee 15.00 USD" in before
    assert "115.00 USD in all" in before
    requests.perform(uow(), number, "mark_lost")
    assert accounts.show_account(uow(), CARD).balance == Decimal("115.00")  # as it said
    payments.add_payment(uow(), CARD, "115.00", "CASH-LOST", method="cash")
    found = lost_items.money_preview(uow(), [number], "lost_found")
    assert "credits the patron (Jo Müller, card 21234000012347) back" in found
    assert "Lost item replacement 100.00 USD." in found
    assert "Kept: Processing fee 15.00 USD." in found
    assert "100.00 USD of it was already paid" in found
    requests.perform(uow(), number, "lost_found")
    assert accounts.show_account(uow(), CARD).balance == Decimal("-100.00")  # as it said
    assert lost_items.money_preview(uow(), [number], "receive") == ""


def _checked_out_for_preview(uow) -> str:
    row = borrow(uow, "Preview of a loss", allow_duplicate=True)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    return row.number
