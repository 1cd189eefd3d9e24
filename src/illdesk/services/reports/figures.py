"""A period's figures put together: counts, unfilled reasons, rates, turnaround, and the
overdue loans; as plain data with a label and a definition for every line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from illdesk.core import statistics as stats
from illdesk.core import surveys
from illdesk.core.roles import Permission
from illdesk.services.access.permissions import require
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


def _label(key: str) -> str:
    return key.split(".", 1)[1].replace("_", " ").capitalize()


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
                out.append(Line(m.key, m.label, counts.get(m.key, 0), m.definition))
        for key, (label, definition) in surveys.BASES.items():
            if bases is not None and key.startswith(direction):
                out.append(Line(key, label, bases.get(key, 0), definition))
        key = f"{direction}.overdue"
        out.append(Line(key, "Overdue", counts.get(key, 0), stats.OVERDUE_DEFINITION))
        for reason_key, value in reasons.items():
            if reason_key.startswith(f"{direction}.unfilled."):
                reason = reason_key.rsplit(".", 1)[1]
                out.append(Line(reason_key, f"Unfilled: {reason}", value, "ISO 18626 reason."))
        rates = stats.rates(counts)
        for key, label, _part, _whole in stats.RATES:
            if key.startswith(direction):
                out.append(Line(key, label, rates[key], stats.RATE_DEFINITIONS[key]))
        for stage in stats.STAGES:
            if times is None or stage.direction.value != direction:
                continue
            for key, figure in times[stage.key].figures(stage.key).items():
                what = _TIME_WORDS[key.rsplit(".", 1)[1]]
                out.append(Line(key, f"{stage.label}: {what}", figure, _TIME_DEFINITION))
    if further is not None:
        for measures in (further_measures.COPYRIGHT, further_measures.MONEY):
            for key, (label, definition) in measures.items():
                out.append(Line(key, label, further.get(key, 0), definition))
    return tuple(out)


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


def breakdown(uow: UnitOfWork, start: date, end: date, by: str) -> Breakdown:
    """Counts of [start, end) per partner library, format, patron type, ..."""
    dimension = next((d for d in counting.DIMENSIONS if d.name == by), None)
    if dimension is not None and dimension.supervisors_only:
        require(uow, Permission.STAFF_FIGURES)
    with uow:
        split = counting.count_events(uow.session, start, end, by)
    keys = (*(m.key for m in stats.MEASURES), "borrowing.overdue", "lending.overdue")
    rows = tuple((value, tuple(counts.get(k, 0) for k in keys)) for value, counts in split.items())
    heading = dimension.heading if dimension else by
    return Breakdown(start, end, by, heading, keys, rows)
