"""Which packages requests travelled in, with their tracking numbers, for the desk's detail
panel, the command line and the CSV export."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.desk.views import PackageLine
from illdesk.store.schema import Shipment, ShipmentItem


def package_lines(
    session: Session, request_ids: Iterable[int] | None
) -> dict[int, tuple[PackageLine, ...]]:
    """Request id -> its packages, oldest first (requests never packed are absent); None
    for every request (an export: one query, and no list of a million ids to bind)."""
    query = (
        sa.select(
            ShipmentItem.request_id,
            ShipmentItem.purpose,
            Shipment.number,
            Shipment.method,
            Shipment.tracking_number,
            Shipment.shipped_at,
        )
        .join(Shipment, Shipment.id == ShipmentItem.shipment_id)
        .order_by(Shipment.id)
    )
    if request_ids is not None:
        ids = list(request_ids)
        if not ids:
            return {}
        query = query.where(ShipmentItem.request_id.in_(ids))
    found: dict[int, list[PackageLine]] = {}
    rows = session.execute(query).all()
    for request_id, purpose, number, method, tracking, shipped_at in rows:
        found.setdefault(request_id, []).append(
            PackageLine(number, method, tracking, shipped_at, purpose)
        )
    return {request_id: tuple(lines) for request_id, lines in found.items()}


def method_label(method: str) -> str:
    """How a package went, in words ("Courier", "Library mail"), or the stored value."""
    try:
        return DeliveryMethod(method).label
    except ValueError:
        return method


def describe_package(line: PackageLine) -> str:
    """One package in words: "P-26-000012, Courier, tracking 1Z999AA10123456784"."""
    parts = [line.number, method_label(line.method)]
    if line.tracking_number:
        parts.append(f"tracking {line.tracking_number}")
    return ", ".join(parts)
