"""Patron notices are queued with the action that calls for them and withdrawn on undo."""

from __future__ import annotations

import pytest

from illdesk.services.desk import requests
from illdesk.services.desk.scan import DeskState, handle_scan, undo_last_scan
from illdesk.services.notices import outbox as notices
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def sent(uow, title: str = "Glaciers") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    return row.number


def test_receiving_queues_a_pickup_notice_and_undo_withdraws_it(uow) -> None:
    number = sent(uow)
    assert notices.pending(uow()) == []
    result = requests.perform(uow(), number, "receive")
    assert "Patron notice queued (ready for pickup, e-mail)" in result.message
    queued = notices.pending(uow())
    assert [(n.request_number, n.patron_card, n.kind) for n in queued] == [
        (number, CARD, "ready_for_pickup")
    ]
    requests.undo_last(uow(), number)
    assert notices.pending(uow()) == []


def test_a_scan_queues_the_same_notice_and_its_undo_withdraws_it(uow) -> None:
    number = sent(uow)
    result, state = handle_scan(uow(), number, DeskState())
    assert "Patron notice queued" in result.detail
    assert [n.request_number for n in notices.pending(uow())] == [number]
    undo_last_scan(uow(), state)
    assert notices.pending(uow()) == []


def test_actions_that_tell_the_patron_nothing_queue_nothing(uow) -> None:
    number = sent(uow)
    requests.perform(uow(), number, "lender_unfilled", {"reason": "NotOnShelf"})
    loan = lend(uow)
    requests.perform(uow(), loan.number, "accept")
    assert notices.pending(uow()) == []
