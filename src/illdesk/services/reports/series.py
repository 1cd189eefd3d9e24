"""One measure over time, for the Reports window: month by month over a span of months, or
year over year (one series per fiscal year, its months side by side). Each month is taken
as the archive gives it: frozen (with corrections) or counted from the history now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from illdesk.core import statistics as stats
from illdesk.core import surveys
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import counting, documents, exports, further_measures, splits
from illdesk.services.reports.archive import month_report
from illdesk.services.reports.figures import Value
from illdesk.store.unit_of_work import UnitOfWork

MONTH_BY_MONTH = "months"
YEAR_OVER_YEAR = "years"
MOST_MONTHS = 60  # five years on one chart is already a lot of bars
MOST_YEARS = 6


@dataclass(frozen=True, slots=True)
class MeasureChoice:
    """A figure the window can chart: its key, its name in the list, what it means."""

    key: str
    label: str
    definition: str


def measure_choices() -> tuple[MeasureChoice, ...]:
    """Every figure that has a value each month, borrowing first (reasons for unfilled
    answers vary from month to month: they are in the month's report)."""
    out: list[MeasureChoice] = []
    for direction in ("borrowing", "lending"):
        side = direction.capitalize()
        for m in stats.MEASURES:
            if m.direction.value == direction:
                out.append(MeasureChoice(m.key, f"{side}: {m.label}", m.definition))
        out.append(
            MeasureChoice(f"{direction}.overdue", f"{side}: Overdue", stats.OVERDUE_DEFINITION)
        )
        for key, (label, definition) in surveys.BASES.items():
            if key.startswith(direction):
                out.append(MeasureChoice(key, f"{side}: {label}", definition))
        for key, label, _part, _whole in stats.RATES:
            if key.startswith(direction):
                out.append(MeasureChoice(key, f"{side}: {label} (%)", stats.RATE_DEFINITIONS[key]))
        for stage in stats.STAGES:
            if stage.direction.value == direction:
                for what in ("median_hours", "mean_hours"):
                    words = what.replace("_", " ")
                    out.append(
                        MeasureChoice(
                            f"{stage.key}.{what}",
                            f"{side}: {stage.label}, {words}",
                            "Turnaround of the requests that finished the stage that month.",
                        )
                    )
    for side, measures in (
        ("Copyright", further_measures.COPYRIGHT),
        ("Money", further_measures.MONEY),
    ):
        for key, (label, definition) in measures.items():
            out.append(MeasureChoice(key, f"{side}: {label}", definition))
    return tuple(out)


def _choice(key: str) -> MeasureChoice:
    for choice in measure_choices():
        if choice.key == key:
            return choice
    raise InvalidInput(f"There is no measure called {key!r}; pick one from the list.", "measure")


@dataclass(frozen=True, slots=True)
class SeriesReport:
    """What the window shows: a table (periods x series) and the same as a bar chart."""

    title: str
    subtitle: str
    measure: MeasureChoice
    categories: tuple[str, ...]  # the periods (months, or month names for year over year)
    series: tuple[tuple[str, tuple[Value, ...]], ...]  # (name, one value per category)
    frozen: int  # how many of the months shown are frozen
    months: int


def _month_value(make: Callable[[], UnitOfWork], first: date, key: str) -> tuple[Value, bool]:
    report = month_report(make(), stats.month_name(first))
    return report.figures.value(key), report.frozen_at is not None


def month_by_month(
    make: Callable[[], UnitOfWork], first_month: str, last_month: str, key: str
) -> SeriesReport:
    """`key` for every month from `first_month` to `last_month` (YYYY-MM, both included)."""
    choice = _choice(key)
    try:
        start, _ = stats.month_bounds(first_month)
        _, end = stats.month_bounds(last_month)
    except ValueError as exc:
        raise InvalidInput(str(exc), "month") from None
    if end <= start:
        raise InvalidInput("The last month comes before the first: swap them.", "month")
    months = stats.months_between(start, end)
    if len(months) > MOST_MONTHS:
        raise InvalidInput(
            f"Show at most {MOST_MONTHS} months at a time ({len(months)} asked); for longer "
            "spans compare years.",
            "month",
        )
    values: list[Value] = []
    frozen = 0
    for first in months:
        value, is_frozen = _month_value(make, first, key)
        values.append(value)
        frozen += is_frozen
    return SeriesReport(
        choice.label,
        f"{first_month} to {last_month}, month by month",
        choice,
        tuple(stats.month_name(m) for m in months),
        ((choice.label, tuple(values)),),
        frozen,
        len(months),
    )


def year_over_year(
    make: Callable[[], UnitOfWork], first_year: int, last_year: int, key: str
) -> SeriesReport:
    """`key` for each month of each fiscal year from `first_year` to `last_year` (the years
    the fiscal years end in): one series per year, the months side by side."""
    choice = _choice(key)
    if last_year < first_year:
        raise InvalidInput("The last year comes before the first: swap them.", "year")
    if last_year - first_year + 1 > MOST_YEARS:
        raise InvalidInput(f"Compare at most {MOST_YEARS} years at a time.", "year")
    uow = make()
    with uow:
        first_month = library_settings.load(uow).reports.fiscal_year_first_month
    series: list[tuple[str, tuple[Value, ...]]] = []
    categories: tuple[str, ...] = ()
    frozen = months_shown = 0
    for year in range(first_year, last_year + 1):
        start, end = stats.fiscal_year(year, first_month)
        months = stats.months_between(start, end)
        categories = tuple(f"{m:%b}" for m in months)
        values: list[Value] = []
        for first in months:
            value, is_frozen = _month_value(make, first, key)
            values.append(value)
            frozen += is_frozen
            months_shown += 1
        series.append((_year_name(year, first_month), tuple(values)))
    return SeriesReport(
        choice.label,
        f"fiscal years {_year_name(first_year, first_month)} to "
        f"{_year_name(last_year, first_month)}, month by month",
        choice,
        categories,
        tuple(series),
        frozen,
        months_shown,
    )


def split_choices() -> tuple[tuple[str, str, bool], ...]:
    """The ways a count can be split: (name, heading, supervisors only)."""
    return tuple((d.name, d.heading, d.supervisors_only) for d in counting.DIMENSIONS)


MOST_BARS = 30  # a split with more values shows the largest, and the rest as one bar


def split_by(
    make: Callable[[], UnitOfWork], first_month: str, last_month: str, key: str, by: str
) -> SeriesReport:
    """A count over the months `first_month` to `last_month`, split by partner library,
    format, patron type, ... (staff member and workstation for supervisors only); frozen
    months as frozen."""
    choice = _choice(key)
    try:
        start, _ = stats.month_bounds(first_month)
        _, end = stats.month_bounds(last_month)
    except ValueError as exc:
        raise InvalidInput(str(exc), "month") from None
    if end <= start:
        raise InvalidInput("The last month comes before the first: swap them.", "month")
    months = stats.months_between(start, end)
    split, frozen = splits.months_split(make(), months, by)
    if key not in split.keys:
        raise InvalidInput(
            f"{choice.label} cannot be split: only counts can (requests, filled, unfilled, "
            "overdue, ...).",
            "measure",
        )
    column = split.keys.index(key)
    pairs = sorted(
        ((value, counts[column]) for value, counts in split.rows if counts[column]),
        key=lambda pair: (-pair[1], pair[0]),
    )
    if len(pairs) > MOST_BARS:
        rest = sum(count for _value, count in pairs[MOST_BARS - 1 :])
        pairs = [*pairs[: MOST_BARS - 1], ("(all others)", rest)]
    return SeriesReport(
        choice.label,
        f"{first_month} to {last_month}, by {split.heading.lower()}",
        choice,
        tuple(value for value, _count in pairs),
        ((choice.label, tuple(count for _value, count in pairs)),),
        frozen,
        len(months),
    )


def _year_name(year: int, first_month: int) -> str:
    return str(year) if first_month == 1 else f"FY{year}"


def table(report: SeriesReport) -> tuple[tuple[str, ...], list[tuple[object, ...]]]:
    """The report as a table: a header, then one row per period."""
    header = ("period", *(name for name, _ in report.series))
    rows: list[tuple[object, ...]] = [
        (category, *(values[i] for _name, values in report.series))
        for i, category in enumerate(report.categories)
    ]
    return header, rows


def export(report: SeriesReport, path: Path, library: str = "") -> None:
    """Write the report as CSV, XLSX or PDF (with the chart), by the file's ending."""
    header, rows = table(report)
    kind = path.suffix.lower()
    if kind == ".csv":
        exports.write_table(path, header, rows)
    elif kind == ".xlsx":
        exports.write_xlsx(path, [(report.measure.key, header, rows)])
    elif kind == ".pdf":
        subtitle = ", ".join(part for part in (library, report.subtitle) if part)
        document = documents.series_document(
            report.title,
            subtitle,
            report.categories,
            report.series,
            f"{report.measure.label}: {report.measure.definition}",
        )
        documents.write_pdf(path, document)
    else:
        raise InvalidInput(
            f"{path.name}: reports are written as .csv, .xlsx or .pdf; give the file one of "
            "those endings.",
            "file",
        )
