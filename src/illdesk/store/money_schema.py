"""Money tables: accounts, their ledger lines, which credit settles which debit, invoices to
other libraries, the payments received and the refunds paid back.

A line's `amount` is signed (debit positive, credit negative; `core.money.signed`), so a balance
is `SUM(amount)` over an account's lines and never a stored figure that could drift. A line
caused by an action on a request points at that request and at the action's event, so undo
finds it; undo never deletes a line, it adds a void that settles it (`voided_by`).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class Account(Base):
    """The account of one patron or one partner library (made with its first line)."""

    __tablename__ = "accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    patron_id: Mapped[int | None] = mapped_column(ForeignKey("patrons.id"), unique=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("libraries.id"), unique=True)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]
    # When and why it was closed (migration 0022); kept when it is opened again.
    closed_on: Mapped[date | None] = mapped_column(Date)
    closed_note: Mapped[str] = mapped_column(Text, default="")


class LedgerLine(Base):
    """One debit or credit on an account."""

    __tablename__ = "ledger_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    # "debit" or "credit", and the type within it (core.money.DebitType / CreditType).
    side: Mapped[str] = mapped_column(String(6))
    type: Mapped[str] = mapped_column(String(20))
    amount: Mapped[Decimal]  # signed: debits positive, credits negative
    reason: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime]
    staff_name: Mapped[str] = mapped_column(String(120), default="")
    # The void line that took this one back (undo, a voided invoice's reissue).
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("ledger_lines.id"))

    __table_args__ = (Index(None, "account_id", "id"), Index(None, "type", "at"))


class Settlement(Base):
    """How much of a debit a credit settles."""

    __tablename__ = "settlements"

    credit_line_id: Mapped[int] = mapped_column(ForeignKey("ledger_lines.id"), primary_key=True)
    debit_line_id: Mapped[int] = mapped_column(
        ForeignKey("ledger_lines.id"), primary_key=True, index=True
    )
    amount: Mapped[Decimal]


class Invoice(Base):
    """An invoice to a partner library: open, partly paid, paid, disputed or void."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    period: Mapped[str] = mapped_column(String(7), default="")  # YYYY-MM of a monthly batch
    status: Mapped[str] = mapped_column(String(12), default="open")
    total: Mapped[Decimal]
    paid: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    # A reissue points at the invoice it replaces; both are kept.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    __table_args__ = (Index(None, "status", "issued_on"),)


class InvoiceLine(Base):
    """A debit billed on an invoice."""

    __tablename__ = "invoice_lines"

    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), primary_key=True)
    line_id: Mapped[int] = mapped_column(
        ForeignKey("ledger_lines.id"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal]


class Payment(Base):
    """Money received: its date, method and reference (a cheque or transfer number, once)."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("ledger_lines.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="cheque")
    reference: Mapped[str] = mapped_column(String(60), unique=True)
    amount: Mapped[Decimal]


class Refund(Base):
    """Money paid back to an account in credit: when, how and the reference (a cheque or
    transfer number we sent, once); its ledger line is a refund (migration 0024)."""

    __tablename__ = "refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("ledger_lines.id"), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20), default="cheque")
    reference: Mapped[str] = mapped_column(String(60), index=True)
    amount: Mapped[Decimal]


class Appeal(Base):
    """A charge the patron or library disputes: open, then upheld (the charge is waived) or
    denied, with the notes and dates of each step (migration 0018)."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("ledger_lines.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_on: Mapped[date] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    staff_name: Mapped[str] = mapped_column(String(120), default="")


class LenderInvoice(Base):
    """An invoice a lender sent us: recorded, checked, then approved for payment or disputed
    (migration 0020)."""

    __tablename__ = "lender_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    their_number: Mapped[str] = mapped_column(String(40))
    received_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal]
    status: Mapped[str] = mapped_column(String(10), default="received")
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("library_id", "their_number"),)


class LenderInvoiceLine(Base):
    """A request a lender's invoice bills, and for how much."""

    __tablename__ = "lender_invoice_lines"

    lender_invoice_id: Mapped[int] = mapped_column(
        ForeignKey("lender_invoices.id"), primary_key=True
    )
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True, index=True)
    amount: Mapped[Decimal]


class CourierInvoice(Base):
    """An invoice from the courier for a period: stops, bins, items and the amount; checked
    against the desk's courier packages and log, then approved or disputed (migration 0021)."""

    __tablename__ = "courier_invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    courier: Mapped[str] = mapped_column(String(80))
    their_number: Mapped[str] = mapped_column(String(40))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    stops: Mapped[int] = mapped_column(Integer, default=0)
    bins: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[Decimal]
    received_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="received")
    decided_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("courier", "their_number"),)
