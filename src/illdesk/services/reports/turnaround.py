"""How long requests took: for each stage, the requests whose closing event falls in the
period, timed from the earliest start event of the same request."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

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


def _timed(
    session: Any, stages: list[stats.Stage], start: date, end: date
) -> dict[str, list[float]]:
    """Time several stages that begin with the same events in one query: the closing events
    of all of them in the period, each then given to the stages it closes."""
    first_stage = stages[0]
    if first_stage.starts == stats.CREATED:
        began: Any = Request.created_at
    else:
        first = aliased(Event)
        began = (
            sa.select(sa.func.min(first.at))
            .where(
                first.request_id == Event.request_id,
                first.action.in_(first_stage.starts),
                first.undone_by.is_(None),
                first.id < Event.id,
            )
            .scalar_subquery()
        )
    ends = tuple({pair for stage in stages for pair in stage.ends})
    query = (
        sa.select(began, Event.at, Event.action, Event.from_status, Request.direction)
        .select_from(Event)
        .join(Request, Request.id == Event.request_id)
        .where(
            in_period(start, end),
            Event.action.in_({a for a, _ in ends}),
            _matches(ends),
            Request.direction.in_({stage.direction.value for stage in stages}),
        )
    )
    found: dict[str, list[float]] = {stage.key: [] for stage in stages}
    for when, ended, action, from_status, direction in session.execute(query):
        if not when:
            continue
        for stage in stages:
            if stage.direction.value == direction and any(
                a == action and source in ("*", from_status) for a, source in stage.ends
            ):
                found[stage.key].append((ended - when).total_seconds())
    return found


def turnarounds(session: Any, start: date, end: date) -> dict[str, stats.Turnaround]:
    """Every stage's turnaround in the period (one query per set of stages that start with
    the same events: four for the seven stages)."""
    by_start: dict[tuple[str, ...], list[stats.Stage]] = {}
    for stage in stats.STAGES:
        by_start.setdefault(stage.starts, []).append(stage)
    found: dict[str, list[float]] = {stage.key: [] for stage in stats.STAGES}
    for stages in by_start.values():
        found.update(_timed(session, stages, start, end))
    return {stage.key: stats.turnaround(found[stage.key]) for stage in stats.STAGES}
