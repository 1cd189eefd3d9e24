"""Invoices from lenders: recorded with the requests they bill, checked against what the
requests say (the lender supplied it, the amount is within the request's maximum cost and the
lender's terms, the lines add up), approved for payment or disputed; what was approved goes to
the accounts-payable office as CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from illdesk.core.money import ZERO, MoneyError, parse_amount
from illdesk.core.roles import Permission
from illdesk.core.vocabulary import Direction
from illdesk.interop.csv_safe import write_csv
from illdesk.services.access import permissions
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol
from illdesk.store.money_schema import LenderInvoice, LenderInvoiceLine
from illdesk.store.schema import Library, Request, RotaEntry
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class LenderInvoiceView:
    """A lender's invoice with what the check found."""

    id: int
    symbol: str
    their_number: str
    received_on: date
    amount: Decimal
    status: str
    lines: tuple[tuple[str, Decimal], ...]  # (our request number, amount)
    problems: tuple[str, ...]
    note: str


def _amount(text: str | Decimal, what: str) -> Decimal:
    try:
        return parse_amount(text, what)
    except MoneyError as exc:
        raise InvalidInput(str(exc), "amount") from exc


def record(
    uow: UnitOfWork,
    symbol: str,
    their_number: str,
    amount: str | Decimal,
    lines: Sequence[tuple[str, str | Decimal]],
    *,
    received_on: date | None = None,
) -> LenderInvoiceView:
    """Record a lender's invoice and attach it to the requests it bills."""
    number = their_number.strip()
    if not number:
        raise InvalidInput("Give the lender's invoice number.", "number")
    total = _amount(amount, "The invoice total")
    if not lines:
        raise InvalidInput("Name the requests it bills (--request NUMBER=AMOUNT).", "request")
    with uow:
        permissions.require(uow, Permission.MONEY)
        session = uow.session
        library = library_by_symbol(session, symbol)
        if library is None:
            raise NotFound(f"No partner library has the symbol {symbol}.")
        already = session.scalar(
            sa.select(LenderInvoice.id).where(
                LenderInvoice.library_id == library.id, LenderInvoice.their_number == number
            )
        )
        if already is not None:
            raise InvalidInput(
                f"Invoice {number} of {library.symbol} is already recorded ({already}).", "number"
            )
        invoice = LenderInvoice(
            library_id=library.id,
            their_number=number,
            received_on=received_on or uow.today(),
            amount=total,
            status="received",
            note="",
            created_at=uow.now(),
        )
        session.add(invoice)
        session.flush()
        seen: set[int] = set()
        for request_number, line_amount in lines:
            req = repo.by_number(session, request_number)
            if req is None:
                raise NotFound(f"No request has the number {request_number}.")
            if req.id in seen:
                raise InvalidInput(f"{req.number} is named twice on the invoice.", "request")
            seen.add(req.id)
            value = _amount(line_amount, f"The amount for {req.number}")
            session.add(
                LenderInvoiceLine(lender_invoice_id=invoice.id, request_id=req.id, amount=value)
            )
        session.flush()
        view = view_of(uow, invoice)
        uow.commit()
    return view


def _problems(uow: UnitOfWork, invoice: LenderInvoice, library: Library) -> list[str]:
    """What does not agree with the requests and the lender's terms."""
    session = uow.session
    rows = session.execute(
        sa.select(Request, LenderInvoiceLine.amount)
        .join(LenderInvoiceLine, LenderInvoiceLine.request_id == Request.id)
        .where(LenderInvoiceLine.lender_invoice_id == invoice.id)
        .order_by(Request.number)
    ).all()
    out: list[str] = []
    total = sum((amount for _req, amount in rows), ZERO)
    if total != invoice.amount:
        out.append(f"The lines add up to {total}, the invoice says {invoice.amount}.")
    for req, amount in rows:
        if req.direction != Direction.BORROWING.value:
            out.append(f"{req.number} is not one of our borrowing requests.")
            continue
        asked = session.scalar(
            sa.select(sa.func.count())
            .select_from(RotaEntry)
            .where(RotaEntry.request_id == req.id, RotaEntry.symbol == library.symbol)
        )
        if not asked:
            out.append(f"{req.number} was never asked of {library.symbol}.")
        if req.max_cost is not None and amount > req.max_cost:
            out.append(f"{req.number}: {amount} is over its maximum cost of {req.max_cost}.")
        elif req.max_cost is None and library.charge and amount > library.charge:
            out.append(
                f"{req.number}: {amount} is over {library.symbol}'s charge of {library.charge}."
            )
        billed_before = session.scalar(
            sa.select(sa.func.count())
            .select_from(LenderInvoiceLine)
            .join(LenderInvoice, LenderInvoice.id == LenderInvoiceLine.lender_invoice_id)
            .where(
                LenderInvoiceLine.request_id == req.id,
                LenderInvoice.id != invoice.id,
                LenderInvoice.status != "disputed",
            )
        )
        if billed_before:
            out.append(f"{req.number} is billed on another invoice already.")
    return out


def view_of(uow: UnitOfWork, invoice: LenderInvoice) -> LenderInvoiceView:
    library = uow.session.get(Library, invoice.library_id)
    assert library is not None
    lines = tuple(
        (number, amount)
        for number, amount in uow.session.execute(
            sa.select(Request.number, LenderInvoiceLine.amount)
            .join(LenderInvoiceLine, LenderInvoiceLine.request_id == Request.id)
            .where(LenderInvoiceLine.lender_invoice_id == invoice.id)
            .order_by(Request.number)
        )
    )
    return LenderInvoiceView(
        invoice.id,
        library.symbol,
        invoice.their_number,
        invoice.received_on,
        invoice.amount,
        invoice.status,
        lines,
        tuple(_problems(uow, invoice, library)),
        invoice.note,
    )


def check(uow: UnitOfWork, invoice_id: int) -> LenderInvoiceView:
    """A lender's invoice with every disagreement found."""
    with uow:
        invoice = uow.session.get(LenderInvoice, invoice_id)
        if invoice is None:
            raise NotFound(f"No lender's invoice has the number {invoice_id}.")
        return view_of(uow, invoice)


def decide(uow: UnitOfWork, invoice_id: int, *, approve: bool, note: str = "") -> LenderInvoiceView:
    """Approve for payment (refused while the check finds problems) or dispute (a note is
    required)."""
    with uow:
        permissions.require(uow, Permission.MONEY)
        invoice = uow.session.get(LenderInvoice, invoice_id)
        if invoice is None:
            raise NotFound(f"No lender's invoice has the number {invoice_id}.")
        if invoice.status != "received":
            raise InvalidInput(f"That invoice was already {invoice.status}.")
        view = view_of(uow, invoice)
        if approve and view.problems:
            raise InvalidInput(
                "Not approved: " + " ".join(view.problems) + " Dispute it instead, or correct it."
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


def list_invoices(uow: UnitOfWork) -> list[LenderInvoiceView]:
    """Every lender's invoice, newest first."""
    with uow:
        found = uow.session.scalars(sa.select(LenderInvoice).order_by(LenderInvoice.id.desc()))
        return [view_of(uow, invoice) for invoice in found]


EXPORT_COLUMNS = ("lender", "lender_name", "invoice", "received", "approved", "amount", "requests")


def export_approved(uow: UnitOfWork, path: Path) -> int:
    """The approved invoices as CSV for the accounts-payable office; how many."""
    with uow:
        rows = []
        for invoice, library in uow.session.execute(
            sa.select(LenderInvoice, Library)
            .join(Library, Library.id == LenderInvoice.library_id)
            .where(LenderInvoice.status == "approved")
            .order_by(LenderInvoice.decided_on, LenderInvoice.id)
        ):
            view = view_of(uow, invoice)
            rows.append(
                (
                    library.symbol,
                    library.name,
                    invoice.their_number,
                    invoice.received_on.isoformat(),
                    invoice.decided_on.isoformat() if invoice.decided_on else "",
                    str(invoice.amount),
                    " ".join(number for number, _amount in view.lines),
                )
            )
    return write_csv(path, EXPORT_COLUMNS, rows)
