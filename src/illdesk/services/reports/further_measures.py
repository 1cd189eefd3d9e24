"""Measures from the other parts of the back office, counted for a period like the rest:
copyright decisions on borrowed copies (the rule of five) and money totals (the ledger).

Each is a count of what happened in the period, never a current balance: a copy cleared in
March counts in March; a charge counts when it was made, a payment when it was recorded. An
undone action (and the fee it recorded) and a voided ledger line count nowhere.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from illdesk.services.reports.counting import in_period, moment
from illdesk.store.copyright_schema import CopyrightFee
from illdesk.store.money_schema import Account, LedgerLine
from illdesk.store.schema import Event

# key -> (label, definition), in report order.
COPYRIGHT: dict[str, tuple[str, str]] = {
    "copyright.cleared_ccg": (
        "Copies cleared: CCG",
        "Borrowed copies cleared under the guidelines (within the rule of five, or exempt).",
    ),
    "copyright.cleared_ccl": (
        "Copies cleared: CCL",
        "Borrowed copies cleared under copyright law (articles older than five years).",
    ),
    "copyright.cleared_other": (
        "Copies cleared: other",
        "Copies cleared with another compliance code (royalties paid, a supplier, ...).",
    ),
    "copyright.royalties": ("Royalties paid", "Royalties recorded for copies over the five."),
    "copyright.royalties_amount": ("Royalties paid: amount", "The sum of those royalties."),
    "copyright.supplier": (
        "Ordered from a document supplier",
        "Copies over the five ordered from a document supplier instead.",
    ),
}
MONEY: dict[str, tuple[str, str]] = {
    "money.charged_patrons": (
        "Charged to patrons",
        "Charges made to patrons' accounts in the period (voided ones left out).",
    ),
    "money.charged_libraries": (
        "Charged to libraries",
        "Charges made to partner libraries' accounts in the period (voided ones left out).",
    ),
    "money.payments": ("Payments received", "Payments recorded in the period."),
    "money.waived": (
        "Waived and written off",
        "Charges waived or written off in the period.",
    ),
}
AMOUNTS = frozenset({"copyright.royalties_amount", *MONEY})  # sums of money: Decimal, never a count


def copyright_counts(session: Any, start: date, end: date) -> dict[str, int | Decimal]:
    """Copyright decisions and fees of the period."""
    out: dict[str, int | Decimal] = {key: 0 for key in COPYRIGHT}
    out["copyright.royalties_amount"] = Decimal("0.00")
    code = Event.details["params"]["copyright_code"].as_string()
    decided = (
        sa.select(code, sa.func.count())
        .where(in_period(start, end), Event.action == "clear_copyright")
        .group_by(code)
    )
    for value, count in session.execute(decided):
        name = (value or "").lower()
        key = f"copyright.cleared_{name}" if name in {"ccg", "ccl"} else "copyright.cleared_other"
        out[key] = int(out[key]) + count
    fees = (
        sa.select(CopyrightFee.kind, sa.func.count(), sa.func.sum(CopyrightFee.amount))
        .join(Event, Event.id == CopyrightFee.event_id)
        .where(in_period(start, end))
        .group_by(CopyrightFee.kind)
    )
    for kind, count, total in session.execute(fees):
        if kind == "royalty":
            out["copyright.royalties"] = count
            out["copyright.royalties_amount"] = Decimal(total or 0).quantize(Decimal("0.01"))
        elif kind == "supplier":
            out["copyright.supplier"] = count
    return out


def money_totals(session: Any, start: date, end: date) -> dict[str, int | Decimal]:
    """What was charged, paid and waived in the period (in the library's currency)."""
    zero = Decimal("0.00")
    out: dict[str, int | Decimal] = dict.fromkeys(MONEY, zero)
    patron = sa.case((Account.patron_id.is_not(None), 1), else_=0)
    query = (
        sa.select(LedgerLine.side, LedgerLine.type, patron, sa.func.sum(LedgerLine.amount))
        .join(Account, Account.id == LedgerLine.account_id)
        .where(
            LedgerLine.at >= moment(start),
            LedgerLine.at < moment(end),
            LedgerLine.voided_by.is_(None),
        )
        .group_by(LedgerLine.side, LedgerLine.type, patron)
    )
    for side, kind, is_patron, total in session.execute(query):
        amount = Decimal(total or 0)
        if side == "debit":
            key = "money.charged_patrons" if is_patron else "money.charged_libraries"
        elif kind == "payment":
            key, amount = "money.payments", -amount
        elif kind in {"waiver", "write_off"}:
            key, amount = "money.waived", -amount
        else:
            continue
        out[key] = (Decimal(out[key]) + amount).quantize(Decimal("0.01"))
    return out
