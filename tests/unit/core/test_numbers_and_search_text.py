"""Request numbers, keyword folding, closure shifts and queue filters as data."""

from __future__ import annotations

from datetime import date

import pytest

from illdesk.core.duedates import CalendarError, ClosedCalendar, shift_for_closure
from illdesk.core.numbers import format_number, normalize_number, parse_number
from illdesk.core.queues import BUILT_IN, QueueFilter
from illdesk.core.search_text import fold, search_words


def test_request_numbers_print_and_parse() -> None:
    assert format_number("B", 2026, 123) == "B-26-000123"
    assert normalize_number("b26000123") == "B-26-000123"
    assert normalize_number(" L-26-000456 ") == "L-26-000456"
    parsed = parse_number("L-26-000456")
    assert parsed is not None and (parsed.prefix, parsed.year, parsed.serial) == ("L", 2026, 456)
    assert normalize_number("31234000001234") is None


def test_folding_makes_accents_and_case_irrelevant() -> None:
    assert fold("Müller Ærø ÉCOLE") == "muller ærø ecole"
    assert search_words("Straße", "Dostoevsky, Fyodor", "Достоевский") == (
        "strasse dostoevsky fyodor достоевскии"
    )


def test_closure_moves_only_due_dates_inside_it() -> None:
    cal = ClosedCalendar.of([6], [date(2026, 12, d) for d in range(24, 27)])
    first, last = date(2026, 12, 24), date(2026, 12, 26)
    assert shift_for_closure(date(2026, 12, 25), first, last, cal) == date(2026, 12, 28)
    assert shift_for_closure(date(2026, 12, 23), first, last, cal) == date(2026, 12, 23)
    with pytest.raises(CalendarError):
        shift_for_closure(date(2026, 12, 25), last, first, cal)


def test_a_calendar_closed_every_day_is_refused() -> None:
    with pytest.raises(CalendarError):
        ClosedCalendar.of(range(7))


def test_queue_filters_round_trip_as_json() -> None:
    for queue in BUILT_IN:
        assert QueueFilter.from_json(queue.to_json()) == queue
    with pytest.raises(ValueError, match="cannot be sorted"):
        QueueFilter("x", "X", "Custom", sort="patron_name")
