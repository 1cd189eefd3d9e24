"""Purchase instead of borrowing: a rule routes a new book to Buy instead, the order is
recorded with the action, the item goes to the patron like a loan, then to the collection."""

from __future__ import annotations

from decimal import Decimal

import pytest

from illdesk.core.citation import Citation
from illdesk.core.policy_rules import PolicyRule
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.errors import InvalidInput
from illdesk.services.rules import purchase
from illdesk.services.rules.policy import save_rule
from tests.integration.helpers import CARD, borrow, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def state(uow, number: str) -> str:
    return requests.get_detail(uow(), number).state.status.value


def test_a_rule_routes_recent_books_to_buy_instead_and_the_item_goes_round(uow) -> None:
    save_rule(
        uow(),
        PolicyRule("Buy new books", "buy", kind="purchase", formats=("book",), max_age_years=2),
    )
    new = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Rivers Now", year="2025"),
            CARD,
            lenders=("ORE",),
        ),
    ).number
    old = borrow(uow, "An old book")  # no year: the rule does not apply
    assert state(uow, new) == "purchase" and state(uow, old.number) == "new"
    history = requests.get_detail(uow(), new).history
    assert "Purchase rule “Buy new books”" in history[-1].summary
    told = purchase.buy_instead(uow(), new, purchase.Order("Bookshop", Decimal("24.95"), "PO-77"))
    assert "order recorded" in told
    [line] = purchase.queue(uow())
    assert (line.number, line.vendor, line.price, line.order_number) == (
        new,
        "Bookshop",
        Decimal("24.95"),
        "PO-77",
    )
    purchase.arrived(uow(), new)
    detail = requests.get_detail(uow(), new)
    assert detail.state.status.value == "on_hold_shelf" and detail.state.patron_due_date
    requests.perform(uow(), new, "check_out")
    requests.perform(uow(), new, "patron_return")
    purchase.to_collection(uow(), new)
    assert state(uow, new) == "completed" and purchase.queue(uow()) == []


def test_buying_from_new_writes_the_order_with_the_action_and_undo_takes_it_back(uow) -> None:
    number = borrow(uow, "Bridges").number
    with pytest.raises(InvalidInput, match="vendor"):
        purchase.buy_instead(uow(), number, purchase.Order(""))
    told = purchase.buy_instead(uow(), number, purchase.Order("Vendor A", Decimal("10")))
    assert "Order recorded: Vendor A for $10" in told
    requests.undo_last(uow(), number)
    assert state(uow, number) == "new" and purchase.queue(uow()) == []
    # a borrowed item cannot go "to the collection"
    with pytest.raises(InvalidInput):
        purchase.to_collection(uow(), number)
