"""Closing an account (a patron who left, a library no longer a partner) and opening it again.

An account is closed only when it is square: nothing owed either way, so no money is lost in a
closed account. A closed account takes no payment and no new charge; the lines stay readable.
Closing and reopening need the permission to waive charges (a supervisor's).
"""

from __future__ import annotations

from dataclasses import dataclass

from illdesk.core.money import ZERO
from illdesk.core.roles import Permission
from illdesk.services.access import permissions
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.money import ledger
from illdesk.services.money.accounts import resolve
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ClosingResult:
    """What closing or reopening did, in words for staff."""

    key: str
    closed: bool
    message: str


def close_account(uow: UnitOfWork, card_or_symbol: str, note: str) -> ClosingResult:
    """Close a patron's or library's account whose balance is zero; a note says why."""
    why = " ".join(note.split())
    if not why:
        raise InvalidInput("Say why the account is closed (--note).", "note")
    with uow:
        permissions.require(uow, Permission.WAIVE_CHARGES)
        whose = resolve(uow.session, card_or_symbol)
        currency = library_settings.load(uow).money.currency
        account = ledger.account_for(uow, whose.owner)
        if account.closed:
            raise InvalidInput(f"The account of {whose.name} is already closed.")
        owed = ledger.balance(uow.session, account.id)
        if owed > ZERO:
            raise InvalidInput(
                f"{whose.name} still owes {owed} {currency}: take a payment, or waive or write "
                "off the charges, before closing the account."
            )
        if owed < ZERO:
            raise InvalidInput(
                f"{whose.name} has {-owed} {currency} in credit: refund it before closing the "
                "account."
            )
        account.closed = True
        account.closed_on = uow.today()
        account.closed_note = why
        uow.commit()
    return ClosingResult(
        whose.key,
        True,
        f"The account of {whose.name} is closed: it takes no more payments or charges.",
    )


def reopen_account(uow: UnitOfWork, card_or_symbol: str) -> ClosingResult:
    """Open a closed account again (when and why it was closed stay recorded)."""
    with uow:
        permissions.require(uow, Permission.WAIVE_CHARGES)
        whose = resolve(uow.session, card_or_symbol)
        account = ledger.find_account(uow.session, whose.owner)
        if account is None or not account.closed:
            raise InvalidInput(f"The account of {whose.name} is not closed.")
        account.closed = False
        uow.commit()
    return ClosingResult(whose.key, False, f"The account of {whose.name} is open again.")
