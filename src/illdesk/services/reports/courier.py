"""Courier statistics: packages and items out and in per day, per destination and method
(from the packages the desk made), and the small courier log kept at the desk (bins out and
in, a missed stop)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from illdesk.services.errors import InvalidInput
from illdesk.services.reports.counting import UtcDay, moment
from illdesk.store.report_schema import CourierEntry
from illdesk.store.schema import Library, Shipment, ShipmentItem
from illdesk.store.unit_of_work import UnitOfWork

KINDS = ("out", "in", "missed")


@dataclass(frozen=True, slots=True)
class CourierRow:
    """One day, one destination, one method, one way."""

    day: date
    way: str  # out | in
    destination: str
    method: str
    packages: int
    items: int


@dataclass(frozen=True, slots=True)
class LogLine:
    """A line of the desk's courier log."""

    day: date
    kind: str
    route: str
    bins: int
    items: int
    note: str
    recorded_by: str


def record(
    uow: UnitOfWork, day: date, kind: str, route: str = "", bins: int = 0, items: int = 0,
    note: str = "",
) -> LogLine:  # fmt: skip
    """Add a line to the courier log (today's bins out or in, or a missed stop)."""
    if kind not in KINDS:
        raise InvalidInput(f"A courier log line is {', '.join(KINDS)}, not {kind!r}.", "kind")
    if bins < 0 or items < 0:
        raise InvalidInput("Bins and items are counted from 0 up.", "bins")
    if kind == "missed" and not (route or note):
        raise InvalidInput("Say which stop was missed (the route or a note).", "route")
    with uow:
        uow.session.add(
            CourierEntry(
                day=day, kind=kind, route=route.strip(), bins=bins, items=items,
                note=note.strip(), recorded_at=uow.now(), recorded_by=uow.actor.staff_name,
            )
        )  # fmt: skip
        uow.commit()
    return LogLine(day, kind, route.strip(), bins, items, note.strip(), uow.actor.staff_name)


def report(uow: UnitOfWork, first: date, end: date) -> tuple[list[CourierRow], list[LogLine]]:
    """Packages per day, way, destination and method in [first, end), and the log lines."""
    rows: list[CourierRow] = []
    with uow:
        for way, when in (("out", Shipment.shipped_at), ("in", Shipment.received_at)):
            day = UtcDay(when)
            query = (
                sa.select(
                    day,
                    Library.symbol,
                    Shipment.method,
                    sa.func.count(sa.distinct(Shipment.id)),
                    sa.func.count(ShipmentItem.request_id),
                )
                .select_from(Shipment)
                .join(Library, Library.id == Shipment.library_id)
                .outerjoin(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
                .where(
                    Shipment.outgoing.is_(way == "out"),
                    when >= moment(first),
                    when < moment(end),
                )
                .group_by(day, Library.symbol, Shipment.method)
            )
            for on, symbol, method, packages, items in uow.session.execute(query):
                rows.append(CourierRow(_as_date(on), way, symbol, method, packages, items))
        log = [
            LogLine(e.day, e.kind, e.route, e.bins, e.items, e.note, e.recorded_by)
            for e in uow.session.scalars(
                sa.select(CourierEntry)
                .where(CourierEntry.day >= first, CourierEntry.day < end)
                .order_by(CourierEntry.day, CourierEntry.id)
            )
        ]
    rows.sort(key=lambda r: (r.day, r.way, r.destination, r.method))
    return rows, log


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
