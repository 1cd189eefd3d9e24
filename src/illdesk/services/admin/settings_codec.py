"""How library settings travel to and from their JSON document, for any settings dataclass.

A section of settings is a frozen dataclass (`HomeLibrary`, and each back-office area's own
section: money, notices, statistics, rules...); a section may hold further sections. This module
turns any of them into JSON and back by their type hints, so adding a section is one field in
`LibrarySettings` and nothing here. Decimal amounts are stored as strings (exact), tuples as
lists, and a stored key the program no longer knows is ignored (an older or newer workstation).
"""

from __future__ import annotations

import dataclasses
import typing
from decimal import Decimal, InvalidOperation
from typing import Any

from illdesk.services.errors import InvalidInput


def to_json(value: Any) -> Any:
    """A settings value as plain JSON (dicts, lists, strings, numbers, booleans)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def from_json(kind: type[Any], raw: Any) -> Any:
    """A settings dataclass of type `kind` from its JSON; defaults for what is missing."""
    if not isinstance(raw, dict):
        return kind()
    hints = _hints(kind)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(kind):
        if field.name in raw:
            values[field.name] = _value(hints[field.name], raw[field.name])
    return kind(**values)


def _hints(kind: Any) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def _value(hint: Any, raw: Any) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return from_json(typing.cast(type[Any], hint), raw)
    if hint is Decimal:
        return Decimal(str(raw))
    if origin is tuple:
        (inner, *_rest) = typing.get_args(hint) or (Any,)
        return tuple(_value(inner, v) for v in raw)
    if origin is dict:
        _key, inner = typing.get_args(hint) or (Any, Any)
        return {k: _value(inner, v) for k, v in raw.items()}
    return raw


def parse_text(old: Any, text: str, name: str) -> Any:
    """A new value typed by the command line or a form, read as the old (typed) value's type;
    the result is in its JSON form."""
    try:
        if isinstance(old, bool):
            if text.lower() not in {"yes", "no", "true", "false"}:
                raise ValueError(text)
            return text.lower() in {"yes", "true"}
        if isinstance(old, int):
            return int(text)
        if isinstance(old, Decimal):
            return str(Decimal(text.strip()))
        if isinstance(old, list | tuple):
            items = [v.strip() for v in text.split(",") if v.strip()]
            if all(isinstance(v, int) for v in old):
                return [int(v) for v in items]
            return items
    except (ValueError, InvalidOperation) as exc:
        raise InvalidInput(f"“{text}” is not a value {name} can take.", name) from exc
    return text
