"""Property: random action sequences never leave the table, undo is exact, replay reproduces."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from illdesk.core import state_codec
from illdesk.core.duedates import ClosedCalendar, DuePolicy
from illdesk.core.replay import RecordedEvent, replay
from illdesk.core.vocabulary import Direction, RotaAnswer, Service
from illdesk.core.workflow import (
    STATUSES,
    Action,
    Context,
    ParamKind,
    RequestState,
    RotaEntry,
    Status,
    TransitionError,
    actions_for,
    apply,
    diff,
    params_for,
    undo,
)

TODAY = date(2026, 3, 2)
POLICY = DuePolicy(5, ClosedCalendar.of([6], [date(2026, 3, 20)]))
SYMBOLS = ["ORE", "WAU", "MSU", "UIU", "CUY"]


def param_value(kind: ParamKind, data: st.DataObject) -> Any:
    if kind is ParamKind.DATE:
        return TODAY + timedelta(days=data.draw(st.integers(-10, 90)))
    if kind is ParamKind.REASON_UNFILLED:
        return data.draw(st.sampled_from(["NotOnShelf", "InUseOnLoan", "NotOwned", "Other"]))
    if kind is ParamKind.CANCEL_REASON:
        return data.draw(st.sampled_from(["patron_request", "duplicate", "other"]))
    if kind is ParamKind.COPYRIGHT:
        return data.draw(st.sampled_from(["ccg", "ccl"]))
    if kind is ParamKind.LENDERS:
        return data.draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=3))
    return data.draw(st.sampled_from(["", "Library use only", "Ṁixed ünïcode 書"]))


def invariants(state: RequestState) -> None:
    assert state.status in STATUSES[state.direction]
    answers = [e.answer for e in state.rota]
    assert answers.count(RotaAnswer.PENDING) <= 1
    asked = [a is not RotaAnswer.NOT_ASKED for a in answers]
    assert asked == sorted(asked, reverse=True), "lenders are asked in string order"
    if state.renewal_pending:
        held = {Status.ON_HOLD_SHELF, Status.CHECKED_OUT, Status.ON_LOAN}
        assert state.status in held
    if state.status in {Status.SENT, Status.CONDITIONAL}:
        assert state.current_lender is not None


@settings(max_examples=300, deadline=None)
@given(
    direction=st.sampled_from(list(Direction)),
    service=st.sampled_from(list(Service)),
    lenders=st.lists(st.sampled_from(SYMBOLS), max_size=4),
    data=st.data(),
)
def test_random_actions_stay_in_the_table_and_replay(
    direction: Direction, service: Service, lenders: list[str], data: st.DataObject
) -> None:
    initial = RequestState(direction, service, rota=tuple(RotaEntry(s) for s in lenders))
    state = initial
    events: list[RecordedEvent] = []
    actions = actions_for(direction)
    for step in range(data.draw(st.integers(1, 25))):
        action = data.draw(st.sampled_from(actions))
        params = {
            p.name: param_value(p.kind, data)
            for p in params_for(direction, action)
            if p.required or data.draw(st.booleans())
        }
        try:
            new, _ = apply(state, action, Context(params=params, today=TODAY, policy=POLICY))
        except TransitionError:
            continue  # refused: the state must not have changed (states are immutable)
        invariants(new)
        changes = diff(state, new)
        assert undo(new, changes) == state
        # Store and read back through JSON, as the event log does.
        encoded = state_codec.encode_changes(changes)
        events.append(
            RecordedEvent(
                id=step,
                action=action.value,
                changes=state_codec.decode_changes(encoded),
                params=state_codec.decode_params(state_codec.encode_params(params)),
                today=TODAY,
            )
        )
        if data.draw(st.integers(0, 9)) == 0:
            reverted = undo(new, changes)
            events.append(
                RecordedEvent(
                    id=step * 1000,
                    action=Action.UNDO.value,
                    changes=state_codec.decode_changes(
                        state_codec.encode_changes(diff(new, reverted))
                    ),
                )
            )
            new = reverted
        state = new
    assert replay(initial, events) == state
    assert state_codec.decode_state(state_codec.encode_state(state)) == state


def test_a_return_ends_a_renewal_still_asked_for() -> None:
    """Found by the property test: a bought item on the hold shelf, a renewal asked, then
    returned, kept "renewal pending" on a returned item."""
    state = RequestState(Direction.BORROWING, Service.LOAN)
    for action, params in (
        (Action.PURCHASE, {}),
        (Action.PURCHASE_ARRIVED, {"patron_due_date": date(2026, 12, 30)}),
        (Action.RENEW_ASK, {}),
        (Action.PATRON_RETURN, {}),
    ):
        state, _row = apply(state, action, Context(params=params, today=date(2026, 12, 5)))
    assert state.status is Status.RETURNED and not state.renewal_pending
