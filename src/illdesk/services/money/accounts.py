"""What an account shows: whose it is, its lines, its balance, whether it blocks the patron."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session

from illdesk.core.money import ZERO, CreditType, is_blocked, type_label
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import NotFound
from illdesk.services.money.ledger import Owner, balance, find_account, open_debits
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol, patron_by_card
from illdesk.store.money_schema import Account, LedgerLine, Settlement
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class LineView:
    """One line of an account, as staff read it."""

    id: int
    at: datetime
    side: str  # debit | credit
    type: str
    label: str
    amount: Decimal  # signed: debits positive, credits negative
    request_number: str
    reason: str
    staff_name: str
    voided: bool


@dataclass(frozen=True, slots=True)
class AccountView:
    """An account with its lines (oldest first) and balance."""

    owner_kind: str  # patron | library
    key: str  # the card or the symbol
    name: str
    currency: str
    balance: Decimal
    blocked: bool
    closed: bool
    lines: tuple[LineView, ...]
    closed_why: str = ""  # when and why it was closed


@dataclass(frozen=True, slots=True)
class Whose:
    """An account's owner as found from a card or a symbol."""

    owner: Owner
    kind: str
    key: str
    name: str


def resolve(session: Session, card_or_symbol: str) -> Whose:
    """The patron with this card, else the library with this symbol (raises NotFound)."""
    patron = patron_by_card(session, card_or_symbol)
    if patron is not None:
        name = f"{patron.surname}, {patron.given_name}".strip(", ")
        return Whose(Owner(patron_id=patron.id), "patron", patron.card_barcode, name)
    library = library_by_symbol(session, card_or_symbol)
    if library is not None:
        return Whose(Owner(library_id=library.id), "library", library.symbol, library.name)
    raise NotFound(f"No patron card or library symbol is “{card_or_symbol}”.")


_LINES = (
    sa.select(LedgerLine, Request.number)
    .outerjoin(Request, LedgerLine.request_id == Request.id)
    .where(LedgerLine.account_id == sa.bindparam("account"))
    .order_by(LedgerLine.id)
)


def show_account(uow: UnitOfWork, card_or_symbol: str) -> AccountView:
    """A patron's or library's account: every line and the balance."""
    with uow:
        whose = resolve(uow.session, card_or_symbol)
        settings = library_settings.load(uow).money
        account = find_account(uow.session, whose.owner)
        lines: list[LineView] = []
        total = ZERO
        if account is not None:
            for line, number in uow.session.execute(_LINES, {"account": account.id}):
                lines.append(
                    LineView(
                        line.id,
                        line.at,
                        line.side,
                        line.type,
                        type_label(line.type),
                        line.amount,
                        number or "",
                        line.reason,
                        line.staff_name,
                        line.voided_by is not None,
                    )
                )
            total = balance(uow.session, account.id)
        return AccountView(
            whose.kind,
            whose.key,
            whose.name,
            settings.currency,
            total,
            whose.kind == "patron" and is_blocked(settings, total),
            bool(account and account.closed),
            tuple(lines),
            _closed_why(account),
        )


def _closed_why(account: Account | None) -> str:
    if account is None or not account.closed:
        return ""
    when = f"on {account.closed_on:%Y-%m-%d}" if account.closed_on else ""
    return ": ".join(part for part in (when, account.closed_note) if part)


def balances_of(
    uow: UnitOfWork, *, cards: Sequence[str] = (), symbols: Sequence[str] = ()
) -> dict[str, Decimal]:
    """The balances of these patrons (by card) and libraries (by symbol), in one read each;
    an owner without lines is left out (it owes nothing)."""
    out: dict[str, Decimal] = {}
    total = sa.func.sum(LedgerLine.amount)
    with uow:
        for key, owner, wanted in (
            (Patron.card_barcode, Account.patron_id == Patron.id, cards),
            (Library.symbol, Account.library_id == Library.id, symbols),
        ):
            if not wanted:
                continue
            rows = uow.session.execute(
                sa.select(key, total)
                .join(Account, owner)
                .join(LedgerLine, LedgerLine.account_id == Account.id)
                .where(key.in_(list(wanted)))
                .group_by(key)
            )
            out.update({found: Decimal(amount) for found, amount in rows})
    return out


def patron_balance(uow: UnitOfWork, patron_id: int) -> Decimal:
    """A patron's balance inside the caller's transaction (0 without an account)."""
    account = find_account(uow.session, Owner(patron_id=patron_id))
    return balance(uow.session, account.id) if account is not None else ZERO


def patron_block(uow: UnitOfWork, patron_id: int) -> str:
    """Why a patron may not place requests or check out (their balance), or "" if they may."""
    settings = library_settings.load(uow).money
    if settings.block_balance <= 0:
        return ""
    owed = patron_balance(uow, patron_id)
    if not is_blocked(settings, owed):
        return ""
    return (
        f"the patron owes {owed} {settings.currency}, more than the limit of "
        f"{settings.block_balance} {settings.currency}. Take a payment or waive a charge first."
    )


def patron_owes(uow: UnitOfWork, patron_id: int) -> str:
    """What the desk says about a patron's balance when the card is scanned ("" when square)."""
    owed = patron_balance(uow, patron_id)
    if owed == ZERO:
        return ""
    settings = library_settings.load(uow).money
    if owed < ZERO:
        return f"In credit: {-owed} {settings.currency}."
    limit = f" (block above {settings.block_balance})" if settings.block_balance > 0 else ""
    return f"Owes {owed} {settings.currency}{limit}."


@dataclass(frozen=True, slots=True)
class RequestMoney:
    """The money lines of one request (on whichever account they went) and what is owed."""

    number: str
    payer: str  # whose account: the patron's card or the library's symbol ("" when none)
    currency: str
    lines: tuple[LineView, ...]
    owed: Decimal  # still owed on the request's charges; negative: in credit, due back


def _owed_on_request(session: Session, request_id: int, account_ids: set[int]) -> Decimal:
    """What is still owed on a request's debits (payments count wherever they were recorded,
    with or without the request), less what its credits left unallocated (a replacement
    credited as found after it was paid: due back)."""
    still = sum(
        (
            debit.owed
            for account_id in account_ids
            for debit in open_debits(session, account_id, request_id=request_id)
        ),
        ZERO,
    )
    settled = (
        sa.select(sa.func.coalesce(sa.func.sum(Settlement.amount), 0))
        .where(Settlement.credit_line_id == LedgerLine.id)
        .scalar_subquery()
    )
    unallocated = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(-LedgerLine.amount - settled), 0)).where(
            LedgerLine.request_id == request_id,
            LedgerLine.side == "credit",
            # A void takes back a debit that no longer counts as owed: it settles nothing.
            LedgerLine.type != CreditType.VOID.value,
        )
    )
    return (still - Decimal(unallocated or 0)).quantize(Decimal("0.01"))


def request_money(uow: UnitOfWork, number: str) -> RequestMoney:
    """What a request has cost so far: its charges and credits, oldest first."""
    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        currency = library_settings.load(uow).money.currency
        payer = ""
        if req.direction == "borrowing" and req.patron is not None:
            payer = req.patron.card_barcode
        elif req.direction == "lending" and req.library is not None:
            payer = req.library.symbol
        rows = uow.session.scalars(
            sa.select(LedgerLine).where(LedgerLine.request_id == req.id).order_by(LedgerLine.id)
        )
        lines = tuple(
            LineView(
                line.id,
                line.at,
                line.side,
                line.type,
                type_label(line.type),
                line.amount,
                req.number,
                line.reason,
                line.staff_name,
                line.voided_by is not None,
            )
            for line in rows
        )
        accounts = set(
            uow.session.scalars(
                sa.select(LedgerLine.account_id).where(LedgerLine.request_id == req.id).distinct()
            )
        )
        owed = _owed_on_request(uow.session, req.id, accounts)
        return RequestMoney(req.number, payer, currency, lines, owed)
