"""A small hand-made history whose every figure was counted by hand (see test_reports.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from illdesk.core.vocabulary import Service
from illdesk.services.desk import requests
from illdesk.store.unit_of_work import UnitOfWork
from tests.integration.helpers import borrow, lend, seed_directory


def at(month: int, day: int, hour: int) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def make_history(uow: Callable[..., UnitOfWork], clock: Any) -> dict[str, str]:
    """Five borrowing and two lending requests in March and April 2026."""
    clock.at = at(2, 20, 9)
    seed_directory(uow)

    def step(when: datetime, number: str, action: str, **params: Any) -> None:
        clock.at = when
        requests.perform(uow(), number, action, params)

    clock.at = at(3, 2, 10)
    r1 = borrow(uow, "R1 Rivers").number
    step(at(3, 2, 11), r1, "approve")
    step(at(3, 2, 11), r1, "send")
    step(at(3, 3, 11), r1, "lender_shipped")
    step(at(3, 5, 11), r1, "receive", lender_due_date=date(2026, 4, 30))

    clock.at = at(3, 10, 9)
    r2 = borrow(uow, "R2 Mountains").number
    step(at(3, 10, 9), r2, "approve")
    step(at(3, 10, 9), r2, "send")
    step(at(3, 11, 9), r2, "lender_unfilled", reason="NotOnShelf")
    step(at(3, 20, 9), r2, "no_answer")
    step(at(3, 21, 9), r2, "cancel", reason="patron_request")

    clock.at = at(3, 30, 12)
    r3 = borrow(uow, "R3 Salmon runs", service=Service.COPY).number
    step(at(3, 30, 12), r3, "approve")
    step(at(3, 30, 12), r3, "clear_copyright", copyright_code="ccg")
    step(at(3, 30, 12), r3, "send")
    step(at(4, 1, 12), r3, "receive_copy")

    clock.at = at(3, 15, 10)
    r4 = borrow(uow, "R4 Bridges").number
    step(at(3, 15, 10), r4, "approve")
    step(at(3, 15, 10), r4, "send")
    step(at(3, 16, 16), r4, "receive", lender_due_date=date(2026, 3, 25))
    step(at(3, 16, 17), r4, "check_out")
    step(at(3, 20, 10), r4, "renew_ask")
    step(at(3, 21, 10), r4, "renew_denied")

    clock.at = at(3, 5, 8)
    r5 = borrow(uow, "R5 Lighthouses").number
    step(at(3, 5, 8), r5, "approve")
    step(at(3, 5, 8), r5, "send")
    step(at(3, 6, 8), r5, "lender_shipped")
    clock.at = at(3, 6, 9)
    requests.undo_last(uow(), r5)

    clock.at = at(3, 3, 10)
    l1 = lend(uow, "L1 Quilts").number
    step(at(3, 3, 12), l1, "accept")
    step(at(3, 3, 13), l1, "print_pull_slip")
    step(at(3, 3, 14), l1, "found")
    step(at(3, 4, 10), l1, "ship", due_date=date(2026, 4, 30))
    step(at(4, 20, 10), l1, "check_in")

    clock.at = at(3, 8, 10)
    l2 = lend(uow, "L2 Barns").number
    step(at(3, 8, 11), l2, "unfill", reason="NotOwned")
    return {"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "l1": l1, "l2": l2}


# Every figure of March 2026, counted by hand from the history above.
MARCH = {
    "borrowing.requests": 5,
    "borrowing.sent": 5,
    "borrowing.filled": 2,  # R1 shipped, R4 received straight from waiting; R5's ship undone
    "borrowing.received": 2,
    "borrowing.unfilled": 2,
    "borrowing.unfilled.NotOnShelf": 1,
    "borrowing.unfilled.NoAnswer": 1,
    "borrowing.cancelled": 1,
    "borrowing.renewals_asked": 1,
    "borrowing.renewals_refused": 1,
    "borrowing.returned": 0,
    "borrowing.lost": 0,
    "borrowing.overdue": 1,  # R4 was due on 25 March and still out
    "lending.requests": 2,
    "lending.accepted": 1,
    "lending.filled": 1,
    "lending.unfilled": 1,
    "lending.unfilled.NotOwned": 1,
    "lending.returned": 0,
    "lending.overdue": 0,
}
MARCH_TIMES = {
    # R1: sent 2 Mar 11:00, shipped 3 Mar 11:00 (24 h); R4: sent 15 Mar 10:00, received
    # 16 Mar 16:00 (30 h)
    "borrowing.to_fill.count": 2,
    "borrowing.to_fill.median_hours": "27.0",
    "borrowing.to_fill.under_48h": 2,
    # R1 made 2 Mar 10:00, received 5 Mar 11:00 (73 h); R4 30 h
    "borrowing.total.median_hours": "51.5",
    "borrowing.total.mean_hours": "51.5",
    "borrowing.total.under_48h": 1,
    "borrowing.total.over_72h": 1,
    # R1 shipped 3 Mar 11:00, received 5 Mar 11:00: exactly 48 h, the middle bucket
    "borrowing.to_receipt.count": 1,
    "borrowing.to_receipt.48_72h": 1,
    # L1 received 3 Mar 10:00, shipped 4 Mar 10:00
    "lending.total.median_hours": "24.0",
}
APRIL = {"borrowing.requests": 0, "borrowing.received": 1, "borrowing.filled": 1,
         "lending.returned": 1}  # fmt: skip
