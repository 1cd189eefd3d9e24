"""How long requests took: for each stage, the requests whose closing event falls in the
period, timed from the earliest start event of the same request."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from illdesk.core import statistics as stats
from illdesk.services.reports.counting import in_period
from illdesk.store.schema import Event, Request


def _matches(ends: tuple[tuple[str, str], ...]) -> sa.ColumnElement[bool]:
    return sa.or_(
        *(
            Event.action == action
            if source == "*"
            else sa.and_(Event.action == action, Event.from_status == source)
            for action, source in ends
        )
    )


class SecondsBetween(FunctionElement[float]):
    """Seconds from one stored moment to another, worked out by the database: a month's
    stages hand back one number a request, not two moments for Python to read."""

    type = sa.Float()
    inherit_cache = True
    name = "seconds_between"


@compiles(SecondsBetween, "sqlite")
def _seconds_sqlite(element: SecondsBetween, compiler: Any, **kw: Any) -> str:
    began, ended = (compiler.process(c, **kw) for c in element.clauses)
    return f"((julianday({ended}) - julianday({began})) * 86400.0)"


@compiles(SecondsBetween, "postgresql")
def _seconds_postgresql(element: SecondsBetween, compiler: Any, **kw: Any) -> str:
    began, ended = (compiler.process(c, **kw) for c in element.clauses)
    return f"EXTRACT(EPOCH FROM ({ended} - {began}))"


def stage_durations(session: Any, stage: stats.Stage, start: date, end: date) -> list[float]:
    """Seconds from start to end of one stage, for each request that ended it in the period."""
    if stage.starts == stats.CREATED:
        began: Any = Request.created_at
    else:
        first = aliased(Event)
        began = (
            sa.select(sa.func.min(first.at))
            .where(
                first.request_id == Event.request_id,
                first.action.in_(stage.starts),
                first.undone_by.is_(None),
                first.id < Event.id,
            )
            .scalar_subquery()
        )
    query = (
        sa.select(SecondsBetween(began, Event.at))
        .select_from(Event)
        .join(Request, Request.id == Event.request_id)
        .where(
            in_period(start, end),
            Event.action.in_({a for a, _ in stage.ends}),
            _matches(stage.ends),
            Request.direction == stage.direction.value,
        )
    )
    return [float(seconds) for (seconds,) in session.execute(query) if seconds is not None]


def turnarounds(session: Any, start: date, end: date) -> dict[str, stats.Turnaround]:
    """Every stage's turnaround in the period."""
    return {
        stage.key: stats.turnaround(stage_durations(session, stage, start, end))
        for stage in stats.STAGES
    }
