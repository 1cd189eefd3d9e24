"""A statement of account to a patron or a library: what is still owed on each charge, the
payments, credits and refunds of the last days, and the balance, sent through the outbox as
an e-mail or a printed letter like every other notice.

The outbox keeps each notice with a request (its history shows it), so a statement is kept
with the newest request that has a line on the account: for a patron, a borrowing request of
theirs; for a library, a request it borrowed from us. An account with no line on any request
has had nothing to state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.money import REFUND, CreditType, type_label
from illdesk.core.notice_settings import NoticeSettings
from illdesk.core.roles import Permission
from illdesk.services.access import permissions
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.money import ledger
from illdesk.services.money.accounts import Whose, resolve
from illdesk.services.notices import composer
from illdesk.services.notices.fields import written_amount, written_date
from illdesk.store.money_schema import LedgerLine
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork

PATRON_KIND = "statement"
LIBRARY_KIND = "library_statement"
# Payments, credits and refunds older than this are left out; open charges never are.
PERIOD_DAYS = 90


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One line of a statement: an open charge (with what is still owed) or a payment,
    credit or refund of the period."""

    on: date
    request_number: str
    what: str
    amount: Decimal  # signed, as on the account
    still_owed: Decimal | None  # an open charge's part not yet paid; None for the others


@dataclass(frozen=True, slots=True)
class StatementResult:
    """What queuing a statement did, in words for staff."""

    key: str
    notice_id: int
    channel: str
    balance: Decimal
    lines: tuple[StatementLine, ...]
    message: str


def statement_lines(session: Session, account_id: int, since: date) -> list[StatementLine]:
    """The account's open charges (oldest first), then its payments, credits and refunds
    since `since`."""
    owed = {d.line_id: d.owed for d in ledger.open_debits(session, account_id)}
    rows = session.execute(
        sa.select(LedgerLine, Request.number)
        .outerjoin(Request, Request.id == LedgerLine.request_id)
        .where(LedgerLine.account_id == account_id, LedgerLine.voided_by.is_(None))
        .order_by(LedgerLine.id)
    ).all()
    charges: list[StatementLine] = []
    credits: list[StatementLine] = []
    for line, number in rows:
        on = line.at.date()
        if line.id in owed:
            charges.append(
                StatementLine(on, number or "", type_label(line.type), line.amount, owed[line.id])
            )
        elif line.type == CreditType.VOID.value:
            continue  # an undone line and its void: nothing to tell
        elif (line.side == "credit" or line.type == REFUND) and on >= since:
            credits.append(
                StatementLine(on, number or "", type_label(line.type), line.amount, None)
            )
    return charges + credits


def statement_text(
    lines: list[StatementLine], balance: Decimal, since: date, settings: NoticeSettings
) -> str:
    """The statement's lines as a notice prints them (the `statement` template field)."""

    def money(value: Decimal) -> str:
        return written_amount(value, settings)

    out: list[str] = []
    charges = [line for line in lines if line.still_owed is not None]
    others = [line for line in lines if line.still_owed is None]
    if charges:
        out.append("Charges not yet paid:")
        for line in charges:
            where = f" ({line.request_number})" if line.request_number else ""
            part = f", still owed {money(line.still_owed or Decimal(0))}"
            out.append(
                f"  {written_date(line.on, settings)}: {line.what}{where}, {money(line.amount)}"
                + (part if line.still_owed != line.amount else "")
            )
    else:
        out.append("No charge is waiting to be paid.")
    if others:
        out.append(f"Payments and credits since {written_date(since, settings)}:")
        for line in others:
            where = f" ({line.request_number})" if line.request_number else ""
            paid = money(abs(line.amount))
            out.append(f"  {written_date(line.on, settings)}: {line.what}{where}, {paid}")
    if balance < 0:
        out.append(f"You are in credit: we owe you {money(-balance)}.")
    return "\n".join(out)


def _anchor(session: Session, account_id: int) -> int | None:
    """The newest request with a line on the account (the notice is kept with it)."""
    return session.scalar(
        sa.select(LedgerLine.request_id)
        .where(LedgerLine.account_id == account_id, LedgerLine.request_id.is_not(None))
        .order_by(LedgerLine.id.desc())
        .limit(1)
    )


def queue_statement(uow: UnitOfWork, card_or_symbol: str) -> StatementResult:
    """Queue a statement of account for a patron or a library in the outbox."""
    with uow:
        permissions.require(uow, Permission.MONEY)
        session = uow.session
        whose: Whose = resolve(session, card_or_symbol)
        account = ledger.find_account(session, whose.owner)
        anchor = _anchor(session, account.id) if account is not None else None
        if account is None or anchor is None:
            raise InvalidInput(
                f"{whose.name} has no charge on any request yet: there is nothing to state."
            )
        settings = library_settings.load(uow)
        since = uow.today() - timedelta(days=PERIOD_DAYS)
        lines = statement_lines(session, account.id, since)
        total = ledger.balance(session, account.id)
        text = statement_text(lines, total, since, settings.notices)
        kind = PATRON_KIND if whose.kind == "patron" else LIBRARY_KIND
        params = {"statement": text, "balance": total, "statement_period": str(PERIOD_DAYS)}
        row = composer.compose(
            uow, composer.read_parties(uow, anchor), kind, params=params, settings=settings
        )
        composer.write(uow, [row])
        notice_id = int(
            session.scalar(sa.select(sa.func.max(Notice.id)).where(Notice.kind == kind)) or 0
        )
        uow.commit()
    how = (
        f"an e-mail to {row['recipient']}"
        if row["channel"] == composer.EMAIL
        else "a printed letter"
    )
    said = f"Statement of account for {whose.name} queued in the outbox as {how}"
    if row["status"] == "failed":
        said += f", but it cannot go yet: {row['error']}"
    return StatementResult(
        whose.key, notice_id, str(row["channel"]), total, tuple(lines), said + "."
    )
