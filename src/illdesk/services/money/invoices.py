"""Invoices to partner libraries: made per request or as a monthly batch, never for nothing;
paid, partly paid, disputed, or voided and reissued (a sent invoice is never edited).

What an invoice bills is the open part of a library's debits that no live invoice holds yet.
Lending fees of a library settled through OCLC IFM are left to IFM.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.money import ZERO, DebitType, OpenDebit, type_label
from illdesk.core.roles import Permission
from illdesk.core.vocabulary import BillingMethod
from illdesk.services.access import permissions
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.money import ledger
from illdesk.services.notices import cover_letters
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol
from illdesk.store.money_schema import Account, Invoice, InvoiceLine, LedgerLine, Settlement
from illdesk.store.schema import Library, Request
from illdesk.store.unit_of_work import UnitOfWork

LIVE = ("open", "partly_paid", "disputed")
STATUS_LABELS = {
    "open": "Open",
    "partly_paid": "Partly paid",
    "paid": "Paid",
    "disputed": "Disputed",
    "void": "Void",
}


@dataclass(frozen=True, slots=True)
class BilledLine:
    """One line of an invoice as printed."""

    request_number: str
    their_reference: str
    title: str
    what: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceView:
    """An invoice with what it bills."""

    number: str
    symbol: str
    library_name: str
    issued_on: date
    due_on: date
    period: str
    status: str
    total: Decimal
    paid: Decimal
    currency: str
    replaces: str
    note: str
    lines: tuple[BilledLine, ...]

    @property
    def owed(self) -> Decimal:
        return self.total - self.paid

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def month_range(month: str) -> tuple[datetime, datetime]:
    try:
        first = datetime.strptime(month, "%Y-%m").replace(tzinfo=UTC)
    except ValueError:
        raise InvalidInput(f"“{month}” is not a month (YYYY-MM, e.g. 2026-03).", "month") from None
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following


def _invoiced() -> sa.Select[int]:
    """Debit lines held by a live or paid invoice (a void invoice lets them go)."""
    return (
        sa.select(InvoiceLine.line_id)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .where(Invoice.status != "void")
    )


def _billable(
    session: Session, account_ids: list[int] | None, month: str, request_id: int | None
) -> dict[int, list[tuple[LedgerLine, Decimal]]]:
    """Open, uninvoiced debits of library accounts, by account, oldest first."""
    settled = (
        sa.select(sa.func.coalesce(sa.func.sum(Settlement.amount), 0))
        .where(Settlement.debit_line_id == LedgerLine.id)
        .scalar_subquery()
    )
    query = (
        sa.select(LedgerLine, LedgerLine.amount - settled, Library.billing_method)
        .join(Account, Account.id == LedgerLine.account_id)
        .join(Library, Library.id == Account.library_id)
        .where(
            LedgerLine.side == "debit",
            LedgerLine.voided_by.is_(None),
            LedgerLine.amount > 0,
            LedgerLine.id.not_in(_invoiced()),
        )
        .order_by(LedgerLine.account_id, LedgerLine.id)
    )
    if account_ids is not None:
        query = query.where(LedgerLine.account_id.in_(account_ids))
    if month:
        start, end = month_range(month)
        query = query.where(LedgerLine.at >= start, LedgerLine.at < end)
    if request_id is not None:
        query = query.where(LedgerLine.request_id == request_id)
    out: dict[int, list[tuple[LedgerLine, Decimal]]] = defaultdict(list)
    for line, owed, method in session.execute(query):
        if method == BillingMethod.IFM.value and line.type == DebitType.LENDING_FEE.value:
            continue  # settled on OCLC's monthly invoice
        if Decimal(owed) > 0:
            out[line.account_id].append((line, Decimal(owed)))
    return out


def billable_lines(session: Session) -> dict[int, list[tuple[LedgerLine, Decimal]]]:
    """What every library owes that no invoice holds yet, by account."""
    return _billable(session, None, "", None)


def views_of_status(uow: UnitOfWork, statuses: tuple[str, ...]) -> list[InvoiceView]:
    """Invoices in these states with their lines, oldest first (in the caller's transaction)."""
    found = list(
        uow.session.scalars(
            sa.select(Invoice).where(Invoice.status.in_(statuses)).order_by(Invoice.id)
        )
    )
    return _views(uow, found)


def make_invoices(
    uow: UnitOfWork, *, library: str = "", month: str = "", request: str = ""
) -> list[str]:
    """Invoice what libraries owe: one invoice per library (for a month, for one library, or
    for one request); returns the new invoice numbers (none when nothing is owed)."""
    with uow:
        permissions.require(uow, Permission.MONEY)
        session = uow.session
        account_ids: list[int] | None = None
        request_id: int | None = None
        if library:
            found = library_by_symbol(session, library)
            if found is None:
                raise NotFound(f"No partner library has the symbol {library}.")
            account = ledger.find_account(session, ledger.Owner(library_id=found.id))
            account_ids = [account.id] if account else []
        if request:
            req = repo.by_number(session, request)
            if req is None:
                raise NotFound(f"No request has the number {request}.")
            request_id = req.id
        made = _make(uow, _billable(session, account_ids, month, request_id), month)
        uow.commit()
    return made


def _make(
    uow: UnitOfWork,
    billable: dict[int, list[tuple[LedgerLine, Decimal]]],
    month: str,
    replaces: int | None = None,
) -> list[str]:
    money = library_settings.load(uow).money
    today = uow.today()
    made: list[str] = []
    for account_id, lines in billable.items():
        total = sum((owed for _line, owed in lines), ZERO)
        if total <= 0:
            continue  # never an invoice for nothing
        number = repo.next_number(uow.session, money.invoice_prefix, today.year)
        invoice = Invoice(
            number=number,
            account_id=account_id,
            issued_on=today,
            due_on=today + timedelta(days=money.invoice_terms_days),
            period=month,
            status="open",
            total=total,
            paid=ZERO,
            replaces_id=replaces,
            note="",
            created_at=uow.now(),
        )
        uow.session.add(invoice)
        uow.session.flush()
        uow.session.add_all(
            InvoiceLine(invoice_id=invoice.id, line_id=line.id, position=i, amount=owed)
            for i, (line, owed) in enumerate(lines)
        )
        cover_letters.queue_for_invoice(uow, number, total, lines)
        made.append(number)
    uow.session.flush()
    return made


def _by_number(session: Session, number: str) -> Invoice:
    invoice = session.scalars(
        sa.select(Invoice).where(Invoice.number == number.strip().upper())
    ).first()
    if invoice is None:
        raise NotFound(f"No invoice has the number {number}.")
    return invoice


def refresh_status(session: Session, invoice: Invoice) -> None:
    """Paid, partly paid or open, from what is still owed on the invoice's lines."""
    if invoice.status == "void":
        return
    line_ids = tuple(
        session.scalars(sa.select(InvoiceLine.line_id).where(InvoiceLine.invoice_id == invoice.id))
    )
    still = sum(
        (d.owed for d in ledger.open_debits(session, invoice.account_id, line_ids=line_ids)), ZERO
    )
    invoice.paid = max(ZERO, invoice.total - still)
    if still <= 0:
        invoice.status = "paid"
    elif invoice.status != "disputed":
        invoice.status = "partly_paid" if invoice.paid > 0 else "open"


def refresh_account(session: Session, account_id: int) -> None:
    """Bring every live invoice of an account up to date (after a payment or a waiver)."""
    for invoice in session.scalars(
        sa.select(Invoice).where(Invoice.account_id == account_id, Invoice.status.in_(LIVE))
    ):
        refresh_status(session, invoice)
    session.flush()


def debits_for_payment(
    uow: UnitOfWork, account: Account, number: str
) -> tuple[int, list[OpenDebit]]:
    """The invoice a payment names and its open debits (refused for another's or a void one)."""
    invoice = _by_number(uow.session, number)
    if invoice.account_id != account.id:
        raise InvalidInput(f"Invoice {invoice.number} was sent to someone else.", "invoice")
    if invoice.status == "void":
        raise InvalidInput(f"Invoice {invoice.number} is void: pay its reissue.", "invoice")
    line_ids = tuple(
        uow.session.scalars(
            sa.select(InvoiceLine.line_id).where(InvoiceLine.invoice_id == invoice.id)
        )
    )
    return invoice.id, ledger.open_debits(uow.session, account.id, line_ids=line_ids)


def dispute(uow: UnitOfWork, number: str, note: str) -> str:
    """Mark an invoice disputed by the library, with what they said."""
    if not note.strip():
        raise InvalidInput("Say what the library disputes (--note).", "note")
    with uow:
        permissions.require(uow, Permission.MONEY)
        invoice = _by_number(uow.session, number)
        if invoice.status in {"void", "paid"}:
            raise InvalidInput(f"Invoice {invoice.number} is {invoice.status}: nothing to dispute.")
        invoice.status = "disputed"
        invoice.note = f"{invoice.note}\n{uow.today():%Y-%m-%d} disputed: {note.strip()}".strip()
        uow.commit()
        return f"Invoice {invoice.number} is marked disputed."


def void_and_reissue(uow: UnitOfWork, number: str, reason: str) -> tuple[str, str]:
    """Void a sent invoice (kept, never edited) and reissue what it still bills; returns
    (voided number, new number or "" when nothing is owed any more)."""
    if not reason.strip():
        raise InvalidInput("Say why the invoice is voided (--reason).", "reason")
    with uow:
        permissions.require(uow, Permission.MONEY)
        session = uow.session
        invoice = _by_number(session, number)
        if invoice.status == "void":
            raise InvalidInput(f"Invoice {invoice.number} is already void.")
        line_ids = list(
            session.scalars(
                sa.select(InvoiceLine.line_id).where(InvoiceLine.invoice_id == invoice.id)
            )
        )
        invoice.status = "void"
        cover_letters.withdraw_for_void(uow, invoice.number, _request_ids(session, line_ids))
        invoice.note = f"{invoice.note}\n{uow.today():%Y-%m-%d} void: {reason.strip()}".strip()
        session.flush()
        billable = _billable(session, [invoice.account_id], "", None)
        keep = {
            account: [(line, owed) for line, owed in lines if line.id in line_ids]
            for account, lines in billable.items()
        }
        made = _make(uow, keep, invoice.period, replaces=invoice.id)
        uow.commit()
    return invoice.number, made[0] if made else ""


def _request_ids(session: Session, line_ids: list[int]) -> list[int]:
    return [
        i
        for i in session.scalars(
            sa.select(LedgerLine.request_id).where(LedgerLine.id.in_(line_ids)).distinct()
        )
        if i is not None
    ]


def get_invoice(uow: UnitOfWork, number: str) -> InvoiceView:
    """One invoice with its lines."""
    with uow:
        return _views(uow, [_by_number(uow.session, number)])[0]


def invoice_views(uow: UnitOfWork, numbers: list[str]) -> list[InvoiceView]:
    """Several invoices with their lines, in the order asked."""
    with uow:
        return views_in(uow, numbers)


def views_in(uow: UnitOfWork, numbers: list[str]) -> list[InvoiceView]:
    """`invoice_views` inside the caller's transaction."""
    found = list(uow.session.scalars(sa.select(Invoice).where(Invoice.number.in_(numbers))))
    order = {n: i for i, n in enumerate(numbers)}
    return _views(uow, sorted(found, key=lambda inv: order[inv.number]))


def _views(uow: UnitOfWork, invoices: list[Invoice]) -> list[InvoiceView]:
    session = uow.session
    currency = library_settings.load(uow).money.currency
    ids = [inv.id for inv in invoices]
    rows = session.execute(
        sa.select(
            InvoiceLine.invoice_id,
            InvoiceLine.amount,
            LedgerLine.type,
            LedgerLine.reason,
            Request.number,
            Request.lender_reference,
            Request.title,
            Request.article_title,
        )
        .join(LedgerLine, LedgerLine.id == InvoiceLine.line_id)
        .outerjoin(Request, Request.id == LedgerLine.request_id)
        .where(InvoiceLine.invoice_id.in_(ids))
        .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
    ).all()
    lines: dict[int, list[BilledLine]] = defaultdict(list)
    for inv_id, amount, kind, reason, number, ref, title, article in rows:
        what = type_label(kind) + (f" ({reason})" if reason and kind == "manual" else "")
        lines[inv_id].append(
            BilledLine(number or "", ref or "", article or title or "", what, amount)
        )
    libraries: dict[int, Library] = dict(
        session.execute(
            sa.select(Account.id, Library)
            .join(Library, Library.id == Account.library_id)
            .where(Account.id.in_({inv.account_id for inv in invoices}))
        ).all()
    )
    replaced: dict[int, str] = dict(
        session.execute(
            sa.select(Invoice.id, Invoice.number).where(
                Invoice.id.in_({inv.replaces_id for inv in invoices if inv.replaces_id})
            )
        ).all()
    )
    return [
        InvoiceView(
            inv.number,
            libraries[inv.account_id].symbol,
            libraries[inv.account_id].name,
            inv.issued_on,
            inv.due_on,
            inv.period,
            inv.status,
            inv.total,
            inv.paid,
            currency,
            replaced.get(inv.replaces_id or 0, ""),
            inv.note,
            tuple(lines[inv.id]),
        )
        for inv in invoices
    ]


def list_invoices(uow: UnitOfWork, *, unpaid: bool = False) -> list[InvoiceView]:
    """Every invoice (or only those still owed), newest first, without their lines."""
    with uow:
        query = (
            sa.select(Invoice, Library.symbol, Library.name)
            .join(Account, Account.id == Invoice.account_id)
            .join(Library, Library.id == Account.library_id)
        )
        if unpaid:
            query = query.where(Invoice.status.in_(LIVE))
        currency = library_settings.load(uow).money.currency
        return [
            InvoiceView(
                inv.number,
                symbol,
                name,
                inv.issued_on,
                inv.due_on,
                inv.period,
                inv.status,
                inv.total,
                inv.paid,
                currency,
                "",
                inv.note,
                (),
            )
            for inv, symbol, name in uow.session.execute(query.order_by(Invoice.id.desc()))
        ]
