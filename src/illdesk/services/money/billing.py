"""Reports for the finance office: aging of unpaid invoices, and the ledger as CSV."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from illdesk.core.money import AGING_BUCKETS, ZERO, aging_bucket, type_label
from illdesk.interop.csv_safe import write_csv
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.money.invoices import LIVE
from illdesk.store.money_schema import Account, Invoice, LedgerLine
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class AgingRow:
    """What one library owes on unpaid invoices, by age."""

    symbol: str
    name: str
    buckets: tuple[Decimal, ...]  # in the order of core.money.AGING_BUCKETS

    @property
    def total(self) -> Decimal:
        return sum(self.buckets, ZERO)


@dataclass(frozen=True, slots=True)
class Aging:
    """Aging of every unpaid invoice on a day."""

    today: date
    currency: str
    rows: tuple[AgingRow, ...]

    @property
    def totals(self) -> tuple[Decimal, ...]:
        return tuple(
            sum((row.buckets[i] for row in self.rows), ZERO) for i in range(len(AGING_BUCKETS))
        )


_UNPAID = (
    sa.select(Library.symbol, Library.name, Invoice.issued_on, Invoice.total - Invoice.paid)
    .join(Account, Account.id == Invoice.account_id)
    .join(Library, Library.id == Account.library_id)
    .where(Invoice.status.in_(LIVE))
)


def aging(uow: UnitOfWork) -> Aging:
    """Unpaid invoices (open, partly paid, disputed) by library, in 0-30, 31-60, 61-90 and
    over 90 days since they were issued."""
    with uow:
        today = uow.today()
        currency = library_settings.load(uow).money.currency
        owed: dict[tuple[str, str], list[Decimal]] = defaultdict(
            lambda: [ZERO] * len(AGING_BUCKETS)
        )
        for symbol, name, issued, left in uow.session.execute(_UNPAID):
            owed[(symbol, name)][AGING_BUCKETS.index(aging_bucket(issued, today))] += left
        rows = tuple(
            AgingRow(symbol, name, tuple(values)) for (symbol, name), values in sorted(owed.items())
        )
        return Aging(today, currency, rows)


LEDGER_COLUMNS = (
    "line",
    "date",
    "account",
    "card_or_symbol",
    "request",
    "side",
    "type",
    "what",
    "debit",
    "credit",
    "currency",
    "reason",
    "staff",
    "voided_by",
)


def export_ledger(
    uow: UnitOfWork, path: Path, first: date | None = None, last: date | None = None
) -> int:
    """Every ledger line (or those from `first` to `last`, both included) as CSV for the
    finance office; debits and credits in columns of their own, both positive (a spreadsheet
    sums them without a sign to strip). Patrons appear by card
    only. Returns the number of lines."""
    if first and last and first > last:
        raise InvalidInput("The first date is after the last one.", "from")
    with uow:
        currency = library_settings.load(uow).money.currency
        query = (
            sa.select(LedgerLine, Patron.card_barcode, Library.symbol, Request.number)
            .join(Account, Account.id == LedgerLine.account_id)
            .outerjoin(Patron, Patron.id == Account.patron_id)
            .outerjoin(Library, Library.id == Account.library_id)
            .outerjoin(Request, Request.id == LedgerLine.request_id)
            .order_by(LedgerLine.id)
        )
        if first:
            query = query.where(LedgerLine.at >= datetime.combine(first, time(), UTC))
        if last:
            end = datetime.combine(last + timedelta(days=1), time(), UTC)
            query = query.where(LedgerLine.at < end)
        rows = [
            (
                str(line.id),
                line.at.date().isoformat(),
                "patron" if card else "library",
                card or symbol or "",
                number or "",
                line.side,
                line.type,
                type_label(line.type),
                str(line.amount) if line.amount > 0 else "",
                str(-line.amount) if line.amount < 0 else "",
                currency,
                line.reason,
                line.staff_name,
                str(line.voided_by or ""),
            )
            for line, card, symbol, number in uow.session.execute(query)
        ]
    return write_csv(path, LEDGER_COLUMNS, rows)
