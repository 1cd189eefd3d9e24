"""Pack and ship at the desk: items into one package for one library; closing it ships it.

The package goes by the destination library's own delivery method, chosen with its first item
by the rule the Ship dialog and the Shipping queues use (`core.queues.shipping_method`), and
the desk says which before the package is closed.
"""

from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa

from illdesk.core.queues import shipping_method
from illdesk.core.vocabulary import DeliveryMethod, Service
from illdesk.services.desk.desk_state import DeskState
from illdesk.services.desk.scan_texts import Level, ScanResult, error, hint, title_of
from illdesk.services.errors import ServiceError
from illdesk.services.rules import facilities
from illdesk.services.shipping import packages as shipping
from illdesk.store.request_records import RequestRecord
from illdesk.store.schema import Library
from illdesk.store.unit_of_work import UnitOfWork


def pack(
    uow: UnitOfWork, req: RequestRecord, state: DeskState, reason: str
) -> tuple[ScanResult, DeskState]:
    """Add a scanned item to the open package (the decision found it ready to go out, or
    `reason` says why it is not)."""
    if reason:
        return error(f"{req.number} is not ready to ship", reason, hint(req)), state
    destination = req.library.symbol if req.library else ""
    refusal = facilities.refusal_for_request(uow, req.id)
    if refusal and req.state.service is Service.LOAN:
        return (
            error(
                "A facility's rule refuses it",
                refusal,
                "A supervisor may still send it: Ship anyway, with the reason, on the request.",
            ),
            state,
        )
    if req.number in state.package_numbers:
        return (
            ScanResult(Level.WARNING, "Already in this package", req.number, number=req.number),
            state,
        )
    if state.package_library and destination != state.package_library:
        return (
            error(
                f"Not for {state.package_library}",
                f"{req.number} goes to {destination}, not {state.package_library}.",
                f"Keep it apart for the {destination} package.",
            ),
            state,
        )
    method = state.package_method or _method_for(uow, destination, req).value
    new_state = replace(
        state,
        package_library=destination,
        package_numbers=(*state.package_numbers, req.number),
        package_method=method,
        last_number="",
        last_event_id=None,
    )
    count = len(new_state.package_numbers)
    label = DeliveryMethod(method).label
    return (
        ScanResult(
            Level.SUCCESS,
            f"Packed {req.number}",
            f"{count} item{'s' if count != 1 else ''} in this package for {destination}, "
            f"going by {label}.",
            f"Into the package for {destination}",
            req.number,
            title_of(req),
            destination,
            "pack",
        ),
        new_state,
    )


def _method_for(uow: UnitOfWork, symbol: str, req: RequestRecord) -> DeliveryMethod:
    accepted = uow.session.execute(
        sa.select(Library.delivery_methods).where(Library.symbol == symbol)
    ).scalar()
    methods = (accepted or "").split(",")
    chosen = shipping_method(methods, req.state.service)
    # A package is a physical parcel: a copy library's electronic preference does not apply.
    if chosen is DeliveryMethod.ELECTRONIC:
        return shipping_method(
            [m for m in methods if m != DeliveryMethod.ELECTRONIC.value], req.state.service
        )
    return chosen


def close_package(
    uow: UnitOfWork,
    state: DeskState,
    method: DeliveryMethod | None = None,
    tracking: str = "",
) -> tuple[ScanResult, DeskState]:
    """Ship the open package (every item, or none); the desk then prints its label and slip.

    It goes by the method chosen with its first item (the library's own) unless `method`
    says otherwise.
    """
    if not state.package_numbers:
        return error("The package is empty", "", "Scan the items first."), state
    chosen = method or DeliveryMethod(state.package_method or DeliveryMethod.POST.value)
    try:
        package = shipping.ship_package(
            uow, state.package_library, list(state.package_numbers), chosen, tracking
        )
    except ServiceError as exc:
        return error("Package not shipped", str(exc)), state
    result = ScanResult(
        Level.SUCCESS,
        f"Package {package.number} for {package.library_symbol}",
        f"{len(package.request_numbers)} item(s) shipped by {chosen.label}.",
        "Label and packing slip on the package",
        package.number,
        party=package.library_symbol,
        action="ship_package",
    )
    return result, replace(state, package_library="", package_numbers=(), package_method="")
