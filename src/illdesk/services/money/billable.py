"""What libraries owe that no invoice holds yet, counted and summed in SQL (for the queue
tree's Money group and the Money window's list), without loading a ledger line.

The same selection as `invoices.billable_lines`, which loads the lines themselves to put them
on invoices: open debits of library accounts, not voided, not held by a live or paid invoice,
lending fees of IFM partners left to IFM.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.money import DebitType
from illdesk.core.vocabulary import BillingMethod
from illdesk.services.money.invoices import _invoiced
from illdesk.store.money_schema import Account, LedgerLine, Settlement
from illdesk.store.schema import Library


def _owed() -> sa.ColumnElement[Decimal]:
    settled = (
        sa.select(sa.func.coalesce(sa.func.sum(Settlement.amount), 0))
        .where(Settlement.debit_line_id == LedgerLine.id)
        .scalar_subquery()
    )
    return LedgerLine.amount - settled


def _billable(*columns: Any) -> sa.Select[Any]:
    owed = _owed()
    ifm_fee = sa.and_(
        Library.billing_method == BillingMethod.IFM.value,
        LedgerLine.type == DebitType.LENDING_FEE.value,
    )
    return (
        sa.select(*columns)
        .select_from(LedgerLine)
        .join(Account, Account.id == LedgerLine.account_id)
        .join(Library, Library.id == Account.library_id)
        .where(
            LedgerLine.side == "debit",
            LedgerLine.voided_by.is_(None),
            LedgerLine.amount > 0,
            LedgerLine.id.not_in(_invoiced()),
            owed > 0,
            sa.not_(ifm_fee),
        )
    )


def libraries_to_invoice(session: Session) -> int:
    """How many libraries owe something no invoice holds yet."""
    query = _billable(sa.func.count(sa.distinct(LedgerLine.account_id)))
    return int(session.scalar(query) or 0)


def owed_by_library(session: Session) -> list[tuple[str, str, int, Decimal]]:
    """(symbol, name, charges, amount) of each library with something to invoice, by symbol."""
    owed = _owed()
    query = (
        _billable(Library.symbol, Library.name, sa.func.count(LedgerLine.id), sa.func.sum(owed))
        .group_by(Library.symbol, Library.name)
        .order_by(Library.symbol)
    )
    return [
        (str(symbol), str(name), int(count), Decimal(total).quantize(Decimal("0.01")))
        for symbol, name, count, total in session.execute(query)
    ]
