"""The two request lifecycles (borrowing and lending) as data, and how they are used.

`TRANSITIONS` (`core.transition_table`) is the whole status machine: for each direction, the
action, the statuses it may start from, the status it leads to, its guards and what else it
changes. Nothing else in ILL Desk decides which actions are allowed: the desk window offers
exactly `allowed_actions()`, the services call `apply()`, and `apply()` returns the new state.
The difference between the old and the new state is what the event log stores, which is what
makes `undo()` and replay possible. What a scan means at the desk is decided on top of this,
in `core.desk_decision`.

The statuses and actions are in `core.request_status`, the state and context in
`core.request_state`; they are all named here too, so `from illdesk.core.workflow import …`
reaches the whole machine. Overdue is not a status: it is derived from the due dates
(`core.derived_status.overdue()`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from illdesk.core.derived_status import (
    ISO18626_BORROWING_ACTION,
    ISO18626_LENDING_STATUS,
    Overdue,
    iso18626_status,
    overdue,
)
from illdesk.core.request_state import (
    STATE_FIELDS,
    Context,
    Effect,
    Guard,
    Param,
    ParamKind,
    RequestState,
    RotaEntry,
    Transition,
    TransitionError,
)
from illdesk.core.request_status import (
    ACTION_LABELS,
    INITIAL,
    STATUS_LABELS,
    STATUSES,
    TERMINAL,
    Action,
    Status,
    status_label,
)
from illdesk.core.transition_table import TRANSITIONS
from illdesk.core.vocabulary import (
    CancelReason,
    CopyrightCode,
    Direction,
    ReasonUnfilled,
)

__all__ = [
    "ACTION_LABELS",
    "INITIAL",
    "ISO18626_BORROWING_ACTION",
    "ISO18626_LENDING_STATUS",
    "STATE_FIELDS",
    "STATUSES",
    "STATUS_LABELS",
    "TERMINAL",
    "TRANSITIONS",
    "Action",
    "Context",
    "Effect",
    "Guard",
    "Overdue",
    "Param",
    "ParamKind",
    "RequestState",
    "RotaEntry",
    "Status",
    "Transition",
    "TransitionError",
    "actions_for",
    "allowed_actions",
    "apply",
    "check_params",
    "diff",
    "find_transition",
    "iso18626_status",
    "overdue",
    "params_for",
    "status_label",
    "undo",
]


# ---------------------------------------------------------------- using the table


def _rows(direction: Direction, action: Action) -> list[Transition]:
    return [t for t in TRANSITIONS if t.direction is direction and t.action is action]


def actions_for(direction: Direction) -> tuple[Action, ...]:
    """Every action of one direction's lifecycle, in table order."""
    seen: dict[Action, None] = {}
    for t in TRANSITIONS:
        if t.direction is direction:
            seen.setdefault(t.action, None)
    return tuple(seen)


def params_for(direction: Direction, action: Action) -> tuple[Param, ...]:
    """What the action asks for (the same for every row of an action)."""
    rows = _rows(direction, action)
    return rows[0].params if rows else ()


def find_transition(state: RequestState, action: Action, ctx: Context) -> Transition:
    """The row that applies, or TransitionError saying why none does."""
    rows = _rows(state.direction, action)
    if not rows:
        raise TransitionError(f"“{ACTION_LABELS[action]}” is not a {state.direction} action.")
    from_here = [t for t in rows if state.status in t.sources]
    if not from_here:
        raise TransitionError(
            f"“{ACTION_LABELS[action]}” is not possible while the request is "
            f"“{status_label(state.direction, state.status)}”."
        )
    failed: list[str] = []
    for t in from_here:
        broken = [
            g.message.replace("{refusal}", ctx.refusal) for g in t.guards if not g.test(state, ctx)
        ]
        if not broken:
            return t
        failed.extend(broken)
    raise TransitionError(" ".join(dict.fromkeys(failed)))


def allowed_actions(state: RequestState, ctx: Context | None = None) -> list[Action]:
    """The actions possible now, in table order: what the desk offers as buttons."""
    ctx = ctx or Context()
    allowed: list[Action] = []
    for action in actions_for(state.direction):
        try:
            find_transition(state, action, ctx)
        except TransitionError:
            continue
        allowed.append(action)
    return allowed


def check_params(transition: Transition, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and coerce the parameters an action was given (raises TransitionError)."""
    clean: dict[str, Any] = {}
    known = {p.name for p in transition.params}
    unknown = set(params) - known
    if unknown:
        raise TransitionError(f"Unexpected details for this action: {', '.join(sorted(unknown))}.")
    for param in transition.params:
        value = params.get(param.name)
        if value is None or value == "" or (isinstance(value, list | tuple) and not value):
            if param.required:
                raise TransitionError(f"{param.label or param.name} is needed for this action.")
            continue
        clean[param.name] = _coerce(param, value)
    return clean


def _coerce(param: Param, value: Any) -> Any:
    label = param.label or param.name
    try:
        if param.kind is ParamKind.DATE:
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            return date.fromisoformat(str(value))
        if param.kind is ParamKind.REASON_UNFILLED:
            return ReasonUnfilled(str(value)).value
        if param.kind is ParamKind.CANCEL_REASON:
            return CancelReason(str(value)).value
        if param.kind is ParamKind.COPYRIGHT:
            return CopyrightCode(str(value).lower()).value
        if param.kind is ParamKind.LENDERS:
            symbols = value.split(",") if isinstance(value, str) else list(value)
            cleaned = tuple(str(s).strip().upper() for s in symbols if str(s).strip())
            if not cleaned:
                raise ValueError("empty")
            return cleaned
    except ValueError as exc:
        raise TransitionError(f"{label}: “{value}” is not a valid value.") from exc
    return str(value).strip()


def apply(state: RequestState, action: Action, ctx: Context) -> tuple[RequestState, Transition]:
    """Perform an action: the new state and the table row used (raises TransitionError)."""
    transition = find_transition(state, action, ctx)
    params = check_params(transition, ctx.params)
    ctx = replace(ctx, params=params)
    new = transition.effect(state, ctx) if transition.effect else state
    if transition.target is not None:
        new = replace(new, status=transition.target)
    return new, transition


def diff(old: RequestState, new: RequestState) -> dict[str, tuple[Any, Any]]:
    """The fields that changed, as {name: (old, new)}."""
    return {
        name: (getattr(old, name), getattr(new, name))
        for name in STATE_FIELDS
        if getattr(old, name) != getattr(new, name)
    }


def undo(state: RequestState, changes: Mapping[str, tuple[Any, Any]]) -> RequestState:
    """Reverse an action given the changes it made (raises if the request moved on since)."""
    moved = [name for name, (_, after) in changes.items() if getattr(state, name) != after]
    if moved:
        raise TransitionError(
            "The request has changed since that action, so it cannot be undone automatically."
        )
    return replace(state, **{name: before for name, (before, _) in changes.items()})
