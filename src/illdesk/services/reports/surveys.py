"""Survey answers for a fiscal year: each item the sum of its measures over the year's
months (frozen months as frozen, with their corrections)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from illdesk.core import surveys
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import years
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
    report = years.fiscal_year(make, year)
    values = report.figures.as_dict()
    rows = tuple(
        (item.code, item.label, surveys.answer(item, values), item.definition)
        for item in survey.items
    )
    return SurveyAnswer(
        survey,
        year,
        report.figures.start,
        report.figures.end,
        len(report.months),
        report.frozen,
        rows,
    )
