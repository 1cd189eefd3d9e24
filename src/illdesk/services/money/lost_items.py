"""The money an action calls for by the rules: a lost item's charges, and what its return
takes back. Written as further records of the action itself (one transaction, one event)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.money import (
    CreditType,
    DebitType,
    MoneySettings,
    found_refunds,
    lost_charges,
    type_label,
)
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.money import ledger
from illdesk.services.money.charges import charge_records, owner_of
from illdesk.store import requests as repo
from illdesk.store.money_schema import LedgerLine
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork


def further_records(uow: UnitOfWork, req: Request, action: Action) -> list[FurtherRecord]:
    """The money records `action` calls for on `req` (none for most actions)."""
    if action not in {Action.MARK_LOST, Action.LOST_FOUND}:
        return []
    try:
        owner_of(req)
    except InvalidInput:
        return []  # nobody to charge (a borrowing request without a patron)
    money = library_settings.load(uow).money
    if action is Action.MARK_LOST:
        return charge_records(req, lost_charges(money, req.format, None), money.currency)
    return [lambda inner, event: _found(inner, req, event, money.currency)]


def _lost_debits(session: Session, req: Request) -> list[LedgerLine]:
    """The standing debits charged since the request was last marked lost (none if never)."""
    lost_event = session.scalar(
        sa.select(sa.func.max(Event.id)).where(
            Event.request_id == req.id, Event.action == Action.MARK_LOST.value
        )
    )
    if lost_event is None:
        return []
    return list(
        session.scalars(
            sa.select(LedgerLine)
            .where(
                LedgerLine.request_id == req.id,
                LedgerLine.side == "debit",
                # Charges only: not a refund paid out, nor the void of an undone credit.
                LedgerLine.type.in_([kind.value for kind in DebitType]),
                LedgerLine.voided_by.is_(None),
                LedgerLine.event_id >= lost_event,
                LedgerLine.amount > 0,
            )
            .order_by(LedgerLine.id)
        )
    )


def _found(uow: UnitOfWork, req: Request, event: Event, currency: str) -> str:
    """Credit back what the rules refund for a lost item that came back."""
    session = uow.session
    debits = _lost_debits(session, req)
    money = library_settings.load(uow).money
    refunded = found_refunds(money, [d.type for d in debits])
    said: list[str] = []
    for debit in debits:
        if debit.type not in refunded:
            continue
        account = ledger.account_for(uow, owner_of(req))
        credit = ledger.add_line(
            uow,
            account,
            CreditType.LOST_FOUND,
            debit.amount,
            reason=f"Item found: {DebitType(debit.type).label.lower()} taken back",
            request_id=req.id,
            event_id=event.id,
        )
        ledger.settle(
            session, credit, ledger.open_debits(session, account.id, line_ids=(debit.id,))
        )
        said.append(f"{DebitType(debit.type).label} {debit.amount} {currency}")
    if not said:
        return ""
    return "Credited as found: " + ", ".join(said) + "."


def _whom(req: Request) -> str:
    if req.direction == Direction.BORROWING.value and req.patron is not None:
        return (
            f"the patron ({req.patron.given_name} {req.patron.surname}, card "
            f"{req.patron.card_barcode})"
        )
    if req.library is not None:
        return f"{req.library.name} ({req.library.symbol})"
    return "nobody"


def _lost_words(req: Request, money: MoneySettings) -> tuple[Decimal, str]:
    charges = lost_charges(money, req.format, None)
    total = sum((c.amount for c in charges), Decimal(0))
    if not charges:
        return total, f"{req.number}: marking it lost charges nothing (no price is set)."
    said = ", ".join(f"{c.reason or c.type.label} {c.amount} {money.currency}" for c in charges)
    return total, (
        f"{req.number}: marking it lost charges {_whom(req)} {said}: "
        f"{total} {money.currency} in all."
    )


def _found_words(uow: UnitOfWork, req: Request, money: MoneySettings) -> tuple[Decimal, str]:
    session = uow.session
    debits = _lost_debits(session, req)
    refunded = found_refunds(money, [d.type for d in debits])
    back = [d for d in debits if d.type in refunded]
    kept = [d for d in debits if d.type not in refunded]
    total = sum((d.amount for d in back), Decimal(0))
    if not back:
        return total, f"{req.number}: nothing charged for the loss is credited back."
    said = ", ".join(f"{type_label(d.type)} {d.amount} {money.currency}" for d in back)
    words = f"{req.number}: found, it credits {_whom(req)} back {said}."
    if kept:
        words += (
            " Kept: "
            + ", ".join(f"{type_label(d.type)} {d.amount} {money.currency}" for d in kept)
            + "."
        )
    owed = {o.line_id: o.owed for o in ledger.open_debits(session, debits[0].account_id)}
    paid = sum((d.amount - owed.get(d.id, Decimal(0)) for d in back), Decimal(0))
    if paid > 0:
        words += (
            f" {paid} {money.currency} of it was already paid: it will be in credit, to pay "
            "back (Money window, Pay back…)."
        )
    return total, words


def money_preview(uow: UnitOfWork, numbers: Sequence[str], action: str) -> str:
    """What Mark lost would charge, or Lost item found would credit back, on these requests
    by the money rules, in words for staff before they confirm ("" for other actions)."""
    if action not in {Action.MARK_LOST.value, Action.LOST_FOUND.value}:
        return ""
    words: list[str] = []
    total = Decimal(0)
    with uow:
        money = library_settings.load(uow).money
        for number in numbers:
            req = repo.by_number(uow.session, number)
            if req is None:
                continue
            try:
                owner_of(req)
            except InvalidInput:
                words.append(f"{req.number}: no patron to charge, so no money changes.")
                continue
            amount, said = (
                _lost_words(req, money)
                if action == Action.MARK_LOST.value
                else _found_words(uow, req, money)
            )
            total += amount
            words.append(said)
    if len(words) > 3:
        what = "charges" if action == Action.MARK_LOST.value else "credits back"
        return f"In all, this {what} {total} {money.currency} on {len(numbers)} requests."
    return "\n".join(words)
