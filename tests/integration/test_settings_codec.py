"""Settings sections of any shape go to JSON and come back equal; typed text is read by type."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from illdesk.services.admin import settings as library_settings
from illdesk.services.admin import settings_codec
from illdesk.services.errors import InvalidInput


@dataclass(frozen=True)
class Fees:
    processing: Decimal = Decimal("10.00")
    by_format: dict[str, Decimal] = field(default_factory=lambda: {"book": Decimal("75.00")})
    days: tuple[int, ...] = (7, 14)


@dataclass(frozen=True)
class Section:
    name: str = "x"
    fees: Fees = field(default_factory=Fees)
    active: bool = True


def test_nested_sections_round_trip_through_json_text() -> None:
    value = Section(
        name="Ånge",
        fees=Fees(Decimal("12.345"), {"dvd": Decimal("30")}, (1, 2, 3)),
        active=False,
    )
    stored = json.loads(json.dumps(settings_codec.to_json(value)))
    assert stored["fees"]["processing"] == "12.345"  # exact, never a float
    assert settings_codec.from_json(Section, stored) == value


def test_missing_and_unknown_keys_fall_back_to_defaults() -> None:
    back = settings_codec.from_json(Section, {"fees": {"gone": 1}, "later": True})
    assert back == Section()


def test_text_is_read_as_the_old_values_type() -> None:
    assert settings_codec.parse_text(Decimal("1.00"), " 2.50 ", "fee") == "2.50"
    assert settings_codec.parse_text(3, "4", "n") == 4
    assert settings_codec.parse_text(True, "no", "b") is False
    assert settings_codec.parse_text([6], "5,6", "days") == [5, 6]
    assert settings_codec.parse_text((6,), "5, 6", "days") == [5, 6]
    assert settings_codec.parse_text(("a",), "x,y", "names") == ["x", "y"]
    with pytest.raises(InvalidInput, match="not a value fee can take"):
        settings_codec.parse_text(Decimal("1.00"), "ten", "fee")


def test_library_settings_survive_a_round_trip_with_a_change() -> None:
    current = library_settings.LibrarySettings()
    changed = library_settings.with_value(current, "home.address.city", "Bergen")
    changed = library_settings.with_value(changed, "group_buffer_days.RAPID", "3")
    data = json.loads(json.dumps(library_settings._to_json(changed)))
    back = library_settings._from_json(data)
    assert back == changed
    assert back.home.address.city == "Bergen"
    assert back.buffer_for("RAPID") == 3
    assert back.closed_weekdays == current.closed_weekdays
