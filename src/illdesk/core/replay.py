"""Rebuilding a request's state from its event log, checking every step on the way.

Replaying proves two things about the log: each recorded action was allowed by the status
machine from the state the log had reached, and the changes chain up (each change starts
from the value the previous one left). The result must equal the stored request.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from illdesk.core import workflow
from illdesk.core.money import MONEY_ACTIONS
from illdesk.core.workflow import Action, Context, RequestState, TransitionError

# Money actions (a charge, a waiver) write ledger lines and change no field of the request.
# "purge": patron data removed from a finished request (services.reports.privacy).
NOT_STATE_ACTIONS = frozenset({"edit", "import", "purge"}) | MONEY_ACTIONS


class ReplayError(Exception):
    """The event log does not lead to a consistent state; the message names the event."""


@dataclass(frozen=True, slots=True)
class RecordedEvent:
    """What replay needs of one event (decoded from its JSON details)."""

    id: int
    action: str
    changes: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)
    today: date | None = None


def replay(initial: RequestState, events: Iterable[RecordedEvent]) -> RequestState:
    """The state the events lead to from `initial` (raises ReplayError at the first bad one)."""
    state = initial
    for event in events:
        if event.action in NOT_STATE_ACTIONS:
            continue
        state_changes = {k: v for k, v in event.changes.items() if k in workflow.STATE_FIELDS}
        for name, (old, _new) in state_changes.items():
            if getattr(state, name) != old:
                raise ReplayError(
                    f"Event {event.id} ({event.action}) changed {name} from {old!r}, "
                    f"but the log had reached {getattr(state, name)!r}."
                )
        if event.action != Action.UNDO.value:
            _check_allowed(state, event)
        state = replace(state, **{name: new for name, (_old, new) in state_changes.items()})
    return state


def _check_allowed(state: RequestState, event: RecordedEvent) -> None:
    try:
        action = Action(event.action)
    except ValueError as exc:
        raise ReplayError(f"Event {event.id}: unknown action {event.action!r}.") from exc
    ctx = Context(params=event.params, today=event.today or date.today())
    try:
        transition = workflow.find_transition(state, action, ctx)
    except TransitionError as exc:
        raise ReplayError(f"Event {event.id} ({event.action}) was not allowed: {exc}") from exc
    target = transition.target or state.status
    recorded = event.changes.get("status", (state.status, state.status))[1]
    if recorded != target:
        raise ReplayError(
            f"Event {event.id} ({event.action}) led to {recorded}, the table says {target}."
        )
