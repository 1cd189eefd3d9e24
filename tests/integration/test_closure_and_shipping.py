"""Closures move due dates as events; packages go to one library or not at all."""

from __future__ import annotations

from datetime import date

import pytest

from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk import requests
from illdesk.services.desk.calendar import close_library
from illdesk.services.desk.queues import queue_page
from illdesk.services.errors import InvalidInput
from illdesk.services.shipping import packages as shipping
from tests.integration.helpers import borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def checked_out(uow, title: str) -> str:
    row = borrow(uow, title)
    for action in ("approve", "send"):
        requests.perform(uow(), row.number, action)
    requests.perform(uow(), row.number, "receive", {"lender_due_date": "2026-04-10"})
    requests.perform(uow(), row.number, "check_out")
    return row.number


def test_closure_moves_due_dates_past_it_with_an_event_each(uow) -> None:
    number = checked_out(uow, "Comets")
    # No group buffers are set here, so the default 7 days apply: 10 April less 7 is 3 April.
    assert requests.get_detail(uow(), number).row.patron_due_date == date(2026, 4, 3)
    untouched = checked_out(uow, "Hops")
    requests.perform(uow(), untouched, "change_due_date", {"due_date": "2026-04-20"})
    moved = close_library(uow(), date(2026, 4, 2), date(2026, 4, 4), "Spring break")
    assert moved == [number]
    detail = requests.get_detail(uow(), number)
    # 5 April is a Sunday (closed by default): the first open day after the closure is 6 April.
    assert detail.row.patron_due_date == date(2026, 4, 6)
    last = detail.history[-1]
    assert last.action == "change_due_date" and "Spring break" in last.summary
    requests.undo_last(uow(), number)
    assert requests.get_detail(uow(), number).row.patron_due_date == date(2026, 4, 3)
    assert check_database(uow(read_only=True)).ok


def test_package_of_returns_to_one_lender(uow) -> None:
    numbers = [checked_out(uow, t) for t in ("Salmon", "Timber")]
    for number in numbers:
        requests.perform(uow(), number, "patron_return")
    [group] = shipping.shipping_groups(uow(read_only=True))
    waiting = queue_page(uow(read_only=True), group.queue).rows
    assert (group.library_symbol, [r.number for r in waiting]) == ("ORE", numbers)
    package = shipping.ship_package(uow(), "ore", numbers, DeliveryMethod.COURIER)
    assert package.number == "P-26-000001" and package.request_numbers == tuple(numbers)
    for number in numbers:
        detail = requests.get_detail(uow(), number)
        assert detail.row.status == "completed"
        assert detail.history[-1].action == "return_to_lender"
    assert shipping.shipping_groups(uow(read_only=True)) == ()


def test_item_for_another_library_stops_the_whole_package(uow) -> None:
    loan = lend(uow)  # to WAU
    requests.perform(uow(), loan.number, "accept")
    requests.perform(uow(), loan.number, "found")
    ret = checked_out(uow, "Bridges")
    requests.perform(uow(), ret, "patron_return")  # goes back to ORE
    with pytest.raises(InvalidInput, match=f"{ret} goes to ORE, not WAU"):
        shipping.ship_package(uow(), "WAU", [loan.number, ret], DeliveryMethod.LIBRARY_MAIL)
    assert requests.get_detail(uow(), loan.number).row.status == "to_ship"
    shipped = shipping.ship_package(uow(), "WAU", [loan.number], DeliveryMethod.LIBRARY_MAIL)
    assert shipped.library_name == "University of Washington"
    assert requests.get_detail(uow(), loan.number).row.status == "on_loan"
