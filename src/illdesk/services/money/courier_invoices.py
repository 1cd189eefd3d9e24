"""Invoices from the courier: recorded for a period (stops, bins, items, amount), checked
against what the desk sent and received by courier in that period and its courier log, with the
cost per package and per item; approved for payment or disputed.

What the desk saw, for a period from FIRST to LAST (both included):
- packages sent by courier (shipped that day) and the items in them;
- loans and returns received from libraries whose delivery methods include the courier (each
  item; one bag per library and day);
- the desk's courier log: bins out and in, items counted, days a stop was missed.
A day with any of those (except a missed stop) is a day the courier came.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from illdesk.core.courier_billing import (
    CourierBill,
    CourierBillError,
    CourierSeen,
    cost_per,
    disagreements,
)
from illdesk.core.money import MoneyError, parse_amount
from illdesk.core.roles import Permission
from illdesk.core.vocabulary import DeliveryMethod
from illdesk.core.workflow import Action
from illdesk.interop.csv_safe import write_csv
from illdesk.services.access import permissions
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.reports.counting import UtcDay, moment
from illdesk.store.money_schema import CourierInvoice
from illdesk.store.report_schema import CourierEntry
from illdesk.store.schema import Event, Library, Request, Shipment, ShipmentItem
from illdesk.store.unit_of_work import UnitOfWork

COURIER = DeliveryMethod.COURIER.value
# What arrives by courier: a borrowed loan from its lender, our own item back from a borrower.
ARRIVALS = (Action.RECEIVE.value, Action.CHECK_IN.value)


@dataclass(frozen=True, slots=True)
class CourierInvoiceView:
    """A courier's invoice with what the desk saw and what does not agree."""

    id: int
    courier: str
    their_number: str
    first: date
    last: date
    stops: int
    bins: int
    items: int
    amount: Decimal
    status: str
    note: str
    seen: CourierSeen
    cost_per_package: Decimal | None
    cost_per_item: Decimal | None
    problems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewCourierInvoice:
    """What staff type from the courier's invoice."""

    courier: str
    their_number: str
    first: date
    last: date
    stops: int
    bins: int
    items: int
    amount: str | Decimal
    received_on: date | None = None


def record(uow: UnitOfWork, given: NewCourierInvoice) -> CourierInvoiceView:
    """Record a courier's invoice; it is checked at once (nothing is recorded if refused)."""
    courier = " ".join(given.courier.split())
    number = given.their_number.strip()
    if not courier:
        raise InvalidInput("Name the courier (as on its invoice).", "courier")
    if not number:
        raise InvalidInput("Give the courier's invoice number.", "number")
    try:
        amount = parse_amount(given.amount, "The invoice total")
        bill = CourierBill(given.first, given.last, given.stops, given.bins, given.items, amount)
        bill.validate(uow.today())
    except (MoneyError, CourierBillError) as exc:
        raise InvalidInput(str(exc)) from exc
    with uow:
        permissions.require(uow, Permission.MONEY)
        already = uow.session.scalar(
            sa.select(CourierInvoice.id).where(
                sa.func.lower(CourierInvoice.courier) == courier.lower(),
                CourierInvoice.their_number == number,
            )
        )
        if already is not None:
            raise InvalidInput(
                f"Invoice {number} of {courier} is already recorded ({already}).", "number"
            )
        invoice = CourierInvoice(
            courier=courier,
            their_number=number,
            first_day=bill.first,
            last_day=bill.last,
            stops=bill.stops,
            bins=bill.bins,
            items=bill.items,
            amount=amount,
            received_on=given.received_on or uow.today(),
            status="received",
            note="",
            created_at=uow.now(),
        )
        uow.session.add(invoice)
        uow.session.flush()
        view = view_of(uow, invoice)
        uow.commit()
    return view


def seen_in_period(uow: UnitOfWork, first: date, last: date) -> CourierSeen:
    """What the desk recorded of the courier from `first` to `last` (both included)."""
    session = uow.session
    start, end = moment(first), moment(last + timedelta(days=1))
    out_day = UtcDay(Shipment.shipped_at)
    sent = session.execute(
        sa.select(out_day, Shipment.id, sa.func.count(ShipmentItem.request_id))
        .outerjoin(ShipmentItem, ShipmentItem.shipment_id == Shipment.id)
        .where(
            Shipment.outgoing.is_(True),
            Shipment.method == COURIER,
            Shipment.shipped_at >= start,
            Shipment.shipped_at < end,
        )
        .group_by(out_day, Shipment.id)
    ).all()
    in_day = UtcDay(Event.at)
    received = session.execute(
        sa.select(in_day, Request.library_id, sa.func.count())
        .select_from(Event)
        .join(Request, Request.id == Event.request_id)
        .join(Library, Library.id == Request.library_id)
        .where(
            Event.action.in_(ARRIVALS),
            Event.undone_by.is_(None),
            Event.at >= start,
            Event.at < end,
            Library.delivery_methods.contains(COURIER),
        )
        .group_by(in_day, Request.library_id)
    ).all()
    log = session.execute(
        sa.select(CourierEntry.day, CourierEntry.kind, CourierEntry.bins, CourierEntry.items).where(
            CourierEntry.day >= first, CourierEntry.day <= last
        )
    ).all()
    days = {str(day) for day, _id, _n in sent} | {str(day) for day, _lib, _n in received}
    days |= {day.isoformat() for day, kind, _b, _i in log if kind != "missed"}
    missed = {day.isoformat() for day, kind, _b, _i in log if kind == "missed"}
    return CourierSeen(
        stop_days=len(days),
        missed_days=len(missed - days),
        packages_out=len(sent),
        items_out=sum(n for _day, _id, n in sent),
        packages_in=len(received),
        items_in=sum(n for _day, _lib, n in received),
        bins_logged=sum(b for _day, kind, b, _i in log if kind != "missed"),
        items_logged=sum(i for _day, kind, _b, i in log if kind != "missed"),
    )


def _overlaps(uow: UnitOfWork, invoice: CourierInvoice) -> list[str]:
    """Other invoices of the same courier (not disputed) whose period overlaps this one."""
    others = uow.session.execute(
        sa.select(CourierInvoice.their_number, CourierInvoice.first_day, CourierInvoice.last_day)
        .where(
            sa.func.lower(CourierInvoice.courier) == invoice.courier.lower(),
            CourierInvoice.id != invoice.id,
            CourierInvoice.status != "disputed",
            CourierInvoice.first_day <= invoice.last_day,
            CourierInvoice.last_day >= invoice.first_day,
        )
        .order_by(CourierInvoice.first_day)
    ).all()
    return [
        f"Its period overlaps invoice {number} ({first} to {last}): the same days billed twice?"
        for number, first, last in others
    ]


def view_of(uow: UnitOfWork, invoice: CourierInvoice) -> CourierInvoiceView:
    seen = seen_in_period(uow, invoice.first_day, invoice.last_day)
    bill = CourierBill(
        invoice.first_day,
        invoice.last_day,
        invoice.stops,
        invoice.bins,
        invoice.items,
        invoice.amount,
    )
    problems = disagreements(bill, seen) + _overlaps(uow, invoice)
    return CourierInvoiceView(
        invoice.id,
        invoice.courier,
        invoice.their_number,
        invoice.first_day,
        invoice.last_day,
        invoice.stops,
        invoice.bins,
        invoice.items,
        invoice.amount,
        invoice.status,
        invoice.note,
        seen,
        cost_per(invoice.amount, seen.packages),
        cost_per(invoice.amount, seen.items),
        tuple(problems),
    )


def _get(uow: UnitOfWork, invoice_id: int) -> CourierInvoice:
    invoice = uow.session.get(CourierInvoice, invoice_id)
    if invoice is None:
        raise NotFound(
            f"No courier invoice has the number {invoice_id} (see courier-invoice list)."
        )
    return invoice


def check(uow: UnitOfWork, invoice_id: int) -> CourierInvoiceView:
    """A courier's invoice beside what the desk saw in its period."""
    with uow:
        return view_of(uow, _get(uow, invoice_id))


def decide(
    uow: UnitOfWork, invoice_id: int, *, approve: bool, note: str = ""
) -> CourierInvoiceView:
    """Approve for payment (refused while the check finds problems, unless a note says why it
    is paid anyway) or dispute (a note is required)."""
    with uow:
        permissions.require(uow, Permission.MONEY)
        invoice = _get(uow, invoice_id)
        if invoice.status != "received":
            raise InvalidInput(f"That courier invoice was already {invoice.status}.")
        view = view_of(uow, invoice)
        if approve and view.problems and not note.strip():
            raise InvalidInput(
                "Not approved: "
                + " ".join(view.problems)
                + " Dispute it, or approve with --note saying why it is right."
            )
        if not approve and not note.strip():
            raise InvalidInput("Say what is disputed (--note).", "note")
        invoice.status = "approved" if approve else "disputed"
        invoice.decided_on = uow.today()
        if note.strip():
            invoice.note = note.strip()
        view = view_of(uow, invoice)
        uow.commit()
    return view


def list_invoices(uow: UnitOfWork) -> list[CourierInvoiceView]:
    """Every courier invoice, newest period first."""
    with uow:
        found = uow.session.scalars(
            sa.select(CourierInvoice).order_by(
                CourierInvoice.first_day.desc(), CourierInvoice.id.desc()
            )
        )
        return [view_of(uow, invoice) for invoice in found]


EXPORT_COLUMNS = (
    "courier", "invoice", "first_day", "last_day", "received", "approved", "stops", "bins",
    "items", "amount", "cost_per_package", "note",
)  # fmt: skip


def export_approved(uow: UnitOfWork, path: Path) -> int:
    """The approved courier invoices as CSV for the accounts-payable office; how many."""
    with uow:
        rows = []
        for invoice in uow.session.scalars(
            sa.select(CourierInvoice)
            .where(CourierInvoice.status == "approved")
            .order_by(CourierInvoice.decided_on, CourierInvoice.id)
        ):
            view = view_of(uow, invoice)
            rows.append(
                (
                    view.courier, view.their_number, view.first.isoformat(),
                    view.last.isoformat(), invoice.received_on.isoformat(),
                    invoice.decided_on.isoformat() if invoice.decided_on else "",
                    str(view.stops), str(view.bins), str(view.items), str(view.amount),
                    "" if view.cost_per_package is None else str(view.cost_per_package),
                    view.note,
                )
            )  # fmt: skip
    return write_csv(path, EXPORT_COLUMNS, rows)
