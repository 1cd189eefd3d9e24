"""Purchase instead of borrowing: the rules that route a borrowing request to the Buy instead
queue, the order (vendor, price, order number, dates), the item's arrival (it goes to the
patron like a received loan) and its way to the collection after the patron returns it.

Every step is an action of the status machine written by the one writer; the order is a
further record of the action that placed it, so undoing that action sets the order aside.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from illdesk.core import policy_rules as core
from illdesk.core.policy_rules import Outcome, RuleKind, Verdict
from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import Action, Status, TransitionError
from illdesk.services.desk.action_inputs import action_context, fill_defaults
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.rules import policy
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.policy_schema import PurchaseOrder
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Order:
    """What staff enter when they buy an item."""

    vendor: str
    price: Decimal | None = None
    order_number: str = ""
    expected_on: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class BuyLine:
    """One line of the Buy instead queue."""

    number: str
    title: str
    status: str
    vendor: str
    price: Decimal | None
    order_number: str
    ordered_on: date | None
    expected_on: date | None
    received_on: date | None


def purchase_verdict(uow: UnitOfWork, req: Request, price: Decimal | None = None) -> Verdict:
    """What the purchase rules say about a borrowing request (at a known price, if given)."""
    facts = policy.facts_of(req, uow.today())
    if price is not None:
        from dataclasses import replace  # noqa: PLC0415 - one use

        facts = replace(facts, price=price)
    rules = policy.load_rules(uow, RuleKind.PURCHASE)
    return core.evaluate(rules, facts, RuleKind.PURCHASE)


def on_arrival(uow: UnitOfWork, req: Request) -> str:
    """Route a new borrowing loan to Buy instead when a purchase rule says so."""
    if (
        req.direction != Direction.BORROWING.value
        or req.service != Service.LOAN.value
        or req.status != Status.NEW.value
    ):
        return ""
    if not policy.load_rules(uow, RuleKind.PURCHASE):
        return ""
    verdict = purchase_verdict(uow, req)
    if verdict.outcome is not Outcome.BUY or verdict.rule is None:
        return ""
    note = f"Purchase rule “{verdict.rule.name}”."
    return _act(uow, req, Action.PURCHASE, {"note": note}, [])


def check(uow: UnitOfWork, number: str, price: Decimal | None = None) -> Verdict:
    """What the purchase rules say about a request, and why (nothing changes)."""
    with uow:
        return purchase_verdict(uow, _get(uow, number), price)


def buy_instead(uow: UnitOfWork, number: str, order: Order) -> str:
    """Buy the item instead of borrowing it (or record the order of a request already in Buy
    instead): the order is written with the action, in the same transaction."""
    if not order.vendor.strip():
        raise InvalidInput("Name the vendor the item is bought from.", "vendor")
    if order.price is not None and order.price < 0:
        raise InvalidInput("A price cannot be negative.", "price")
    with uow:
        req = _get(uow, number, for_update=True)
        if req.status == Status.PURCHASE.value:
            _write_order(uow, req.id, None, order)
            uow.commit()
            return f"{req.number}: order recorded ({order.vendor})."
        note = f"Bought from {order.vendor}" + (
            f", order {order.order_number}" if order.order_number else ""
        )
        told = _act(uow, req, Action.PURCHASE, {"note": note}, [_order_record(order)])
        uow.commit()
        return told


def arrived(uow: UnitOfWork, number: str) -> str:
    """The bought item came: on the hold shelf for the patron, like a received loan."""
    with uow:
        req = _get(uow, number, for_update=True)
        told = _act(uow, req, Action.PURCHASE_ARRIVED, {}, [])
        uow.session.execute(
            sa.update(PurchaseOrder)
            .where(PurchaseOrder.request_id == req.id)
            .values(received_on=uow.today())
        )
        uow.commit()
        return told


def to_collection(uow: UnitOfWork, number: str) -> str:
    """The patron returned the bought item: it goes to the collection, the request completes."""
    with uow:
        req = _get(uow, number, for_update=True)
        told = _act(uow, req, Action.TO_COLLECTION, {"note": "Added to the collection"}, [])
        uow.commit()
        return told


def queue(uow: UnitOfWork) -> list[BuyLine]:
    """Requests in Buy instead, and bought items on their way to the patron, oldest first."""
    with uow:
        rows = uow.session.execute(
            sa.select(Request, PurchaseOrder)
            .outerjoin(PurchaseOrder, PurchaseOrder.request_id == Request.id)
            .where(
                Request.direction == Direction.BORROWING.value,
                Request.status == Status.PURCHASE.value,
            )
            .order_by(Request.status_since, Request.id)
        ).all()
        return [
            BuyLine(
                req.number,
                req.title or req.article_title,
                req.status,
                order.vendor if order else "",
                order.price if order else None,
                order.order_number if order else "",
                order.ordered_on if order else None,
                order.expected_on if order else None,
                order.received_on if order else None,
            )
            for req, order in rows
        ]


def _get(uow: UnitOfWork, number: str, *, for_update: bool = False) -> Request:
    req = repo.by_number(uow.session, number, for_update=for_update)
    if req is None:
        raise NotFound(f"No request has the number {number}.")
    return req


def _order_record(order: Order) -> FurtherRecord:
    def write(uow: UnitOfWork, event: Event) -> str:
        assert event.request_id is not None
        _write_order(uow, event.request_id, event.id, order)
        price = f" for ${order.price}" if order.price is not None else ""
        return f"Order recorded: {order.vendor}{price}."

    return write


def _write_order(uow: UnitOfWork, request_id: int, event_id: int | None, order: Order) -> None:
    row = uow.session.scalars(
        sa.select(PurchaseOrder).where(PurchaseOrder.request_id == request_id)
    ).first()
    if row is None:
        row = PurchaseOrder(request_id=request_id, created_at=uow.now())
        uow.session.add(row)
    row.vendor = order.vendor.strip()
    row.price = order.price
    row.order_number = order.order_number
    row.ordered_on = uow.today()
    row.expected_on = order.expected_on
    row.note = order.note
    row.active = True
    if event_id is not None:
        row.event_id = event_id
    uow.session.flush()


def _act(
    uow: UnitOfWork,
    req: Request,
    action: Action,
    params: dict[str, str],
    further: list[FurtherRecord],
) -> str:
    ctx = action_context(uow, req, fill_defaults(uow, req, action, params))
    try:
        done = writer.perform_action(uow, req, action, ctx, further=further)
    except TransitionError as exc:
        raise InvalidInput(f"{req.number}: {exc}") from exc
    label = done.after.status.value.replace("_", " ")
    return f"{req.number}: {label}. {done.told}".strip()
