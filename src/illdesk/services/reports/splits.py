"""A month's counts split by partner library, format, service, patron type, facility ...:
kept with the month when it freezes, so a frozen month's splits never change either.

Freezing stores every split (`stored_splits`); staff member and workstation are kept too, and
shown only to supervisors, as live. A month frozen before splits were kept has none stored:
its splits are counted from the history, and say so. Several months together (the Reports
window's split) add up each frozen month as frozen and count the other months from the
history, one query for each run of months that are not frozen.

Corrections are made to a month's totals; a split shows the counts as frozen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from illdesk.core import statistics as stats
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import counting, figures
from illdesk.services.reports.figures import SPLIT_KEYS, Breakdown
from illdesk.store.report_schema import FrozenMonth
from illdesk.store.unit_of_work import UnitOfWork

KEY = "splits"  # in a frozen month's stored figures: {"keys": [...], "by": {name: rows}}

Rows = tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True, slots=True)
class MonthSplit:
    """One month's counts split one way: as frozen, or counted from the history now."""

    month: str
    breakdown: Breakdown
    frozen_at: datetime | None = None
    # The month is frozen but was frozen before its splits were kept: counted now.
    counted_now_though_frozen: bool = False

    @property
    def status(self) -> str:
        """Where the counts come from, in words."""
        if self.frozen_at is None:
            return "counted from the history now; not frozen"
        if self.counted_now_though_frozen:
            return (
                f"frozen {self.frozen_at:%d %b %Y} before splits were kept: this split is "
                "counted from the history now"
            )
        return f"as frozen {self.frozen_at:%d %b %Y}"


def stored_splits(session: Any, start: date, end: date) -> dict[str, Any]:
    """Every split of [start, end), in the form a frozen month keeps them."""
    by = {
        name: [
            [value, list(counts)] for value, counts in figures.split_rows(session, start, end, name)
        ]
        for name in counting.DIMENSION_NAMES
    }
    return {"keys": list(SPLIT_KEYS), "by": by}


def _kept_rows(row: FrozenMonth | None, by: str) -> Rows | None:
    """The split as frozen (in `SPLIT_KEYS` order), or None when none was kept."""
    kept = (row.figures or {}).get(KEY) if row is not None else None
    if not kept or by not in kept.get("by", {}):
        return None
    keys = list(kept.get("keys", []))
    out = []
    for value, counts in kept["by"][by]:
        stored = dict(zip(keys, counts, strict=False))
        out.append((str(value), tuple(int(stored.get(k, 0)) for k in SPLIT_KEYS)))
    return tuple(out)


def _bounds(month: str) -> tuple[date, date]:
    try:
        return stats.month_bounds(month)
    except ValueError as exc:
        raise InvalidInput(str(exc), "month") from None


def month_split(uow: UnitOfWork, month: str, by: str) -> MonthSplit:
    """One month split by `by`: as frozen when it is, else counted from the history."""
    start, end = _bounds(month)
    found = figures.may_split(uow, by)
    with uow:
        row = uow.session.get(FrozenMonth, month)
        kept = _kept_rows(row, by)
        rows = kept if kept is not None else figures.split_rows(uow.session, start, end, by)
    frozen_at = row.frozen_at if row is not None else None
    return MonthSplit(
        month,
        Breakdown(start, end, by, found.heading, SPLIT_KEYS, rows),
        frozen_at,
        counted_now_though_frozen=row is not None and kept is None,
    )


def _add(total: dict[str, list[int]], rows: Iterable[tuple[str, tuple[int, ...]]]) -> None:
    for value, counts in rows:
        into = total.setdefault(value, [0] * len(SPLIT_KEYS))
        for i, count in enumerate(counts):
            into[i] += count


def months_split(uow: UnitOfWork, months: list[date], by: str) -> tuple[Breakdown, int]:
    """Consecutive months (their first days) split by `by`, added up: frozen months as
    frozen, the others counted from the history; with how many were taken as frozen."""
    found = figures.may_split(uow, by)
    total: dict[str, list[int]] = {}
    frozen = 0
    with uow:
        names = [stats.month_name(m) for m in months]
        rows = {
            r.month: r
            for r in uow.session.scalars(sa.select(FrozenMonth).where(FrozenMonth.month.in_(names)))
        }
        live_from: date | None = None
        for first, name in zip(months, names, strict=True):
            kept = _kept_rows(rows.get(name), by)
            if kept is None:
                live_from = live_from or first
                continue
            if live_from is not None:
                _add(total, figures.split_rows(uow.session, live_from, first, by))
                live_from = None
            _add(total, kept)
            frozen += 1
        end = stats.next_month(months[-1])
        if live_from is not None:
            _add(total, figures.split_rows(uow.session, live_from, end, by))
    rows_out = tuple((value, tuple(counts)) for value, counts in sorted(total.items()))
    return Breakdown(months[0], end, by, found.heading, SPLIT_KEYS, rows_out), frozen
