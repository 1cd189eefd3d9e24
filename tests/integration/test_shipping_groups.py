"""The Shipping queues: what waits to go out, grouped by destination library and method."""

from __future__ import annotations

from illdesk.core.citation import Citation
from illdesk.core.queues import BY_KEY
from illdesk.core.vocabulary import DeliveryMethod, Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.queues import queue_page
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.services.shipping import packages as shipping
from tests.integration.helpers import borrow, lend, seed_directory

M = DeliveryMethod


def _lend_copy(uow, symbol: str) -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.COPY,
            Format.ARTICLE,
            Citation(journal_title="Pacific Northwest Quarterly", article_title="Ferries"),
            library_symbol=symbol,
            call_number="F886 .P3",
            location="Periodicals",
        ),
    )
    return _to_ship(uow, row.number)


def _to_ship(uow, number: str) -> str:
    requests.perform(uow(), number, "accept")
    requests.perform(uow(), number, "found")
    return number


def _returned(uow, title: str) -> str:
    number = borrow(uow, title).number  # lent to us by ORE
    requests.perform(uow(), number, "approve")
    requests.perform(uow(), number, "send")
    requests.perform(uow(), number, "receive", {"lender_due_date": "2026-05-10"})
    requests.perform(uow(), number, "check_out")
    requests.perform(uow(), number, "patron_return")
    return number


def _numbers(uow, queue) -> list[str]:
    return sorted(r.number for r in queue_page(uow(), queue, limit=50).rows)


def test_groups_by_library_and_method_in_packing_order(uow) -> None:
    seed_directory(uow)
    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="WSL",
            name="Washington State Library",
            delivery_methods=(M.ELECTRONIC, M.COURIER),
            courier_route="R2",
        ),
    )
    wau_loan = _to_ship(uow, lend(uow).number)  # WAU takes library mail (the default)
    wsl_loans = sorted(_to_ship(uow, _lend_to(uow, "WSL", t)) for t in ("Orcas", "Tides"))
    wsl_copy = _lend_copy(uow, "WSL")
    ore_return = _returned(uow, "Salmon")

    groups = shipping.shipping_groups(uow(read_only=True))
    assert [(g.method, g.library_symbol, g.count) for g in groups] == [
        (M.COURIER, "WSL", 2),
        (M.LIBRARY_MAIL, "ORE", 1),
        (M.LIBRARY_MAIL, "WAU", 1),
        (M.ELECTRONIC, "WSL", 1),
    ]
    courier, ore, wau, electronic = groups
    assert courier.courier_route == "R2" and courier.oldest is not None
    assert courier.queue.title == "To Washington State Library (WSL) by Courier"
    # Each group opens as a queue holding exactly its requests; WSL is split by service.
    assert _numbers(uow, courier.queue) == wsl_loans
    assert _numbers(uow, electronic.queue) == [wsl_copy]
    assert _numbers(uow, ore.queue) == [ore_return]
    assert _numbers(uow, wau.queue) == [wau_loan]
    assert _numbers(uow, BY_KEY["s-all"]) == sorted([*wsl_loans, wsl_copy, ore_return, wau_loan])

    shipping.ship_package(uow(), "WSL", wsl_loans, M.COURIER)
    after = shipping.shipping_groups(uow(read_only=True))
    assert [(g.method, g.library_symbol, g.count) for g in after] == [
        (M.LIBRARY_MAIL, "ORE", 1),
        (M.LIBRARY_MAIL, "WAU", 1),
        (M.ELECTRONIC, "WSL", 1),
    ]
    # With its loans gone, WSL's copy group needs no service filter of its own.
    assert after[-1].queue.service is None


def test_copies_travel_physically_when_the_library_takes_no_pdfs(uow) -> None:
    seed_directory(uow)
    loan = _to_ship(uow, lend(uow).number)
    copy = _lend_copy(uow, "WAU")
    [group] = shipping.shipping_groups(uow(read_only=True))
    assert (group.method, group.count, group.queue.service) == (M.LIBRARY_MAIL, 2, None)
    assert _numbers(uow, group.queue) == sorted([loan, copy])


def test_nothing_to_send_means_no_groups(uow) -> None:
    seed_directory(uow)
    lend(uow)  # still new: not ready to go
    assert shipping.shipping_groups(uow(read_only=True)) == ()


def _lend_to(uow, symbol: str, title: str) -> str:
    return create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            library_symbol=symbol,
            call_number="QL737 .C4",
            location="Main stacks",
        ),
    ).number
