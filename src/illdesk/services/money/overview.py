"""The window's Money view: what waits to be invoiced, invoices unpaid and disputed, invoices
from lenders and the courier waiting for approval, and the patrons whose balance is over the
block limit; and how many of each, for the Money group of the queue tree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from illdesk.services.admin import settings as library_settings
from illdesk.services.money import billable, courier_invoices, invoices, lender_invoices
from illdesk.services.money.courier_invoices import CourierInvoiceView
from illdesk.services.money.invoices import InvoiceView
from illdesk.services.money.lender_invoices import LenderInvoiceView
from illdesk.store.money_schema import (
    Account,
    CourierInvoice,
    Invoice,
    LedgerLine,
    LenderInvoice,
)
from illdesk.store.schema import Patron
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class Owing:
    """Someone who owes: a library with charges not invoiced yet, or a blocked patron."""

    key: str  # symbol or card
    name: str
    lines: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class MoneyOverview:
    """The Money view's lists."""

    currency: str
    block_balance: Decimal
    to_invoice: tuple[Owing, ...]
    unpaid: tuple[InvoiceView, ...]
    disputed: tuple[InvoiceView, ...]
    over_limit: tuple[Owing, ...]
    lender_to_approve: tuple[LenderInvoiceView, ...] = ()
    courier_to_approve: tuple[CourierInvoiceView, ...] = ()

    def counts(self) -> dict[str, int]:
        """How many wait in each Money queue (keys: `MONEY_QUEUES`)."""
        return {
            "to_invoice": len(self.to_invoice),
            "unpaid": len(self.unpaid),
            "disputed": len(self.disputed),
            "to_approve": len(self.lender_to_approve) + len(self.courier_to_approve),
            "over_limit": len(self.over_limit),
        }


# The Money queues, in the order the queue tree and the Money window show them.
MONEY_QUEUES = (
    ("to_invoice", "Charges to invoice"),
    ("unpaid", "Invoices unpaid"),
    ("disputed", "Invoices disputed"),
    ("to_approve", "Invoices in to approve"),
    ("over_limit", "Patrons over the limit"),
)


def money_queue_counts(uow: UnitOfWork) -> dict[str, int]:
    """How many wait in each Money queue (libraries to invoice, invoices, patrons): counted in
    SQL, without reading the lists (the queue tree asks every minute)."""
    with uow:
        session = uow.session
        money = library_settings.load(uow).money
        by_status = dict(
            session.execute(
                sa.select(Invoice.status, sa.func.count())
                .where(Invoice.status.in_(invoices.LIVE))
                .group_by(Invoice.status)
            ).all()
        )
        waiting_in = sum(
            session.scalar(sa.select(sa.func.count()).where(table.status == "received")) or 0
            for table in (LenderInvoice, CourierInvoice)
        )
        over = 0
        if money.block_balance > 0:
            owing = (
                sa.select(Account.id)
                .join(LedgerLine, LedgerLine.account_id == Account.id)
                .where(Account.patron_id.is_not(None))
                .group_by(Account.id)
                .having(sa.func.sum(LedgerLine.amount) > money.block_balance)
                .subquery()
            )
            over = session.scalar(sa.select(sa.func.count()).select_from(owing)) or 0
        return {
            "to_invoice": billable.libraries_to_invoice(session),
            "unpaid": sum(n for status, n in by_status.items() if status != "disputed"),
            "disputed": by_status.get("disputed", 0),
            "to_approve": waiting_in,
            "over_limit": over,
        }


def money_overview(uow: UnitOfWork) -> MoneyOverview:
    """Everything the Money view lists, read in one transaction."""
    with uow:
        session = uow.session
        money = library_settings.load(uow).money
        to_invoice = tuple(
            Owing(symbol, name, count, amount)
            for symbol, name, count, amount in billable.owed_by_library(session)
        )
        live = invoices.views_of_status(uow, invoices.LIVE)
        over: list[Owing] = []
        if money.block_balance > 0:
            balance = sa.func.sum(LedgerLine.amount)
            rows = session.execute(
                sa.select(
                    Patron.card_barcode,
                    Patron.surname,
                    Patron.given_name,
                    sa.func.count(LedgerLine.id),
                    balance,
                )
                .join(Account, Account.patron_id == Patron.id)
                .join(LedgerLine, LedgerLine.account_id == Account.id)
                .group_by(Patron.id, Patron.card_barcode, Patron.surname, Patron.given_name)
                .having(balance > money.block_balance)
                .order_by(balance.desc())
            ).all()
            over = [
                Owing(card, f"{surname}, {given}".strip(", "), count, Decimal(total))
                for card, surname, given, count, total in rows
            ]
        waiting_in = session.scalars(
            sa.select(LenderInvoice).where(LenderInvoice.status == "received")
        ).all()
        courier_in = session.scalars(
            sa.select(CourierInvoice).where(CourierInvoice.status == "received")
        ).all()
        return MoneyOverview(
            money.currency,
            money.block_balance,
            to_invoice,
            tuple(v for v in live if v.status != "disputed"),
            tuple(v for v in live if v.status == "disputed"),
            tuple(over),
            tuple(lender_invoices.view_of(uow, invoice) for invoice in waiting_in),
            tuple(courier_invoices.view_of(uow, invoice) for invoice in courier_in),
        )
