"""Year figures: the sum of the months of the library's fiscal year, each month as frozen
(with its corrections) or, not frozen yet, as counted now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from illdesk.core import statistics as stats
from illdesk.services.admin import settings as library_settings
from illdesk.services.reports import figures, further_measures
from illdesk.services.reports.archive import MonthReport, month_report
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class YearReport:
    """A fiscal year: its months and their sum."""

    year: int
    months: tuple[MonthReport, ...]
    figures: figures.Figures

    @property
    def frozen(self) -> int:
        """How many of its months are frozen."""
        return sum(1 for m in self.months if m.frozen_at is not None)


def _summed(months: tuple[MonthReport, ...]) -> dict[str, figures.Value]:
    totals: dict[str, figures.Value] = {}
    weights: dict[str, tuple[Decimal, int]] = {}
    for report in months:
        values = report.figures.as_dict()
        for key, value in values.items():
            if key.endswith(".median_hours"):
                totals[key] = None  # a median of medians is not a median: see the months
            elif key.endswith(".mean_hours"):
                count = values.get(key.replace(".mean_hours", ".count")) or 0
                if isinstance(value, Decimal) and isinstance(count, int) and count:
                    total, n = weights.get(key, (Decimal(0), 0))
                    weights[key] = (total + value * count, n + count)
                totals.setdefault(key, None)
            elif isinstance(value, int) or (
                isinstance(value, Decimal) and key in further_measures.AMOUNTS
            ):
                previous = totals.get(key) or 0
                totals[key] = previous + value  # counts add up, and so do sums of money
            else:
                totals.setdefault(key, None)
    for key, (total, n) in weights.items():
        totals[key] = (total / n).quantize(Decimal("0.1"), ROUND_HALF_UP)
    counts = {k: v for k, v in totals.items() if isinstance(v, int)}
    totals.update(stats.rates(counts))
    return totals


def fiscal_year(make: Callable[[], UnitOfWork], year: int) -> YearReport:
    """The fiscal year ending in `year`, month by month and summed (`make` gives a fresh
    unit of work for each month, as a DeskSession's `read` does)."""
    uow = make()
    with uow:
        first_month = library_settings.load(uow).reports.fiscal_year_first_month
    start, end = stats.fiscal_year(year, first_month)
    months = tuple(
        month_report(make(), stats.month_name(m)) for m in stats.months_between(start, end)
    )
    totals = _summed(months)
    keys = list(dict.fromkeys([line.key for m in months for line in m.figures.lines]))
    labels = {line.key: line for m in months for line in m.figures.lines}
    lines = tuple(
        figures.Line(k, labels[k].label, totals.get(k), labels[k].definition) for k in keys
    )
    return YearReport(year, months, figures.Figures(start, end, lines))
