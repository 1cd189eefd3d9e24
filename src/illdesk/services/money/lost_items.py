"""The money an action calls for by the rules: a lost item's charges, and what its return
takes back. Written as further records of the action itself (one transaction, one event)."""

from __future__ import annotations

import sqlalchemy as sa

from illdesk.core.money import CreditType, DebitType, found_refunds, lost_charges
from illdesk.core.workflow import Action
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.money import ledger
from illdesk.services.money.charges import charge_records, owner_of
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


def _found(uow: UnitOfWork, req: Request, event: Event, currency: str) -> str:
    """Credit back what the rules refund for a lost item that came back."""
    session = uow.session
    lost_event = session.scalar(
        sa.select(sa.func.max(Event.id)).where(
            Event.request_id == req.id, Event.action == Action.MARK_LOST.value
        )
    )
    if lost_event is None:
        return ""
    debits = list(
        session.scalars(
            sa.select(LedgerLine)
            .where(
                LedgerLine.request_id == req.id,
                LedgerLine.side == "debit",
                LedgerLine.voided_by.is_(None),
                LedgerLine.event_id >= lost_event,
                LedgerLine.amount > 0,
            )
            .order_by(LedgerLine.id)
        )
    )
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
