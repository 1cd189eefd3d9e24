"""Charges on a request: written with the action that causes them, through the one writer.

A charge staff add by hand is itself an action on the request ("charge"): the one writer
records its event (the request's fields do not change) and the ledger line is the event's
further record, so it shows in the request's history and undo takes it back. Charges the rules
call for (a lost item's replacement and processing fee) are further records of the action that
calls for them (`lost_items`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core.money import Charge, DebitType, MoneyError, parse_amount
from illdesk.core.roles import Permission
from illdesk.core.vocabulary import Direction
from illdesk.services.access import permissions
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import Conflict, InvalidInput, NotFound
from illdesk.services.money.ledger import Owner, account_for, add_line, void_line
from illdesk.services.notices import outbox
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.money_schema import LedgerLine
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork

CHARGE_ACTION = "charge"


@dataclass(frozen=True, slots=True)
class ChargeResult:
    """What adding a charge did."""

    number: str
    type: str
    amount: Decimal
    currency: str
    event_id: int
    message: str


def owner_of(req: Request) -> Owner:
    """Whose account a request's charges go on: the patron's for borrowing, the borrowing
    library's for lending (raises InvalidInput when there is nobody to charge)."""
    if req.direction == Direction.BORROWING.value:
        if req.patron_id is None:
            raise InvalidInput(f"{req.number} has no patron to charge.")
        return Owner(patron_id=req.patron_id)
    if req.library_id is None:
        raise InvalidInput(f"{req.number} has no borrowing library to charge.")
    return Owner(library_id=req.library_id)


def charge_records(req: Request, charges: Sequence[Charge], currency: str) -> list[FurtherRecord]:
    """The ledger lines of `charges`, as further records of the action that calls for them."""
    if not charges:
        return []
    owner = owner_of(req)

    def write(uow: UnitOfWork, event: Event) -> str:
        account = account_for(uow, owner)
        if account.closed:
            raise InvalidInput("That account is closed: it takes no new charges.")
        for charge in charges:
            add_line(
                uow,
                account,
                charge.type,
                charge.amount,
                reason=charge.reason,
                request_id=req.id,
                event_id=event.id,
            )
        said = ", ".join(f"{c.type.label} {c.amount} {currency}" for c in charges)
        return f"Charged: {said}."

    return [write]


def _replace_assumed(req: Request) -> FurtherRecord:
    """A replacement charged by hand is the lender's actual bill: it replaces the assumed
    replacement charged when the item was declared lost (that one is voided)."""

    def write(uow: UnitOfWork, event: Event) -> str:
        assumed = list(
            uow.session.scalars(
                sa.select(LedgerLine).where(
                    LedgerLine.request_id == req.id,
                    LedgerLine.type == DebitType.REPLACEMENT.value,
                    LedgerLine.voided_by.is_(None),
                    LedgerLine.amount > 0,
                )
            )
        )
        for line in assumed:
            void_line(uow, line, "Replaced by the lender's bill", event.id)
        shown = ", ".join(str(line.amount) for line in assumed)
        return f"The assumed replacement ({shown}) is replaced by this bill." if assumed else ""

    return write


def parse_type(text: str) -> DebitType:
    """A debit type from what was typed (its stored name, or its label)."""
    wanted = text.strip().lower().replace("-", "_").replace(" ", "_")
    for kind in DebitType:
        if wanted in {kind.value, kind.label.lower().replace(" ", "_").replace("'", "")}:
            return kind
    names = ", ".join(k.value for k in DebitType)
    raise InvalidInput(f"“{text}” is not a kind of charge. Use one of: {names}.", "type")


def add_charge(
    uow: UnitOfWork,
    number: str,
    kind: str | DebitType,
    amount: str | Decimal,
    reason: str = "",
) -> ChargeResult:
    """Charge the request's patron (borrowing) or borrowing library (lending), in the
    request's history, undoable."""
    debit = kind if isinstance(kind, DebitType) else parse_type(kind)
    try:
        value = parse_amount(amount)
    except MoneyError as exc:
        raise InvalidInput(str(exc), "amount") from exc
    if debit is DebitType.MANUAL and not reason.strip():
        raise InvalidInput("Say what an “other” charge is for (--reason).", "reason")
    with uow:
        permissions.require(uow, Permission.MONEY)
        req = repo.by_number(uow.session, number, for_update=True)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        currency = library_settings.load(uow).money.currency
        event_id, told = charge_in(uow, req, Charge(debit, value, reason.strip()), currency)
        try:
            uow.commit()
        except StaleDataError as exc:
            raise Conflict(f"{req.number} was changed by another workstation. Try again.") from exc
        return ChargeResult(
            req.number, debit.value, value, currency, event_id, f"{req.number}: {told}"
        )


def charge_in(uow: UnitOfWork, req: Request, charge: Charge, currency: str) -> tuple[int, str]:
    """Write a charge as an action on a loaded request, in the caller's transaction: its
    event (no field changes) and its ledger line; (event id, words for staff)."""
    state = repo.to_state(req)
    details: dict[str, object] = {
        "changes": {},
        "params": {"charged": f"{charge.type.label} {charge.amount} {currency}"},
        "today": uow.today().isoformat(),
    }
    if charge.reason:
        details["note"] = charge.reason
    written = writer.write_action(
        uow,
        writer.stored_request(req),
        state,
        state,
        CHARGE_ACTION,
        details,
        further=[
            *([_replace_assumed(req)] if charge.type is DebitType.REPLACEMENT else []),
            *charge_records(req, [charge], currency),
            *outbox.further_records(req, CHARGE_ACTION),  # "charges billed" to the patron
        ],
    )
    writer.show_written(req, written)
    return written.event.id, written.told
