"""Survey answers for a fiscal year: each item the sum of its measures over the year's
months (frozen months as frozen, with their corrections)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from illdesk.core import statistics as stats
from illdesk.core import surveys
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import archive, counting
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class SurveyAnswer:
    """A survey filled in for one fiscal year."""

    survey: surveys.Survey
    year: int
    start: date
    end: date  # the day after the last one counted
    months: int
    frozen: int
    rows: tuple[tuple[str, str, int, str], ...]  # code, label, figure, definition


def answer(make: Callable[[], UnitOfWork], key: str, year: int) -> SurveyAnswer:
    """Fill in survey `key` (acrl, ipeds, imls, nys, arl) for the fiscal year ending in `year`."""
    survey = surveys.SURVEYS.get(key)
    if survey is None:
        raise InvalidInput(
            f"There is no survey called {key!r}: choose {', '.join(surveys.SURVEYS)}.", "survey"
        )
    if not 1990 <= year <= 2200:
        raise InvalidInput(f"{year} is not a year a survey asks about.", "year")
    uow = make()
    with uow:
        first_month = library_settings.load(uow).reports.fiscal_year_first_month
    start, end = stats.fiscal_year(year, first_month)
    months = stats.months_between(start, end)
    values, frozen = _summed_bases(make, months)
    rows = tuple(
        (item.code, item.label, surveys.answer(item, values), item.definition)
        for item in survey.items
    )
    return SurveyAnswer(survey, year, start, end, len(months), frozen, rows)


def _summed_bases(make: Callable[[], UnitOfWork], months: list[date]) -> tuple[dict[str, int], int]:
    """The survey measures summed over the months: a frozen month as frozen (with its
    corrections); a month not frozen yet counts only those five measures now (a whole
    month's report would time every turnaround too, which no survey asks)."""
    totals = dict.fromkeys(surveys.BASES, 0)
    frozen = 0
    for first in months:
        month = stats.month_name(first)
        uow = make()
        with uow:
            stored = archive.frozen_report(uow.session, month)
            if stored is not None:
                frozen += 1
                values = stored.figures.as_dict()
            else:
                counted = counting.count_survey_bases(uow.session, first, stats.next_month(first))
                values = dict(counted)
        for key in totals:
            value = values.get(key)
            totals[key] += value if isinstance(value, int) else 0
    return totals, frozen
