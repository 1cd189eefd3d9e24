"""The ledger's own operations, in the caller's transaction: accounts, lines, settlements, voids.

Use cases (`charges`, `payments`, `accounts`, `lost_items`) call these; nothing here commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.money import REFUND, ZERO, CreditType, DebitType, OpenDebit, allocate
from illdesk.store.money_schema import Account, LedgerLine, Settlement
from illdesk.store.unit_of_work import UnitOfWork

_CREDIT_TYPES = frozenset(c.value for c in CreditType)


@dataclass(frozen=True, slots=True)
class Owner:
    """Whose account: a patron or a partner library (exactly one is set)."""

    patron_id: int | None = None
    library_id: int | None = None


def find_account(session: Session, owner: Owner) -> Account | None:
    """The owner's account, or None when it has no line yet."""
    column = Account.patron_id if owner.patron_id is not None else Account.library_id
    key = owner.patron_id if owner.patron_id is not None else owner.library_id
    return session.scalars(sa.select(Account).where(column == key)).first()


def account_for(uow: UnitOfWork, owner: Owner) -> Account:
    """The owner's account, made now if this is its first line."""
    found = find_account(uow.session, owner)
    if found is not None:
        return found
    account = Account(
        patron_id=owner.patron_id, library_id=owner.library_id, closed=False, created_at=uow.now()
    )
    uow.session.add(account)
    uow.session.flush()
    return account


def add_line(
    uow: UnitOfWork,
    account: Account,
    kind: DebitType | CreditType | str,
    amount: Decimal,
    *,
    reason: str = "",
    request_id: int | None = None,
    event_id: int | None = None,
) -> LedgerLine:
    """Write one line; `amount` is what staff see (positive), stored signed by its side."""
    value = str(kind)
    credit = value in _CREDIT_TYPES
    line = LedgerLine(
        account_id=account.id,
        request_id=request_id,
        event_id=event_id,
        side="credit" if credit else "debit",
        type=value,
        amount=-amount if credit else amount,
        reason=reason,
        at=uow.now(),
        staff_name=uow.actor.staff_name,
    )
    uow.session.add(line)
    uow.session.flush()
    return line


def balance(session: Session, account_id: int) -> Decimal:
    """What the account owes: the sum of its lines (negative: we owe them)."""
    total = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(LedgerLine.amount), 0)).where(
            LedgerLine.account_id == account_id
        )
    )
    return Decimal(total or 0).quantize(Decimal("0.01"))


def _settled_subquery() -> sa.ScalarSelect[Decimal]:
    return (
        sa.select(sa.func.coalesce(sa.func.sum(Settlement.amount), 0))
        .where(Settlement.debit_line_id == LedgerLine.id)
        .scalar_subquery()
    )


def open_debits(
    session: Session,
    account_id: int,
    *,
    request_id: int | None = None,
    line_ids: tuple[int, ...] = (),
) -> list[OpenDebit]:
    """The account's debits not yet settled, oldest first, with what is still owed."""
    owed = LedgerLine.amount - _settled_subquery()
    query = sa.select(LedgerLine.id, owed).where(
        LedgerLine.account_id == account_id,
        LedgerLine.side == "debit",
        LedgerLine.voided_by.is_(None),
        LedgerLine.amount > 0,
    )
    if request_id is not None:
        query = query.where(LedgerLine.request_id == request_id)
    if line_ids:
        query = query.where(LedgerLine.id.in_(line_ids))
    rows = session.execute(query.order_by(LedgerLine.id)).all()
    return [OpenDebit(line_id, Decimal(left)) for line_id, left in rows if Decimal(left) > 0]


def settle(
    session: Session, credit: LedgerLine, debits: list[OpenDebit], amount: Decimal | None = None
) -> Decimal:
    """Settle open debits with a credit line (all of it, or `amount` of it), oldest first;
    how much was left unallocated."""
    amount = -credit.amount if amount is None else amount
    for debit_id, part in allocate(amount, debits):
        existing = session.get(Settlement, (credit.id, debit_id))
        if existing is not None:
            existing.amount += part
        else:
            session.add(Settlement(credit_line_id=credit.id, debit_line_id=debit_id, amount=part))
        amount -= part
    session.flush()
    return amount


def void_line(uow: UnitOfWork, line: LedgerLine, reason: str, event_id: int | None) -> LedgerLine:
    """Take a line back: a void of the opposite sign; a voided debit's open part is settled
    by the void, a voided credit's settlements are released (its debits are owed again)."""
    session = uow.session
    void = LedgerLine(
        account_id=line.account_id,
        request_id=line.request_id,
        event_id=event_id,
        side="debit" if line.side == "credit" else "credit",
        type=CreditType.VOID.value,
        amount=-line.amount,
        reason=reason,
        at=uow.now(),
        staff_name=uow.actor.staff_name,
    )
    session.add(void)
    session.flush()
    line.voided_by = void.id
    if line.type == REFUND:
        # Taking back a refund: the credits it paid back are open again, and its void
        # settles the whole of it.
        session.execute(sa.delete(Settlement).where(Settlement.debit_line_id == line.id))
    if line.type == CreditType.VOID.value:
        # Taking back a void (its action was undone): the line it voided counts again.
        session.execute(
            sa.update(LedgerLine).where(LedgerLine.voided_by == line.id).values(voided_by=None)
        )
    if line.side == "debit":
        settle(session, void, open_debits(session, line.account_id, line_ids=(line.id,)))
    else:
        session.execute(sa.delete(Settlement).where(Settlement.credit_line_id == line.id))
    session.flush()
    return void


def reverse_for_undone(uow: UnitOfWork, undone_event_id: int, undo_event_id: int) -> str:
    """Void every line the undone action wrote (in the undo's transaction); words for staff."""
    lines = list(
        uow.session.scalars(
            sa.select(LedgerLine)
            .where(LedgerLine.event_id == undone_event_id, LedgerLine.voided_by.is_(None))
            .order_by(LedgerLine.id.desc())
        )
    )
    total = ZERO
    for line in lines:
        void_line(uow, line, "Action undone", undo_event_id)
        total += line.amount
    if not lines:
        return ""
    return f"Its money was taken back ({len(lines)} line(s), {total:+.2f})."
