"""The monthly archive: freezing a month stores its figures, and its splits by partner
library, format, facility ... (`splits`); a frozen month never changes when requests change
later; a correction is a new entry with its reason, shown beside the figure it corrects.
Months also freeze by themselves a set number of days after they end."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from illdesk.core import statistics as stats
from illdesk.core.roles import Permission
from illdesk.services.access.permissions import require
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import figures, splits
from illdesk.services.reports.exports import shown
from illdesk.services.reports.figures import Value
from illdesk.store.report_schema import FigureCorrection, FrozenMonth
from illdesk.store.schema import Event
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Correction:
    """A frozen figure corrected, with why, by whom and when."""

    measure: str
    old_value: str
    new_value: str
    reason: str
    made_at: datetime
    made_by: str


@dataclass(frozen=True, slots=True)
class MonthReport:
    """A month's figures: live from the history, or as frozen with their corrections applied."""

    month: str
    figures: figures.Figures
    frozen_at: datetime | None = None
    frozen_by: str = ""
    automatic: bool = False
    corrections: tuple[Correction, ...] = ()
    original: dict[str, Value] | None = None  # frozen values before corrections


def parse_value(text: str) -> Value:
    """A stored figure back from text: a whole number, an exact decimal, or nothing."""
    if text == "":
        return None
    if text.lstrip("-").isdigit():
        return int(text)
    return Decimal(text)


def _month(month: str) -> tuple[date, date]:
    try:
        return stats.month_bounds(month)
    except ValueError as exc:
        raise InvalidInput(str(exc), "month") from None


def _stored_lines(row: FrozenMonth) -> tuple[figures.Line, ...]:
    """The frozen values, under today's words for them (a label reworded since the month
    froze reads as every other month's does)."""
    out = []
    for key, stored_label, value, stored_definition in row.figures.get("lines", []):
        label, definition = figures.words(key) or (stored_label, stored_definition)
        out.append(figures.Line(key, label, parse_value(value), definition))
    return tuple(out)


def _corrections(session: Any, month: str) -> tuple[Correction, ...]:
    rows = session.scalars(
        sa.select(FigureCorrection)
        .where(FigureCorrection.month == month)
        .order_by(FigureCorrection.id)
    )
    return tuple(
        Correction(r.measure, r.old_value, r.new_value, r.reason, r.made_at, r.made_by)
        for r in rows
    )


def frozen_report(session: Any, month: str) -> MonthReport | None:
    """The month as frozen, with its corrections applied; None when it is not frozen."""
    return _frozen(session, month)


def _frozen(session: Any, month: str) -> MonthReport | None:
    row = session.get(FrozenMonth, month)
    if row is None:
        return None
    start, end = _month(month)
    lines = _stored_lines(row)
    corrections = _corrections(session, month)
    latest = {c.measure: parse_value(c.new_value) for c in corrections}
    corrected = tuple(
        replace(line, value=latest[line.key]) if line.key in latest else line for line in lines
    )
    return MonthReport(
        month,
        figures.Figures(start, end, corrected),
        row.frozen_at,
        row.frozen_by,
        row.automatic,
        corrections,
        {line.key: line.value for line in lines},
    )


def month_report(uow: UnitOfWork, month: str) -> MonthReport:
    """The month as frozen (with corrections), else counted live from the history."""
    start, end = _month(month)
    with uow:
        frozen = _frozen(uow.session, month)
    if frozen is not None:
        return frozen
    return MonthReport(month, figures.compute(uow, start, end))


def freeze_month(uow: UnitOfWork, month: str, *, automatic: bool = False) -> MonthReport:
    """Store a month's figures as they are now (only a month that has ended, and only once)."""
    start, end = _month(month)
    if not automatic:
        require(uow, Permission.FREEZE_STATISTICS)
    today = uow.now().date()
    if end > today:
        raise InvalidInput(
            f"{month} has not ended yet: a month can be frozen from {end.isoformat()} on.",
            "month",
        )
    with uow:
        existing = uow.session.get(FrozenMonth, month)
        if existing is not None:
            raise InvalidInput(
                f"{month} was frozen on {existing.frozen_at:%d %b %Y} by "
                f"{existing.frozen_by or 'ILL Desk'}; change a figure with a correction "
                "(illdesk report correct) instead.",
                "month",
            )
    counted = figures.compute(uow, start, end)
    with uow:
        kept_splits = splits.stored_splits(uow.session, start, end)
    with uow:
        if uow.session.get(FrozenMonth, month) is not None:
            raise InvalidInput(f"{month} was frozen meanwhile by another workstation.", "month")
        lines = [[ln.key, ln.label, shown(ln.value), ln.definition] for ln in counted.lines]
        uow.session.add(
            FrozenMonth(
                month=month,
                frozen_at=uow.now(),
                frozen_by="" if automatic else uow.actor.staff_name,
                automatic=automatic,
                figures={"lines": lines, splits.KEY: kept_splits},
            )
        )
        uow.commit()
        report = _frozen(uow.session, month)
    assert report is not None
    return report


def correct(uow: UnitOfWork, month: str, measure: str, value: str, reason: str) -> Correction:
    """Record a corrected figure for a frozen month, beside the original."""
    _month(month)
    require(uow, Permission.FREEZE_STATISTICS)
    if not reason.strip():
        raise InvalidInput("Say why the figure is corrected (--reason).", "reason")
    try:
        number = parse_value(value.strip())
    except (InvalidOperation, ValueError):
        number = None
    if (
        number is None
        or (isinstance(number, int) and number < 0)
        or (isinstance(number, Decimal) and (not number.is_finite() or number < 0))
    ):
        raise InvalidInput(f"{value!r} is not a figure: give a number such as 12 or 45.5.", "value")
    with uow:
        current = _frozen(uow.session, month)
        if current is None:
            raise InvalidInput(
                f"{month} is not frozen: its figures still follow the history. Freeze it "
                "first (illdesk report freeze), then correct.",
                "month",
            )
        keys = {line.key for line in current.figures.lines}
        if measure not in keys:
            near = sorted(k for k in keys if measure.rsplit(".", maxsplit=1)[-1] in k)[:5]
            hint = f" Did you mean {', '.join(near)}?" if near else ""
            raise InvalidInput(f"{month} has no figure called {measure}.{hint}", "measure")
        entry = FigureCorrection(
            month=month,
            measure=measure,
            old_value=shown(current.figures.value(measure)),
            new_value=shown(number),
            reason=reason.strip(),
            made_at=uow.now(),
            made_by=uow.actor.staff_name,
        )
        uow.session.add(entry)
        uow.commit()
        return Correction(
            entry.measure, entry.old_value, entry.new_value, entry.reason, entry.made_at,
            entry.made_by,
        )  # fmt: skip


def freeze_due(uow: UnitOfWork) -> list[str]:
    """Freeze every month that ended at least the set number of days ago and is not frozen
    yet (from the first month with any history); returns the months frozen."""
    with uow:
        settings = library_settings.load(uow).reports
        first = uow.session.scalar(sa.select(sa.func.min(Event.at)))
        done = set(uow.session.scalars(sa.select(FrozenMonth.month)))
    if settings.freeze_after_days == 0 or first is None:
        return []
    today = uow.now().date()
    due = [
        stats.month_name(m)
        for m in stats.months_between(first.date(), today)
        if stats.next_month(m) + timedelta(days=settings.freeze_after_days) <= today
    ]
    made = []
    for month in due:
        if month in done:
            continue
        try:
            freeze_month(_again(uow), month, automatic=True)
        except InvalidInput:
            continue  # frozen meanwhile elsewhere
        made.append(month)
    return made


def _again(uow: UnitOfWork) -> UnitOfWork:
    """A fresh unit of work like `uow` (one per transaction)."""
    return UnitOfWork(uow.db, uow.actor, uow.clock, read_only=False)


def frozen_months(uow: UnitOfWork) -> dict[str, datetime]:
    """Every frozen month and when it was frozen."""
    with uow:
        return dict(uow.session.execute(sa.select(FrozenMonth.month, FrozenMonth.frozen_at)).all())
