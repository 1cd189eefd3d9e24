"""What an action is given besides the request: defaults from the partner's terms, and its
context (today, the due-date policy of the lender's group, the partner's charge).

One place for every caller (the scan desk, the window, packages, the demo): `prepare` takes
the request's state and the library it is linked to, whether the request was read as an ORM
object or as plain columns, so the defaults cannot differ between the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action, Context, RequestState
from illdesk.services.admin import settings as library_settings
from illdesk.store.lookups import library_by_symbol
from illdesk.store.requests import to_state
from illdesk.store.schema import Library, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class PartnerTerms:
    """The partner library's terms an action reads."""

    symbol: str
    group_name: str
    loan_days: int
    charge: Decimal | None


def terms_of(library: Any) -> PartnerTerms:
    """The terms of a stored library, or of a library record read as plain columns."""
    return PartnerTerms(library.symbol, library.group_name, library.loan_days, library.charge)


def partner_terms(
    uow: UnitOfWork, state: RequestState, linked: PartnerTerms | None
) -> PartnerTerms | None:
    """Whose terms apply: for borrowing, the lender asked last; for lending, the borrowing
    library. `linked` is the library the request is linked to now (no second query when it
    is the one)."""
    if state.direction is Direction.LENDING:
        return linked
    current = state.current_lender
    if current is None:
        return None
    if linked is not None and linked.symbol == current.symbol:
        return linked
    library = library_by_symbol(uow.session, current.symbol)
    return terms_of(library) if library is not None else None


def prepare(
    uow: UnitOfWork,
    state: RequestState,
    linked: PartnerTerms | None,
    action: Action | None,
    params: Mapping[str, Any],
    request_id: int | None = None,
) -> Context:
    """The context of `action` on a request in `state`: the given parameters with the defaults
    staff should not have to type (due dates from the partner's loan period), today, the
    due-date policy (the lender group's buffer on the borrowing side), the partner's charge."""
    settings = library_settings.load(uow)
    partner = partner_terms(uow, state, linked)
    filled = dict(params)
    if action is Action.RECEIVE and not filled.get("lender_due_date"):
        filled["lender_due_date"] = lender_due_date(uow, partner.loan_days if partner else None)
    if action is Action.PURCHASE_ARRIVED and not filled.get("patron_due_date"):
        policy = library_settings.due_policy(uow, settings)
        filled["patron_due_date"] = policy.lending_due_date(uow.today(), settings.default_loan_days)
    if action in _SHIPS and not filled.get("due_date"):
        days = partner.loan_days if partner else settings.default_loan_days
        if request_id is not None:
            # The rule that accepted the request may give its own loan period.
            from illdesk.services.rules.policy import accepted_loan_days  # noqa: PLC0415

            days = accepted_loan_days(uow, request_id) or days
        policy = library_settings.due_policy(uow, settings)
        filled["due_date"] = policy.lending_due_date(uow.today(), days)
    group = partner.group_name if partner and state.direction is Direction.BORROWING else ""
    refusal = ""
    if action in _CHECKS_OUT and request_id is not None:
        # A correctional facility's rules and limits, the same for the window, packages and
        # the scan.
        from illdesk.services.rules import facilities  # noqa: PLC0415 - check-outs only

        refusal = facilities.refusal_for_request(uow, request_id)
        if action in _OVERRIDES:
            facilities.allow_override(uow)
    return Context(
        params=filled,
        today=uow.today(),
        policy=library_settings.due_policy(uow, settings, group),
        partner_charge=partner.charge if partner else None,
        refusal=refusal,
    )


_SHIPS = (Action.SHIP, Action.SHIP_OVERRIDE)
_OVERRIDES = (Action.CHECK_OUT_OVERRIDE, Action.SHIP_OVERRIDE)
# What goes to a person inside a facility, or to a facility's library: its rules apply.
_CHECKS_OUT = (Action.CHECK_OUT, *_OVERRIDES, Action.SHIP)


def lender_due_date(uow: UnitOfWork, loan_days: int | None) -> date:
    """The lender's due date of an item received today when the lender gave none: its loan
    period (or the library's default period) from today."""
    days = loan_days if loan_days is not None else library_settings.load(uow).default_loan_days
    return uow.today() + timedelta(days=days)


def linked_terms(req: Request) -> PartnerTerms | None:
    """The terms of the library a loaded request is linked to now."""
    library: Library | None = req.library
    return terms_of(library) if library is not None else None


def fill_defaults(
    uow: UnitOfWork, req: Request, action: Action, params: dict[str, Any]
) -> dict[str, Any]:
    """The parameters of `action` on a loaded request with the defaults filled in."""
    return dict(prepare(uow, to_state(req), linked_terms(req), action, params, req.id).params)


def context_for(
    uow: UnitOfWork, req: Request, action: Action, params: Mapping[str, Any]
) -> Context:
    """The whole context of `action` on a loaded request: defaults filled in, the partner's
    terms, and a facility's refusal where the item goes to one."""
    return prepare(uow, to_state(req), linked_terms(req), action, params, req.id)


def action_context(uow: UnitOfWork, req: Request, params: Mapping[str, Any]) -> Context:
    """The context of an action on a loaded request, for parameters already filled in by
    `fill_defaults` (the partner's group and charge are read here)."""
    return prepare(uow, to_state(req), linked_terms(req), None, params)


def make_context(uow: UnitOfWork, params: Mapping[str, Any], lender_group: str) -> Context:
    """A context for an action with no partner: its parameters, today, and the due-date
    policy of `lender_group`."""
    settings = library_settings.load(uow)
    return Context(
        params=params,
        today=uow.today(),
        policy=library_settings.due_policy(uow, settings, lender_group),
    )
