"""The SQL that counts events in a period: one GROUP BY over the events of the period only
(the index on events(action, at) keeps it from reading other months), grouped by what a
breakdown asks for.

Periods are half-open [start, end) in UTC midnights of the days given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from illdesk.core import statistics as stats
from illdesk.core import surveys
from illdesk.core.vocabulary import Direction
from illdesk.services.errors import InvalidInput
from illdesk.store.facility_schema import Facility
from illdesk.store.schema import Event, Library, Patron, Request, Shipment, ShipmentItem

_NONE = "(none)"


@dataclass(frozen=True, slots=True)
class Dimension:
    """A way to split the figures: its name on the command line, its heading, what it joins."""

    name: str
    heading: str
    supervisors_only: bool = False


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("library", "Partner library"),
    Dimension("group", "Lender group"),
    Dimension("format", "Format"),
    Dimension("service", "Service"),
    Dimension("patron-type", "Patron type"),
    Dimension("pickup", "Pickup location"),
    Dimension("facility", "Correctional facility"),
    Dimension("method", "Delivery method"),
    Dimension("staff", "Staff member", supervisors_only=True),
    Dimension("workstation", "Workstation", supervisors_only=True),
)
DIMENSION_NAMES = tuple(d.name for d in DIMENSIONS)


def moment(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime.combine(day, time(0), tzinfo=UTC)


def in_period(start: date, end: date) -> sa.ColumnElement[bool]:
    """Events of the period that still stand (an undone event does not count)."""
    return sa.and_(Event.at >= moment(start), Event.at < moment(end), Event.undone_by.is_(None))


def _dimension_column(name: str) -> tuple[sa.ColumnElement[Any], tuple[str, ...]]:
    """The SQL value a breakdown groups by, and which joins it needs."""
    method = (
        sa.select(Shipment.method)
        .join(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .where(ShipmentItem.request_id == Request.id)
        .order_by(Shipment.id)
        .limit(1)
        .scalar_subquery()
    )
    columns: Mapping[str, tuple[Any, tuple[str, ...]]] = {
        "library": (Library.symbol, ("library",)),
        "group": (Library.group_name, ("library",)),
        "format": (Request.format, ()),
        "service": (Request.service, ()),
        "patron-type": (Patron.patron_type, ("patron",)),
        "pickup": (Patron.pickup_location, ("patron",)),
        "facility": (Facility.name, ("patron", "facility")),
        "method": (method, ()),
        "staff": (Event.staff_name, ()),
        "workstation": (Event.workstation, ()),
    }
    if name not in columns:
        raise InvalidInput(
            f"Reports can be split by {', '.join(DIMENSION_NAMES)}, not by {name!r}.", "by"
        )
    return columns[name]


def _joined(query: sa.Select[Any], joins: tuple[str, ...]) -> sa.Select[Any]:
    if "library" in joins:
        query = query.outerjoin(Library, Library.id == Request.library_id)
    if "patron" in joins:
        query = query.outerjoin(Patron, Patron.id == Request.patron_id)
    if "facility" in joins:
        query = query.outerjoin(Facility, Facility.id == Patron.facility_id)
    return query


def _split(by: str | None) -> tuple[list[sa.ColumnElement[Any]], tuple[str, ...]]:
    """The extra column a breakdown groups by (none without one), and its joins."""
    if not by:
        return [], ()
    column, joins = _dimension_column(by)
    return [column.label("k")], joins


def count_events(
    session: Any, start: date, end: date, by: str | None = None
) -> dict[str, dict[str, int]]:
    """Measure counts of the period, per breakdown value ("" when not broken down)."""
    split, joins = _split(by)
    grouped = [Request.direction, Event.action, Event.from_status, *split]
    query = (
        sa.select(*grouped, sa.func.count())
        .select_from(Event)
        .join(Request, Request.id == Event.request_id)
        .where(in_period(start, end), Event.action.in_(stats.actions_counted()))
        .group_by(*grouped)
    )
    rows: dict[str, list[tuple[str, str, str, int]]] = {}
    for row in session.execute(_joined(query, joins)):
        value = _label(row[3]) if by else ""
        rows.setdefault(value, []).append((row[0], row[1], row[2], row[-1]))
    overdue = count_overdue(session, start, end, by)
    out: dict[str, dict[str, int]] = {}
    for value in sorted(rows.keys() | overdue.keys()):
        counts = stats.tally(rows.get(value, ()))
        for direction in stats.OVERDUE_END:
            counts[f"{direction.value}.overdue"] = overdue.get(value, {}).get(direction.value, 0)
        out[value] = counts
    if not by and not out:
        out[""] = {**stats.tally(()), "borrowing.overdue": 0, "lending.overdue": 0}
    return out


def _label(value: object) -> str:
    return _NONE if value in (None, "") else str(value)


def count_overdue(
    session: Any, start: date, end: date, by: str | None = None
) -> dict[str, dict[str, int]]:
    """Loans whose lender due date fell in the period, not returned by that date."""
    out: dict[str, dict[str, int]] = {}
    if by in {"staff", "workstation"}:
        return out  # a date passing has no one who did it
    split, joins = _split(by)
    for direction, ends in stats.OVERDUE_END.items():
        # SELECT 1, not *: SQLite then answers from the index (request_id, action,
        # undone_by, at) without reading the events table.
        back = (
            sa.select(sa.literal(1))
            .where(
                Event.request_id == Request.id,
                Event.action.in_(ends),
                Event.undone_by.is_(None),
                UtcDay(Event.at) <= Request.lender_due_date,
            )
            .exists()
        )
        query = (
            sa.select(*split, sa.func.count())
            .select_from(Request)
            .where(
                Request.direction == direction.value,
                Request.lender_due_date >= start,
                Request.lender_due_date < end,
                ~back,
            )
            .group_by(*split)
        )
        for row in session.execute(_joined(query, joins)):
            value = _label(row[0]) if by else ""
            if row[-1]:
                out.setdefault(value, {})[direction.value] = row[-1]
    return out


class UtcDay(FunctionElement[date]):
    """The UTC calendar day of a stored moment, in each database's own words."""

    type = sa.Date()
    inherit_cache = True
    name = "utc_day"


@compiles(UtcDay, "sqlite")
def _utc_day_sqlite(element: UtcDay, compiler: Any, **kw: Any) -> str:
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(UtcDay, "postgresql")
def _utc_day_postgresql(element: UtcDay, compiler: Any, **kw: Any) -> str:
    return f"CAST(timezone('UTC', {compiler.process(element.clauses, **kw)}) AS DATE)"


def count_reasons(session: Any, start: date, end: date) -> dict[str, int]:
    """Unfilled answers by ISO 18626 reason: 'borrowing.unfilled.NotOnShelf' -> 3."""
    reason = Event.details["params"]["reason"].as_string()
    query = (
        sa.select(Request.direction, Event.action, reason, sa.func.count())
        .select_from(Event)
        .join(Request, Request.id == Event.request_id)
        .where(
            in_period(start, end),
            Event.action.in_([a for actions in stats.UNFILLED_ACTIONS.values() for a in actions]),
        )
        .group_by(Request.direction, Event.action, reason)
    )
    out: dict[str, int] = {}
    for direction, action, value, count in session.execute(query):
        if action not in stats.UNFILLED_ACTIONS[Direction(direction)]:
            continue
        name = value or stats.DEFAULT_REASON.get(action, "Other")
        key = f"{direction}.unfilled.{name}"
        out[key] = out.get(key, 0) + count
    return dict(sorted(out.items()))


def count_survey_bases(session: Any, start: date, end: date) -> dict[str, int]:
    """Filled lending and received borrowing split into returnables, non-returnables and
    (borrowing) commercial documents, for the surveys."""
    returnable = sa.and_(Request.service == "loan", Request.format.not_in(("article", "chapter")))
    commercial = Library.group_name == surveys.COMMERCIAL_GROUP
    lent = {a for m in ("lending.filled",) for a, _ in stats.BY_KEY[m].events}
    got = stats.BY_KEY["borrowing.received"].events
    query = (
        sa.select(
            Request.direction,
            Event.action,
            Event.from_status,
            sa.case((returnable, 1), else_=0),
            sa.case((commercial, 1), else_=0),
            sa.func.count(),
        )
        .select_from(Event)
        .join(Request, Request.id == Event.request_id)
        .outerjoin(Library, Library.id == Request.library_id)
        .where(in_period(start, end), Event.action.in_(lent | {a for a, _ in got}))
        .group_by(Request.direction, Event.action, Event.from_status, returnable, commercial)
    )
    out = {key: 0 for key in surveys.BASES}
    for direction, action, from_status, is_returnable, is_commercial, count in session.execute(
        query
    ):
        measures = stats.measures_of(direction, action, from_status)
        if "lending.filled" in measures:
            key = surveys.LENT_RETURNABLE if is_returnable else surveys.LENT_NONRETURNABLE
        elif "borrowing.received" in measures:
            if is_commercial:
                key = surveys.GOT_COMMERCIAL
            else:
                key = surveys.GOT_RETURNABLE if is_returnable else surveys.GOT_NONRETURNABLE
        else:
            continue
        out[key] += count
    return out
