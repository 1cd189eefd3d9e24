"""Packages: everything going to one library in one package, with one label and one slip."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from illdesk.core import workflow
from illdesk.core.queues import TO_SEND, QueueFilter, shipping_group, shipping_method
from illdesk.core.vocabulary import DeliveryMethod, Direction, Service
from illdesk.core.workflow import Action
from illdesk.services.desk.action_inputs import context_for
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Library, Request, Shipment, ShipmentItem
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ShipmentView:
    """A package as the desk and the printers see it."""

    number: str
    library_symbol: str
    library_name: str
    method: str
    tracking_number: str
    status: str
    request_numbers: tuple[str, ...]


def ship_package(
    uow: UnitOfWork,
    library_symbol: str,
    numbers: list[str],
    method: DeliveryMethod,
    tracking_number: str = "",
) -> ShipmentView:
    """Ship lent items, or return borrowed ones, to one library in one package.

    Every request must be bound for that library and ready to go; if one is not, nothing is
    shipped and the message names it.
    """
    if not numbers:
        raise InvalidInput("A package needs at least one item.")
    with uow:
        library = library_by_symbol(uow.session, library_symbol)
        if library is None:
            raise NotFound(f"No partner library has the symbol {library_symbol}.")
        shipment = Shipment(
            number=repo.next_number(uow.session, "P", uow.today().year),
            library=library,
            outgoing=True,
            method=DeliveryMethod(method).value,
            tracking_number=tracking_number.strip(),
            status="shipped",
            created_at=uow.now(),
            shipped_at=uow.now(),
        )
        uow.session.add(shipment)
        for number in numbers:
            req = repo.by_number(uow.session, number, for_update=True)
            if req is None:
                raise NotFound(f"No request has the number {number}.")
            if req.library_id != library.id:
                other = req.library.symbol if req.library else "no library"
                raise InvalidInput(
                    f"{req.number} goes to {other}, not {library.symbol}: take it out of this "
                    "package."
                )
            action = (
                Action.SHIP if req.direction == Direction.LENDING.value else Action.RETURN_TO_LENDER
            )
            if req.direction == Direction.LENDING.value and req.service == "copy":
                action = Action.SEND_COPY
            try:
                writer.perform(
                    uow,
                    req,
                    action,
                    context_for(uow, req, action, {}),
                    extra={"package": shipment.number, "tracking_number": shipment.tracking_number},
                )
            except workflow.TransitionError as exc:
                raise InvalidInput(f"{req.number}: {exc}") from exc
            purpose = "loan" if action is Action.SHIP else "return"
            shipment.items.append(ShipmentItem(request_id=req.id, purpose=purpose))
        view = _view(shipment, library, numbers)
        uow.commit()
    return view


def _view(shipment: Shipment, library: Library, numbers: list[str]) -> ShipmentView:
    return ShipmentView(
        number=shipment.number,
        library_symbol=library.symbol,
        library_name=library.name,
        method=shipment.method,
        tracking_number=shipment.tracking_number,
        status=shipment.status,
        request_numbers=tuple(numbers),
    )


@dataclass(frozen=True, slots=True)
class ShippingGroup:
    """Everything waiting to go to one library by one delivery method: one package's worth."""

    method: DeliveryMethod
    library_symbol: str
    library_name: str
    courier_route: str
    courier_stop: str
    count: int
    oldest: datetime | None  # when the longest-waiting item became ready to go
    queue: QueueFilter  # the requests themselves, as a queue the desk can open


@dataclass(slots=True)
class _Tally:
    services: set[Service] = field(default_factory=set)
    count: int = 0
    oldest: datetime | None = None


def _to_send() -> sa.ColumnElement[bool]:
    return sa.or_(
        *(sa.and_(Request.direction == d.value, Request.status == s.value) for d, s in TO_SEND)
    )


def shipping_groups(uow: UnitOfWork) -> tuple[ShippingGroup, ...]:
    """What is waiting to go out, one group per destination library and delivery method.

    The method is the library's own preference (`core.queues.shipping_method`), so a library
    that takes copies electronically and loans by courier has two groups. Groups come by
    method (courier first), then courier route and stop, then symbol: the order a desk packs
    a courier bin in.
    """
    with uow:
        counted = uow.session.execute(
            sa.select(
                Request.library_id,
                Request.service,
                sa.func.count(Request.id),
                sa.func.min(Request.status_since),
            )
            .where(_to_send())
            .group_by(Request.library_id, Request.service)
        ).all()
        ids = {row[0] for row in counted if row[0] is not None}
        libraries = {
            lib.id: lib
            for lib in uow.session.scalars(sa.select(Library).where(Library.id.in_(ids)))
        }
        tallies: dict[tuple[int, DeliveryMethod], _Tally] = {}
        for library_id, service, count, oldest in counted:
            if library_id is None:
                continue
            lib = libraries[library_id]
            method = shipping_method(lib.delivery_methods.split(","), Service(service))
            tally = tallies.setdefault((library_id, method), _Tally())
            tally.services.add(Service(service))
            tally.count += int(count)
            if oldest is not None and (tally.oldest is None or oldest < tally.oldest):
                tally.oldest = oldest
    per_library: dict[int, int] = {}
    for library_id, _method in tallies:
        per_library[library_id] = per_library.get(library_id, 0) + 1
    groups: list[ShippingGroup] = []
    for (library_id, method), tally in tallies.items():
        lib = libraries[library_id]
        # A library split over two methods (copies electronically, loans by courier) gets a
        # queue per service; otherwise the group shows everything going to it.
        only = next(iter(tally.services)) if per_library[library_id] > 1 else None
        groups.append(
            ShippingGroup(
                method=method,
                library_symbol=lib.symbol,
                library_name=lib.name,
                courier_route=lib.courier_route,
                courier_stop=lib.courier_stop,
                count=tally.count,
                oldest=tally.oldest,
                queue=shipping_group(method, lib.symbol, lib.name, only),
            )
        )
    order = list(DeliveryMethod)
    groups.sort(
        key=lambda g: (order.index(g.method), g.courier_route, g.courier_stop, g.library_symbol)
    )
    return tuple(groups)
