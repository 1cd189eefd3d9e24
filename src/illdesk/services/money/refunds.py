"""Paying back an account in credit: a patron or library who paid a replacement and then found
the item, or who paid twice.

A refund is a ledger line on the debit side (it brings a negative balance back towards zero),
settled at once by the credits it pays back, oldest first, so no credit is paid back twice.
Its date, method and reference are kept in `refunds`. When the credits it pays back belong to
one request (or staff name the request), the refund is an action on that request: it shows in
the request's history and Undo there takes it back (the credits are open again).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core.money import REFUND, REFUND_LABEL, OpenDebit, allocate, refund_refusal
from illdesk.core.roles import Permission
from illdesk.services.access import permissions
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import Conflict, InvalidInput, NotFound
from illdesk.services.money import ledger
from illdesk.services.money.accounts import Whose, resolve
from illdesk.services.money.charges import owner_of
from illdesk.services.money.payments import CreditResult, clean_reference, on_request, typed_amount
from illdesk.store import requests as repo
from illdesk.store.money_schema import LedgerLine, Refund, Settlement
from illdesk.store.schema import Event
from illdesk.store.unit_of_work import UnitOfWork

REFUND_ACTION = REFUND


@dataclass(frozen=True, slots=True)
class OpenCredit:
    """A credit not yet used up: what is left of it, and its request (if any)."""

    line_id: int
    left: Decimal
    request_id: int | None


def open_credits(
    session: Session, account_id: int, request_id: int | None = None
) -> list[OpenCredit]:
    """The account's credits (payments, found items, waivers, voids...) with a part that
    settles nothing yet, oldest first; only one request's when `request_id` is given."""
    used = (
        sa.select(sa.func.coalesce(sa.func.sum(Settlement.amount), 0))
        .where(Settlement.credit_line_id == LedgerLine.id)
        .scalar_subquery()
    )
    query = sa.select(LedgerLine.id, -LedgerLine.amount - used, LedgerLine.request_id).where(
        LedgerLine.account_id == account_id,
        LedgerLine.side == "credit",
        LedgerLine.voided_by.is_(None),
    )
    if request_id is not None:
        query = query.where(LedgerLine.request_id == request_id)
    rows = session.execute(query.order_by(LedgerLine.id)).all()
    return [OpenCredit(i, Decimal(left), r) for i, left, r in rows if Decimal(left) > 0]


def _request_of(uow: UnitOfWork, number: str, whose: Whose) -> int:
    """The id of the named request, which must have charged this account."""
    req = repo.by_number(uow.session, number)
    if req is None:
        raise NotFound(f"No request has the number {number}.")
    try:
        owner = owner_of(req)
    except InvalidInput:
        owner = None
    if owner != whose.owner:
        raise InvalidInput(f"{req.number} is not on the account of {whose.name}.", "request")
    return req.id


def _check_reference(session: Session, ref: str) -> None:
    used = session.execute(
        sa.select(Refund.amount, Refund.paid_on)
        .join(LedgerLine, LedgerLine.id == Refund.line_id)
        .where(sa.func.upper(Refund.reference) == ref.upper(), LedgerLine.voided_by.is_(None))
    ).first()
    if used is not None:
        raise InvalidInput(
            f"The reference {ref} was already used to pay back {used.amount} on "
            f"{used.paid_on:%d %b %Y}. A cheque or transfer is recorded once.",
            "reference",
        )


def refund(
    uow: UnitOfWork,
    card_or_symbol: str,
    amount: str | Decimal,
    reference: str,
    *,
    method: str = "cheque",
    paid_on: date | None = None,
    request: str = "",
) -> CreditResult:
    """Pay back money an account holds in credit (never more than the credit, nor than the
    named request's credit), with the cheque or transfer that pays it."""
    value = typed_amount(amount)
    ref = clean_reference(reference, method, "refund")
    with uow:
        permissions.require(uow, Permission.MONEY)
        session = uow.session
        whose = resolve(session, card_or_symbol)
        _check_reference(session, ref)
        currency = library_settings.load(uow).money.currency
        account = ledger.find_account(session, whose.owner)
        credit = -ledger.balance(session, account.id) if account is not None else Decimal(0)
        refused = refund_refusal(value, credit, whose.name, currency)
        if refused or account is None:
            raise InvalidInput(refused, "amount")
        request_id = _request_of(uow, request.strip(), whose) if request.strip() else None
        credits = open_credits(session, account.id, request_id)
        if request_id is not None:
            on_it = min(credit, sum((c.left for c in credits), Decimal(0)))
            refused = refund_refusal(value, on_it, f"{request.strip().upper()}", currency)
            if refused:
                raise InvalidInput(refused, "amount")
        parts = allocate(value, [OpenDebit(c.line_id, c.left) for c in credits])
        paid_back = {c.line_id: c.request_id for c in credits}
        requests = {paid_back[line_id] for line_id, _part in parts}
        if request_id is None and len(requests) == 1:
            request_id = requests.pop()
        how = f"{method} ref. {ref}"
        written: list[int] = []

        def write(inner: UnitOfWork, event: Event | None) -> str:
            line = ledger.add_line(
                inner,
                account,
                REFUND,
                value,
                reason=f"Paid back by {how}",
                request_id=request_id,
                event_id=event.id if event is not None else None,
            )
            for credit_id, part in parts:
                session.add(
                    Settlement(credit_line_id=credit_id, debit_line_id=line.id, amount=part)
                )
            session.add(
                Refund(
                    line_id=line.id,
                    account_id=account.id,
                    paid_on=paid_on or inner.today(),
                    method=method,
                    reference=ref,
                    amount=value,
                )
            )
            session.flush()
            written.append(line.id)
            return f"{REFUND_LABEL} {value} {currency} to {whose.name} ({how})."

        params = {"paid back": f"{value} {currency}"}
        told = on_request(uow, request_id, REFUND_ACTION, params, how, write)
        total = ledger.balance(session, account.id)
        try:
            uow.commit()
        except StaleDataError as exc:
            raise Conflict("The request was changed by another workstation. Try again.") from exc
    return CreditResult(
        written[0], value, currency, total, f"{told} Balance now {total} {currency}."
    )
