"""Policy rules (lending policy, purchase instead of borrowing) and purchase orders.

A rule's conditions and outcome are one JSON object whose shape belongs to
`core.policy_rules`, so a new kind of condition needs no migration. Rules are read in
`position` order; the first that matches decides.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class PolicyRuleRow(Base):
    """One stored rule."""

    __tablename__ = "policy_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # lending | purchase
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
    updated_by: Mapped[str] = mapped_column(String(120), default="")

    __table_args__ = (Index(None, "kind", "position"),)


class PurchaseOrder(Base):
    """An item bought instead of borrowed: who sells it, for how much, and when."""

    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), unique=True
    )
    vendor: Mapped[str] = mapped_column(String(120), default="")
    price: Mapped[Decimal | None]
    order_number: Mapped[str] = mapped_column(String(60), default="")
    ordered_on: Mapped[date | None] = mapped_column(Date)
    expected_on: Mapped[date | None] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    # The action that placed the order: an undone order is not read.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
