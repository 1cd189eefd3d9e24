"""What a scan does in each desk mode, decided without a database."""

from __future__ import annotations

from datetime import date

import pytest

from illdesk.core.desk_decision import (
    DeskFacts,
    DeskMode,
    Outcome,
    ScannedRequest,
    decide_scan,
)
from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import Action, Status

B, L = Direction.BORROWING, Direction.LENDING
LOAN, COPY = Service.LOAN, Service.COPY
CARD = "21234000012347"


def scanned(direction: Direction, status: Status, service: Service = LOAN) -> ScannedRequest:
    card = CARD if direction is B else ""
    return ScannedRequest("B-26-000001", direction, service, status, patron_card=card)


@pytest.mark.parametrize(
    ("mode", "direction", "status", "action"),
    [
        (DeskMode.SMART, B, Status.SENT, Action.RECEIVE),
        (DeskMode.SMART, B, Status.SHIPPED, Action.RECEIVE),
        (DeskMode.SMART, L, Status.ON_LOAN, Action.CHECK_IN),
        (DeskMode.SMART, B, Status.CHECKED_OUT, Action.PATRON_RETURN),
        (DeskMode.SMART, L, Status.PULL_SLIP, Action.FOUND),
        (DeskMode.SMART, L, Status.STACKS_SEARCH, Action.FOUND),
        (DeskMode.RECEIVE, B, Status.SENT, Action.RECEIVE),
        (DeskMode.RECEIVE, L, Status.ON_LOAN, Action.CHECK_IN),
        (DeskMode.PATRON_RETURN, B, Status.CHECKED_OUT, Action.PATRON_RETURN),
        (DeskMode.PATRON_RETURN, B, Status.ON_HOLD_SHELF, Action.PATRON_RETURN),
        (DeskMode.STACKS_SEARCH, L, Status.PULL_SLIP, Action.FOUND),
    ],
)
def test_each_mode_does_the_one_right_thing(mode, direction, status, action) -> None:
    decision = decide_scan(DeskFacts(mode), scanned(direction, status))
    assert (decision.outcome, decision.action) == (Outcome.ACT, action)


@pytest.mark.parametrize(
    ("mode", "direction", "status"),
    [
        (DeskMode.RECEIVE, B, Status.CHECKED_OUT),  # a return is not a receipt
        (DeskMode.SMART, B, Status.ON_HOLD_SHELF),  # check-out needs the patron's card
        (DeskMode.PATRON_RETURN, L, Status.ON_LOAN),
        (DeskMode.STACKS_SEARCH, B, Status.SENT),
        (DeskMode.SMART, L, Status.TO_SHIP),
    ],
)
def test_a_scan_with_nothing_to_do_says_why(mode, direction, status) -> None:
    decision = decide_scan(DeskFacts(mode), scanned(direction, status))
    assert decision.outcome is Outcome.NOTHING_TO_DO and decision.action is None
    assert f"nothing to do for it in {mode.label} mode" in decision.reason


def test_a_copy_is_not_received_as_a_loan() -> None:
    decision = decide_scan(DeskFacts(), scanned(B, Status.SENT, COPY))
    assert decision.outcome is Outcome.NOTHING_TO_DO


def test_check_out_wants_the_card_first_and_the_right_patron() -> None:
    item = scanned(B, Status.ON_HOLD_SHELF)
    first = decide_scan(DeskFacts(DeskMode.CHECK_OUT), item)
    assert (first.outcome, first.reason) == (
        Outcome.NOTHING_TO_DO,
        "Scan the patron's card first, then the items.",
    )
    other = decide_scan(DeskFacts(DeskMode.CHECK_OUT, patron_card="21234000099995"), item)
    assert other.outcome is Outcome.WRONG_PATRON
    right = decide_scan(DeskFacts(DeskMode.CHECK_OUT, patron_card=CARD), item)
    assert (right.outcome, right.action) == (Outcome.ACT, Action.CHECK_OUT)


def test_check_out_of_an_item_already_due_back_is_refused_with_the_date() -> None:
    item = ScannedRequest(
        "B-26-000001",
        B,
        LOAN,
        Status.ON_HOLD_SHELF,
        patron_card=CARD,
        patron_due_date=date(2026, 3, 20),
    )
    on_the_day = DeskFacts(DeskMode.CHECK_OUT, patron_card=CARD, today=date(2026, 3, 20))
    assert decide_scan(on_the_day, item).outcome is Outcome.ACT
    after = DeskFacts(DeskMode.CHECK_OUT, patron_card=CARD, today=date(2026, 3, 21))
    refused = decide_scan(after, item)
    assert (refused.outcome, refused.action) == (Outcome.PAST_DUE, Action.CHECK_OUT)
    assert "20 Mar 2026" in refused.reason


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.CANCELLED, Status.UNFILLED])
def test_a_finished_request_is_already_done_in_every_mode_but_pack(status) -> None:
    for mode in DeskMode:
        decision = decide_scan(DeskFacts(mode, patron_card=CARD), scanned(L, status))
        expected = Outcome.NOT_READY_TO_SHIP if mode is DeskMode.PACK else Outcome.ALREADY_DONE
        assert decision.outcome is expected, mode


def test_pack_takes_only_what_waits_to_go_out() -> None:
    pack = DeskFacts(DeskMode.PACK)
    assert decide_scan(pack, scanned(L, Status.TO_SHIP)).outcome is Outcome.PACK
    assert decide_scan(pack, scanned(B, Status.RETURNED)).outcome is Outcome.PACK
    refused = decide_scan(pack, scanned(L, Status.ON_LOAN))
    assert refused.outcome is Outcome.NOT_READY_TO_SHIP and refused.reason == "It is “On loan”."


def test_stacks_search_not_found_unfills_with_the_reason() -> None:
    desk = DeskFacts(DeskMode.STACKS_SEARCH, not_found_reason="NotOnShelf")
    decision = decide_scan(desk, scanned(L, Status.STACKS_SEARCH))
    assert decision.action is Action.UNFILL and decision.params == {"reason": "NotOnShelf"}


def test_receiving_gives_our_barcode_and_what_staff_set() -> None:
    item = ScannedRequest("B-26-000007", B, LOAN, Status.SHIPPED, patron_card=CARD)
    plain = decide_scan(DeskFacts(), item)
    assert plain.params == {"temp_barcode": "B-26-000007"}
    banded = replace_barcode(item, "ILL26000325")
    desk = DeskFacts(receive_due_date=date(2026, 4, 1), receive_restrictions="In library only")
    assert decide_scan(desk, banded).params == {
        "temp_barcode": "ILL26000325",
        "lender_due_date": date(2026, 4, 1),
        "restrictions": "In library only",
    }


def replace_barcode(item: ScannedRequest, barcode: str) -> ScannedRequest:
    return ScannedRequest(
        item.number, item.direction, item.service, item.status, barcode, item.patron_card
    )
