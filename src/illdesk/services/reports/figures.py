"""A period's figures put together: counts, unfilled reasons, rates, turnaround, and the
overdue loans; as plain data with a label and a definition for every line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from illdesk.core import statistics as stats
from illdesk.core import surveys
from illdesk.core.roles import Permission
from illdesk.services.access.permissions import require
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import counting, further_measures, turnaround
from illdesk.store.unit_of_work import UnitOfWork

Value = int | Decimal | None


@dataclass(frozen=True, slots=True)
class Line:
    """One figure of a report."""

    key: str
    label: str
    value: Value
    definition: str = ""


@dataclass(frozen=True, slots=True)
class Figures:
    """Every figure of one period, in report order."""

    start: date
    end: date  # the day after the last one counted
    lines: tuple[Line, ...]

    def value(self, key: str) -> Value:
        """One figure by its key (0 for a count that did not occur)."""
        for line in self.lines:
            if line.key == key:
                return line.value
        return 0

    def as_dict(self) -> dict[str, Value]:
        return {line.key: line.value for line in self.lines}


_TIME_WORDS = {
    "count": "requests timed",
    "median_hours": "median hours",
    "mean_hours": "mean hours",
    "under_48h": "under 48 hours",
    "48_72h": "48 to 72 hours",
    "over_72h": "over 72 hours",
}
_TIME_DEFINITION = (
    "Requests that finished this stage in the period, timed from the first event that "
    "started it; 48 hours exactly counts as 48 to 72."
)


def _known_words() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {m.key: (m.label, m.definition) for m in stats.MEASURES}
    for direction in ("borrowing", "lending"):
        out[f"{direction}.overdue"] = ("Overdue", stats.OVERDUE_DEFINITION)
    out.update(surveys.BASES)
    for key, label, _part, _whole in stats.RATES:
        out[key] = (f"{label} (%)", stats.RATE_DEFINITIONS[key])
    for stage in stats.STAGES:
        for what, words in _TIME_WORDS.items():
            out[f"{stage.key}.{what}"] = (f"{stage.label}: {words}", _TIME_DEFINITION)
    out.update(further_measures.COPYRIGHT)
    out.update(further_measures.MONEY)
    return out


_WORDS = _known_words()


def words(key: str) -> tuple[str, str] | None:
    """A figure's label and definition as reports word them now (None for an unknown key):
    a frozen month shows its stored figures under today's words."""
    if key in _WORDS:
        return _WORDS[key]
    direction, _, reason = key.partition(".unfilled.")
    if reason and direction in ("borrowing", "lending"):
        return f"Unfilled: {reason}", "ISO 18626 reason."
    return None


def _line(key: str, value: Value) -> Line:
    label, definition = words(key) or (key, "")
    return Line(key, label, value, definition)


def lines_of(
    counts: dict[str, int],
    reasons: dict[str, int],
    times: dict[str, stats.Turnaround] | None = None,
    bases: dict[str, int] | None = None,
    further: dict[str, int | Decimal] | None = None,
) -> tuple[Line, ...]:
    """The report's lines from counted values."""
    out: list[Line] = []
    for direction in ("borrowing", "lending"):
        for m in stats.MEASURES:
            if m.direction.value == direction:
                out.append(_line(m.key, counts.get(m.key, 0)))
        for key in surveys.BASES:
            if bases is not None and key.startswith(direction):
                out.append(_line(key, bases.get(key, 0)))
        key = f"{direction}.overdue"
        out.append(_line(key, counts.get(key, 0)))
        for reason_key, value in reasons.items():
            if reason_key.startswith(f"{direction}.unfilled."):
                out.append(_line(reason_key, value))
        rates = stats.rates(counts)
        for key, _label, _part, _whole in stats.RATES:
            if key.startswith(direction):
                out.append(_line(key, rates[key]))
        for stage in stats.STAGES:
            if times is None or stage.direction.value != direction:
                continue
            for key, figure in times[stage.key].figures(stage.key).items():
                out.append(_line(key, figure))
    if further is not None:
        for measures in (further_measures.COPYRIGHT, further_measures.MONEY):
            for key in measures:
                out.append(_line(key, further.get(key, 0)))
    return tuple(out)


def split_label(key: str) -> str:
    """A split's column in words: "Borrowing: requests made", "Lending: overdue"."""
    direction = key.split(".", 1)[0].capitalize()
    label = (words(key) or (key, ""))[0]
    return f"{direction}: {label[:1].lower()}{label[1:]}"


def compute(uow: UnitOfWork, start: date, end: date) -> Figures:
    """Count every figure of [start, end) from the event log."""
    with uow:
        session = uow.session
        counts = counting.count_events(session, start, end).get("", None)
        if counts is None:
            counts = stats.tally(())
        reasons = counting.count_reasons(session, start, end)
        times = turnaround.turnarounds(session, start, end)
        bases = counting.count_survey_bases(session, start, end)
        further = {
            **further_measures.copyright_counts(session, start, end),
            **further_measures.money_totals(session, start, end),
        }
    return Figures(start, end, lines_of(counts, reasons, times, bases, further))


@dataclass(frozen=True, slots=True)
class Breakdown:
    """The counts of a period split by one dimension: one row per value."""

    start: date
    end: date
    by: str
    heading: str
    keys: tuple[str, ...]  # the measures, in column order
    rows: tuple[tuple[str, tuple[int, ...]], ...]


SPLIT_KEYS: tuple[str, ...] = (
    *(m.key for m in stats.MEASURES),
    "borrowing.overdue",
    "lending.overdue",
)


def dimension(by: str) -> counting.Dimension:
    """A way to split the figures by its name (refused in words when there is none)."""
    found = next((d for d in counting.DIMENSIONS if d.name == by), None)
    if found is None:
        names = ", ".join(counting.DIMENSION_NAMES)
        raise InvalidInput(f"Reports can be split by {names}, not by {by!r}.", "by")
    return found


def may_split(uow: UnitOfWork, by: str) -> counting.Dimension:
    """The dimension, once the person asking may see it (staff and workstation are for
    supervisors)."""
    found = dimension(by)
    if found.supervisors_only:
        require(uow, Permission.STAFF_FIGURES)
    return found


def split_rows(
    session: Any, start: date, end: date, by: str
) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The counts of [start, end) per value of one dimension, in `SPLIT_KEYS` order."""
    split = counting.count_events(session, start, end, by)
    return tuple(
        (value, tuple(counts.get(k, 0) for k in SPLIT_KEYS)) for value, counts in split.items()
    )


def breakdown(uow: UnitOfWork, start: date, end: date, by: str) -> Breakdown:
    """Counts of [start, end) per partner library, format, patron type, ..., counted from
    the history now."""
    found = may_split(uow, by)
    with uow:
        rows = split_rows(uow.session, start, end, by)
    return Breakdown(start, end, by, found.heading, SPLIT_KEYS, rows)
