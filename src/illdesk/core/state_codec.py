"""Turning request states, changes and action parameters into JSON and back.

The event log stores what an action changed as plain JSON so that any SQL tool can read it,
and so that `undo` and replay can rebuild exact values from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from illdesk.core.vocabulary import Direction, RotaAnswer, Service
from illdesk.core.workflow import STATE_FIELDS, RequestState, RotaEntry, Status

_DATE_FIELDS = frozenset({"lender_due_date", "patron_due_date", "due_date", "new_due_date"})
_AMOUNT_FIELDS = frozenset({"charge"})


def encode(name: str, value: Any) -> Any:
    """A JSON-ready form of one state field or parameter value."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if name == "rota":
        return [
            {"symbol": e.symbol, "answer": e.answer.value, "reason": e.reason, "note": e.note}
            for e in value
        ]
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, Status):
        return value.value
    return value


def decode(name: str, value: Any) -> Any:
    """The Python value of one state field or parameter from its JSON form."""
    if value is None:
        return None
    if name in _DATE_FIELDS:
        return date.fromisoformat(value)
    if name == "rota":
        return tuple(
            RotaEntry(e["symbol"], RotaAnswer(e["answer"]), e.get("reason", ""), e.get("note", ""))
            for e in value
        )
    if name == "status":
        return Status(value)
    if name in _AMOUNT_FIELDS:
        try:
            return Decimal(value)
        except InvalidOperation:  # a parameter of that name in words (an early money event)
            return value
    if name == "lenders":
        return tuple(value)
    return value


def encode_changes(changes: Mapping[str, tuple[Any, Any]]) -> dict[str, list[Any]]:
    """{field: [old, new]} in JSON form."""
    return {name: [encode(name, old), encode(name, new)] for name, (old, new) in changes.items()}


def decode_changes(data: Mapping[str, list[Any]]) -> dict[str, tuple[Any, Any]]:
    """The inverse of `encode_changes`."""
    return {name: (decode(name, old), decode(name, new)) for name, (old, new) in data.items()}


def encode_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Action parameters in JSON form."""
    return {name: encode(name, value) for name, value in params.items()}


def decode_params(data: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of `encode_params`."""
    return {name: decode(name, value) for name, value in data.items()}


def encode_state(state: RequestState) -> dict[str, Any]:
    """A whole state in JSON form (used for the creation event and for replay checks)."""
    return {name: encode(name, getattr(state, name)) for name in STATE_FIELDS}


def decode_state(data: Mapping[str, Any]) -> RequestState:
    """The inverse of `encode_state`."""
    values = {name: decode(name, data[name]) for name in STATE_FIELDS if name in data}
    values["direction"] = Direction(values["direction"])
    values["service"] = Service(values["service"])
    return RequestState(**values)
