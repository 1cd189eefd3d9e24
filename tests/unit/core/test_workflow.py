"""The status machines: lifecycles end to end, guards, rota advance, renewals, undo, overdue."""

from __future__ import annotations

from collections import deque
from datetime import date, timedelta

import pytest

from illdesk.core.duedates import ClosedCalendar, DuePolicy
from illdesk.core.vocabulary import Direction, RotaAnswer, Service
from illdesk.core.workflow import (
    STATUSES,
    TERMINAL,
    TRANSITIONS,
    Action,
    Context,
    Overdue,
    RequestState,
    RotaEntry,
    Status,
    TransitionError,
    allowed_actions,
    apply,
    diff,
    iso18626_status,
    overdue,
    undo,
)

TODAY = date(2026, 3, 2)  # a Monday
POLICY = DuePolicy(buffer_days=7, calendar=ClosedCalendar.of([6]))


def act(state: RequestState, action: Action, **params: object) -> RequestState:
    new, _ = apply(state, action, Context(params=params, today=TODAY, policy=POLICY))
    return new


def borrowing(service: Service = Service.LOAN, *lenders: str) -> RequestState:
    rota = tuple(RotaEntry(s) for s in (lenders or ("ORE", "WAU")))
    return RequestState(Direction.BORROWING, service, rota=rota)


def test_borrowing_loan_whole_life() -> None:
    s = act(borrowing(), Action.APPROVE)
    assert s.status is Status.READY_TO_SEND
    s = act(s, Action.SEND)
    assert s.status is Status.SENT and s.current_lender == RotaEntry("ORE", RotaAnswer.PENDING)
    s = act(s, Action.LENDER_SHIPPED)
    s = act(s, Action.RECEIVE, lender_due_date=date(2026, 4, 6), temp_barcode="ILL1")
    assert s.status is Status.ON_HOLD_SHELF
    # 6 April less 7 days is Monday 30 March, an open day.
    assert s.patron_due_date == date(2026, 3, 30)
    assert s.temp_barcode == "ILL1"
    s = act(s, Action.CHECK_OUT)
    s = act(s, Action.PATRON_RETURN)
    s = act(s, Action.RETURN_TO_LENDER)
    assert s.status is Status.COMPLETED
    assert allowed_actions(s, Context(today=TODAY)) == []


def test_copy_goes_through_copyright_clearance() -> None:
    s = act(borrowing(Service.COPY), Action.APPROVE)
    assert s.status is Status.COPYRIGHT_REVIEW
    with pytest.raises(TransitionError, match="Copyright compliance is needed"):
        act(s, Action.CLEAR_COPYRIGHT)
    s = act(s, Action.CLEAR_COPYRIGHT, copyright_code="CCG")
    assert s.copyright_code == "ccg"
    s = act(act(s, Action.SEND), Action.DELIVER_COPY)
    assert s.status is Status.COMPLETED
    sent = act(
        act(
            act(borrowing(Service.COPY), Action.APPROVE),
            Action.CLEAR_COPYRIGHT,
            copyright_code="ccl",
        ),
        Action.SEND,
    )
    with pytest.raises(TransitionError, match="Only for loans"):
        act(sent, Action.RECEIVE, lender_due_date=TODAY)


def test_unfilled_moves_to_next_lender_then_exhausts() -> None:
    s = act(act(borrowing(Service.LOAN, "ORE", "WAU"), Action.APPROVE), Action.SEND)
    s = act(s, Action.LENDER_UNFILLED, reason="NotOnShelf")
    assert s.status is Status.SENT
    assert [(e.symbol, e.answer, e.reason) for e in s.rota] == [
        ("ORE", RotaAnswer.UNFILLED, "NotOnShelf"),
        ("WAU", RotaAnswer.PENDING, ""),
    ]
    s = act(s, Action.NO_ANSWER)
    assert s.status is Status.EXHAUSTED
    assert s.rota[1].answer is RotaAnswer.NO_ANSWER
    with pytest.raises(TransitionError, match="not possible while"):
        act(s, Action.SEND)
    with pytest.raises(TransitionError, match="Lenders is needed"):
        act(s, Action.SET_LENDERS, lenders=[])
    s = act(s, Action.SET_LENDERS, lenders="msu, uiu")
    assert s.status is Status.READY_TO_SEND
    assert [e.symbol for e in s.rota] == ["ORE", "WAU", "MSU", "UIU"]
    s = act(s, Action.SEND)
    assert s.current_lender == RotaEntry("MSU", RotaAnswer.PENDING)


def test_unfilled_needs_a_known_reason_code() -> None:
    s = act(act(borrowing(), Action.APPROVE), Action.SEND)
    with pytest.raises(TransitionError, match="Reason is needed"):
        act(s, Action.LENDER_UNFILLED)
    with pytest.raises(TransitionError, match="not a valid value"):
        act(s, Action.LENDER_UNFILLED, reason="Busy")


def test_conditional_answer_accepted_or_rejected() -> None:
    s = act(act(borrowing(Service.LOAN, "ORE", "WAU"), Action.APPROVE), Action.SEND)
    s = act(s, Action.LENDER_CONDITIONAL, conditions="Library use only")
    assert s.status is Status.CONDITIONAL and s.conditions == "Library use only"
    accepted = act(s, Action.ACCEPT_CONDITIONS)
    assert accepted.status is Status.SENT and accepted.rota[0].answer is RotaAnswer.ACCEPTED
    rejected = act(s, Action.REJECT_CONDITIONS)
    assert rejected.status is Status.SENT
    assert rejected.current_lender == RotaEntry("WAU", RotaAnswer.PENDING)
    assert rejected.conditions == ""


def test_renewal_asked_approved_denied_and_recall() -> None:
    s = act(
        act(act(borrowing(), Action.APPROVE), Action.SEND),
        Action.RECEIVE,
        lender_due_date=date(2026, 4, 6),
    )
    s = act(s, Action.CHECK_OUT)
    s = act(s, Action.RENEW_ASK)
    with pytest.raises(TransitionError, match="already been asked"):
        act(s, Action.RENEW_ASK)
    approved = act(s, Action.RENEW_APPROVED, new_due_date="2026-05-04")
    assert approved.lender_due_date == date(2026, 5, 4)
    assert approved.patron_due_date == date(2026, 4, 27)
    assert approved.renewals == 1 and not approved.renewal_pending
    denied = act(s, Action.RENEW_DENIED)
    assert denied.lender_due_date == date(2026, 4, 6) and not denied.renewal_pending
    recalled = act(approved, Action.RECALL, new_due_date="2026-03-20")
    assert recalled.recalled and recalled.lender_due_date == date(2026, 3, 20)
    assert recalled.patron_due_date == date(2026, 3, 13)
    with pytest.raises(TransitionError, match="recalled"):
        act(recalled, Action.RENEW_ASK)


def test_recall_never_gives_the_patron_more_time() -> None:
    s = act(
        act(act(borrowing(), Action.APPROVE), Action.SEND),
        Action.RECEIVE,
        lender_due_date=date(2026, 3, 5),
    )
    # Lender due 5 March: the buffer would put the patron's date in the past, so it is today.
    assert s.patron_due_date == TODAY
    later = act(s, Action.RECALL, new_due_date="2026-04-30")
    assert later.patron_due_date == TODAY


def test_lending_loan_whole_life_and_unfilled() -> None:
    s = RequestState(Direction.LENDING, Service.LOAN)
    s = act(s, Action.ACCEPT)
    assert s.status is Status.PULL_SLIP
    s = act(act(s, Action.PRINT_PULL_SLIP), Action.FOUND, item_barcode="31234000001234")
    assert s.status is Status.TO_SHIP and s.item_barcode == "31234000001234"
    with pytest.raises(TransitionError, match="Due date is needed"):
        act(s, Action.SHIP)
    s = act(s, Action.SHIP, due_date=date(2026, 4, 1))
    assert s.status is Status.ON_LOAN
    assert iso18626_status(s, TODAY) == "Loaned"
    assert iso18626_status(s, date(2026, 4, 2)) == "Overdue"
    s = act(s, Action.CHECK_IN)
    assert s.status is Status.COMPLETED and iso18626_status(s, TODAY) == "LoanCompleted"
    unfilled = act(
        act(RequestState(Direction.LENDING, Service.LOAN), Action.ACCEPT),
        Action.UNFILL,
        reason="NonCirculating",
    )
    assert unfilled.status is Status.UNFILLED and unfilled.reason == "NonCirculating"


def test_cancel_needs_a_reason_and_only_before_the_item_arrives() -> None:
    s = act(borrowing(), Action.APPROVE)
    with pytest.raises(TransitionError, match="Reason is needed"):
        act(s, Action.CANCEL)
    assert act(s, Action.CANCEL, reason="patron_request").status is Status.CANCELLED
    out = act(
        act(act(act(s, Action.SEND), Action.RECEIVE, lender_due_date=TODAY), Action.CHECK_OUT),
        Action.PATRON_RETURN,
    )
    with pytest.raises(TransitionError, match="not possible while the request is"):
        act(out, Action.CANCEL, reason="patron_request")


def test_action_of_the_other_direction_is_refused() -> None:
    with pytest.raises(TransitionError, match="not a borrowing action"):
        act(borrowing(), Action.SHIP, due_date=TODAY)


def test_undo_restores_the_exact_previous_state() -> None:
    s = act(act(borrowing(), Action.APPROVE), Action.SEND)
    after = act(s, Action.LENDER_UNFILLED, reason="NotOwned")
    assert undo(after, diff(s, after)) == s


def test_undo_refuses_when_the_request_moved_on() -> None:
    s = act(act(borrowing(), Action.APPROVE), Action.SEND)
    after = act(s, Action.LENDER_UNFILLED, reason="NotOwned")
    moved = act(after, Action.RECEIVE, lender_due_date=TODAY)
    with pytest.raises(TransitionError, match="changed since"):
        undo(moved, diff(s, after))


def test_overdue_is_derived_from_dates() -> None:
    s = act(
        act(act(borrowing(), Action.APPROVE), Action.SEND),
        Action.RECEIVE,
        lender_due_date=date(2026, 4, 6),
    )
    s = act(s, Action.CHECK_OUT)
    assert overdue(s, date(2026, 3, 30)) is None
    assert overdue(s, date(2026, 3, 31)) is Overdue.PATRON
    assert overdue(s, date(2026, 4, 7)) is Overdue.LENDER
    assert overdue(act(s, Action.PATRON_RETURN), date(2026, 3, 31)) is None


def test_table_only_names_statuses_of_its_direction() -> None:
    for t in TRANSITIONS:
        allowed = set(STATUSES[t.direction])
        assert t.sources <= allowed, t
        assert t.target is None or t.target in allowed, t


def test_every_status_is_reachable_and_every_live_status_has_a_way_out() -> None:
    for direction in Direction:
        reachable = {Status.NEW}
        queue = deque([Status.NEW])
        while queue:
            status = queue.popleft()
            for t in TRANSITIONS:
                if (
                    t.direction is direction
                    and status in t.sources
                    and t.target
                    and t.target not in reachable
                ):
                    reachable.add(t.target)
                    queue.append(t.target)
        assert reachable == set(STATUSES[direction])
        for status in set(STATUSES[direction]) - TERMINAL:
            assert any(
                t.direction is direction and status in t.sources and t.target not in (None, status)
                for t in TRANSITIONS
            ), f"{direction} {status} has no way out"


def test_allowed_actions_are_exactly_those_apply_accepts() -> None:
    s = act(act(borrowing(), Action.APPROVE), Action.SEND)
    ctx = Context(today=TODAY, policy=POLICY)
    offered = allowed_actions(s, ctx)
    assert Action.LENDER_UNFILLED in offered and Action.CHECK_OUT not in offered
    for action in offered:
        try:
            apply(s, action, ctx)
        except TransitionError as exc:  # only a missing parameter may stop an offered action
            assert "needed" in str(exc)


def test_patron_due_date_skips_closed_days_and_never_lies_in_the_past() -> None:
    policy = DuePolicy(3, ClosedCalendar.of([5, 6], [date(2026, 4, 3)]))
    # 6 April (Mon) less 3 days = Fri 3 April, closed: the day before.
    assert policy.patron_due_date(date(2026, 4, 6), TODAY) == date(2026, 4, 2)
    assert policy.patron_due_date(date(2026, 3, 1), TODAY) == TODAY
    assert policy.patron_due_date(date(2026, 3, 1), TODAY + timedelta(days=5)) == date(2026, 3, 9)
