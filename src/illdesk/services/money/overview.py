"""The window's Money view: what waits to be invoiced, invoices unpaid and disputed, and the
patrons whose balance is over the block limit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from illdesk.services.admin import settings as library_settings
from illdesk.services.money import invoices
from illdesk.services.money.invoices import InvoiceView
from illdesk.store.money_schema import Account, LedgerLine
from illdesk.store.schema import Library, Patron
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


def money_overview(uow: UnitOfWork) -> MoneyOverview:
    """Everything the Money view lists, read in one transaction."""
    with uow:
        session = uow.session
        money = library_settings.load(uow).money
        billable = invoices.billable_lines(session)
        names = dict(
            session.execute(
                sa.select(Account.id, Library.symbol).join(
                    Library, Library.id == Account.library_id
                )
            ).all()
        )
        full = dict(session.execute(sa.select(Library.symbol, Library.name)).all())
        to_invoice = tuple(
            Owing(
                names[account],
                full.get(names[account], ""),
                len(lines),
                sum((owed for _line, owed in lines), Decimal("0.00")),
            )
            for account, lines in billable.items()
            if account in names
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
        return MoneyOverview(
            money.currency,
            money.block_balance,
            to_invoice,
            tuple(v for v in live if v.status != "disputed"),
            tuple(v for v in live if v.status == "disputed"),
            tuple(over),
        )
