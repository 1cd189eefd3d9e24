"""Payments received and waivers: credits that settle what an account owes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core.money import CreditType, MoneyError, parse_amount
from illdesk.core.roles import Permission
from illdesk.services.access import permissions
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import Conflict, InvalidInput, NotFound
from illdesk.services.money import invoices, ledger
from illdesk.services.money.accounts import resolve
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.money_schema import Account, LedgerLine, Payment
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork

METHODS = ("cheque", "transfer", "card", "cash", "ifm", "other")
WAIVE_ACTION = "waive"


@dataclass(frozen=True, slots=True)
class CreditResult:
    """What a payment or a waiver did."""

    line_id: int
    amount: Decimal
    currency: str
    balance: Decimal
    message: str


def typed_amount(text: str | Decimal) -> Decimal:
    """A positive amount from what staff typed (raises InvalidInput in words)."""
    try:
        return parse_amount(text)
    except MoneyError as exc:
        raise InvalidInput(str(exc), "amount") from exc


def clean_reference(reference: str, method: str, what: str) -> str:
    """The cheque or transfer number of a payment or a refund, spaces tidied; checks the
    method too (raises InvalidInput in words)."""
    ref = " ".join(reference.split())
    if not ref:
        raise InvalidInput(f"A {what} needs its reference (the cheque or transfer number).")
    if len(ref) > 60:
        raise InvalidInput(f"A {what} reference is at most 60 characters.", "reference")
    if method not in METHODS:
        raise InvalidInput(f"A {what} is made by one of: {', '.join(METHODS)}.", "method")
    return ref


def add_payment(
    uow: UnitOfWork,
    card_or_symbol: str,
    amount: str | Decimal,
    reference: str,
    *,
    method: str = "cheque",
    received_on: date | None = None,
    invoice: str = "",
) -> CreditResult:
    """Record money received; it settles the oldest debits (or the invoice's own lines)."""
    value = typed_amount(amount)
    ref = clean_reference(reference, method, "payment")
    with uow:
        permissions.require(uow, Permission.MONEY)
        session = uow.session
        whose = resolve(session, card_or_symbol)
        used = session.scalars(
            sa.select(Payment).where(sa.func.upper(Payment.reference) == ref.upper())
        ).first()
        if used is not None:
            raise InvalidInput(
                f"The reference {ref} was already recorded for a payment of {used.amount} on "
                f"{used.received_on:%d %b %Y}. A cheque or transfer is recorded once.",
                "reference",
            )
        account = ledger.account_for(uow, whose.owner)
        if account.closed:
            raise InvalidInput(f"The account of {whose.name} is closed: it takes no payments.")
        currency = library_settings.load(uow).money.currency
        line = ledger.add_line(uow, account, CreditType.PAYMENT, value, reason=f"Ref. {ref}")
        invoice_id = None
        if invoice:
            invoice_id, debits = invoices.debits_for_payment(uow, account, invoice)
            left = ledger.settle(session, line, debits)
            if left > 0:  # more than the invoice: the rest settles the oldest other debits
                ledger.settle(session, line, ledger.open_debits(session, account.id), left)
        else:
            ledger.settle(session, line, ledger.open_debits(session, account.id))
        session.add(
            Payment(
                line_id=line.id,
                account_id=account.id,
                invoice_id=invoice_id,
                received_on=received_on or uow.today(),
                method=method,
                reference=ref,
                amount=value,
            )
        )
        session.flush()
        invoices.refresh_account(session, account.id)
        total = ledger.balance(session, account.id)
        uow.commit()
    return CreditResult(
        line.id,
        value,
        currency,
        total,
        f"Payment of {value} {currency} from {whose.name} recorded (ref. {ref}); "
        f"balance now {total} {currency}.",
    )


def waive(
    uow: UnitOfWork, line_id: int, reason: str, *, kind: CreditType = CreditType.WAIVER
) -> CreditResult:
    """Waive (or write off) what is still owed on one debit; a reason is required. A debit of
    a request is waived as an action on that request, in its history and undoable."""
    if kind not in {CreditType.WAIVER, CreditType.WRITE_OFF}:
        raise InvalidInput("Only a waiver or a write-off is made this way.")
    why = reason.strip()
    if not why:
        raise InvalidInput("A waiver needs a reason (it is kept with the account).", "reason")
    with uow:
        session = uow.session
        permissions.require(uow, Permission.WAIVE_CHARGES)
        debit = session.get(LedgerLine, line_id)
        if debit is None or debit.side != "debit":
            raise NotFound(f"No charge has the line number {line_id}.")
        account = session.get(Account, debit.account_id)
        assert account is not None
        if account.closed:
            raise InvalidInput("That account is closed.")
        open_part = ledger.open_debits(session, account.id, line_ids=(debit.id,))
        if not open_part:
            raise InvalidInput(f"Line {line_id} is already settled: nothing is left to waive.")
        owed = open_part[0].owed
        currency = library_settings.load(uow).money.currency

        def write(inner: UnitOfWork, event: Event | None) -> str:
            credit = ledger.add_line(
                inner,
                account,
                kind,
                owed,
                reason=why,
                request_id=debit.request_id,
                event_id=event.id if event is not None else None,
            )
            ledger.settle(session, credit, open_part)
            return f"{kind.label}: {owed} {currency} ({why})."

        params = {"credit": f"{kind.label} {owed} {currency}"}
        told = on_request(uow, debit.request_id, WAIVE_ACTION, params, why, write)
        invoices.refresh_account(session, account.id)
        total = ledger.balance(session, account.id)
        try:
            uow.commit()
        except StaleDataError as exc:
            raise Conflict("The request was changed by another workstation. Try again.") from exc
    return CreditResult(line_id, owed, currency, total, f"{told} Balance now {total} {currency}.")


def on_request(
    uow: UnitOfWork,
    request_id: int | None,
    action: str,
    params: dict[str, str],
    note: str,
    write: Callable[[UnitOfWork, Event | None], str],
) -> str:
    """Write a money line as an action of its request when it has one (in its history,
    undoable there), else on its own; words for staff."""
    if request_id is None:
        return write(uow, None)
    req = uow.session.get(Request, request_id)
    assert req is not None
    state = repo.to_state(req)
    details = {"changes": {}, "params": params, "today": uow.today().isoformat(), "note": note}
    written = writer.write_action(
        uow, writer.stored_request(req), state, state, action, details, further=[write]
    )
    writer.show_written(req, written)
    return f"{req.number}: {written.told}"
