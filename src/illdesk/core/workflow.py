"""The two request lifecycles (borrowing and lending) as data.

`TRANSITIONS` is the whole status machine: for each direction, the action, the statuses it may
start from, the status it leads to, its guards and what else it changes. Nothing else in ILL
Desk decides which actions are allowed: the desk window offers exactly `allowed_actions()`, the
services call `apply()`, and `apply()` returns the new state. The difference between the old and
the new state is what the event log stores, which is what makes `undo()` and replay possible.

Overdue is not a status: it is derived from the due dates (`overdue()`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from illdesk.core.duedates import DuePolicy
from illdesk.core.vocabulary import (
    CancelReason,
    CopyrightCode,
    Direction,
    ReasonUnfilled,
    RotaAnswer,
    Service,
)


class Status(StrEnum):
    """Where a request stands. Borrowing and lending use overlapping subsets."""

    NEW = "new"
    # borrowing
    COPYRIGHT_REVIEW = "copyright_review"
    READY_TO_SEND = "ready_to_send"
    SENT = "sent"
    CONDITIONAL = "conditional"
    EXHAUSTED = "exhausted"
    SHIPPED = "shipped"
    COPY_RECEIVED = "copy_received"
    ON_HOLD_SHELF = "on_hold_shelf"
    CHECKED_OUT = "checked_out"
    RETURNED = "returned"
    PURCHASE = "purchase"
    # lending
    POLICY_REVIEW = "policy_review"
    CONDITIONS_PENDING = "conditions_pending"
    PULL_SLIP = "pull_slip"
    STACKS_SEARCH = "stacks_search"
    TO_SHIP = "to_ship"
    ON_LOAN = "on_loan"
    UNFILLED = "unfilled"
    # both
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    LOST = "lost"


STATUS_LABELS: dict[tuple[Direction, Status], str] = {
    (Direction.BORROWING, Status.NEW): "New, needs review",
    (Direction.BORROWING, Status.COPYRIGHT_REVIEW): "Copyright clearance",
    (Direction.BORROWING, Status.READY_TO_SEND): "Ready to send",
    (Direction.BORROWING, Status.SENT): "Waiting for lender",
    (Direction.BORROWING, Status.CONDITIONAL): "Conditional answer",
    (Direction.BORROWING, Status.EXHAUSTED): "Lender string exhausted",
    (Direction.BORROWING, Status.SHIPPED): "In transit to us",
    (Direction.BORROWING, Status.COPY_RECEIVED): "Copy to deliver",
    (Direction.BORROWING, Status.ON_HOLD_SHELF): "On hold shelf",
    (Direction.BORROWING, Status.CHECKED_OUT): "Checked out",
    (Direction.BORROWING, Status.RETURNED): "To return to lender",
    (Direction.BORROWING, Status.PURCHASE): "Referred for purchase",
    (Direction.BORROWING, Status.COMPLETED): "Completed",
    (Direction.BORROWING, Status.CANCELLED): "Cancelled",
    (Direction.BORROWING, Status.LOST): "Lost",
    (Direction.LENDING, Status.NEW): "New",
    (Direction.LENDING, Status.POLICY_REVIEW): "Policy review",
    (Direction.LENDING, Status.CONDITIONS_PENDING): "Conditions offered",
    (Direction.LENDING, Status.PULL_SLIP): "Pull slip to print",
    (Direction.LENDING, Status.STACKS_SEARCH): "Stacks search",
    (Direction.LENDING, Status.TO_SHIP): "To ship",
    (Direction.LENDING, Status.ON_LOAN): "On loan",
    (Direction.LENDING, Status.UNFILLED): "Unfilled",
    (Direction.LENDING, Status.COMPLETED): "Returned / completed",
    (Direction.LENDING, Status.CANCELLED): "Cancelled",
    (Direction.LENDING, Status.LOST): "Lost",
}

STATUSES: dict[Direction, tuple[Status, ...]] = {
    d: tuple(s for (dd, s) in STATUS_LABELS if dd is d) for d in Direction
}

TERMINAL: frozenset[Status] = frozenset(
    {Status.COMPLETED, Status.CANCELLED, Status.UNFILLED, Status.PURCHASE, Status.LOST}
)

INITIAL: Status = Status.NEW


def status_label(direction: Direction, status: Status) -> str:
    """What staff read for a status."""
    return STATUS_LABELS[(direction, status)]


class Action(StrEnum):
    """Everything that can happen to a request."""

    # borrowing
    APPROVE = "approve"
    CLEAR_COPYRIGHT = "clear_copyright"
    SET_LENDERS = "set_lenders"
    SEND = "send"
    LENDER_CONDITIONAL = "lender_conditional"
    ACCEPT_CONDITIONS = "accept_conditions"
    REJECT_CONDITIONS = "reject_conditions"
    LENDER_UNFILLED = "lender_unfilled"
    NO_ANSWER = "no_answer"
    LENDER_SHIPPED = "lender_shipped"
    RECEIVE = "receive"
    RECEIVE_COPY = "receive_copy"
    DELIVER_COPY = "deliver_copy"
    CHECK_OUT = "check_out"
    PATRON_RETURN = "patron_return"
    RETURN_TO_LENDER = "return_to_lender"
    PURCHASE = "purchase"
    # lending
    POLICY_REVIEW = "policy_review"
    ACCEPT = "accept"
    OFFER_CONDITIONS = "offer_conditions"
    CONDITIONS_ACCEPTED = "conditions_accepted"
    CONDITIONS_REJECTED = "conditions_rejected"
    PRINT_PULL_SLIP = "print_pull_slip"
    FOUND = "found"
    UNFILL = "unfill"
    SHIP = "ship"
    SEND_COPY = "send_copy"
    CHECK_IN = "check_in"
    # both
    RENEW_ASK = "renew_ask"
    RENEW_APPROVED = "renew_approved"
    RENEW_DENIED = "renew_denied"
    RECALL = "recall"
    MARK_LOST = "mark_lost"
    MARK_DAMAGED = "mark_damaged"
    CHANGE_DUE_DATE = "change_due_date"
    CANCEL = "cancel"
    # not in the table: reverses the last action
    UNDO = "undo"


ACTION_LABELS: dict[Action, str] = {
    Action.APPROVE: "Approve",
    Action.CLEAR_COPYRIGHT: "Clear copyright",
    Action.SET_LENDERS: "Set lender string",
    Action.SEND: "Send to next lender",
    Action.LENDER_CONDITIONAL: "Lender answered with conditions",
    Action.ACCEPT_CONDITIONS: "Accept conditions",
    Action.REJECT_CONDITIONS: "Reject conditions",
    Action.LENDER_UNFILLED: "Lender cannot supply",
    Action.NO_ANSWER: "No answer: next lender",
    Action.LENDER_SHIPPED: "Lender shipped",
    Action.RECEIVE: "Receive",
    Action.RECEIVE_COPY: "Copy received",
    Action.DELIVER_COPY: "Deliver copy to patron",
    Action.CHECK_OUT: "Check out to patron",
    Action.PATRON_RETURN: "Patron return",
    Action.RETURN_TO_LENDER: "Return to lender",
    Action.PURCHASE: "Refer for purchase",
    Action.POLICY_REVIEW: "Send to policy review",
    Action.ACCEPT: "Accept (will supply)",
    Action.OFFER_CONDITIONS: "Offer conditions",
    Action.CONDITIONS_ACCEPTED: "Borrower accepted conditions",
    Action.CONDITIONS_REJECTED: "Borrower rejected conditions",
    Action.PRINT_PULL_SLIP: "Pull slip printed",
    Action.FOUND: "Found on shelf",
    Action.UNFILL: "Unfilled",
    Action.SHIP: "Ship",
    Action.SEND_COPY: "Send copy",
    Action.CHECK_IN: "Check in",
    Action.RENEW_ASK: "Renewal asked",
    Action.RENEW_APPROVED: "Renewal approved",
    Action.RENEW_DENIED: "Renewal denied",
    Action.RECALL: "Recall",
    Action.MARK_LOST: "Mark lost",
    Action.MARK_DAMAGED: "Mark damaged",
    Action.CHANGE_DUE_DATE: "Change due date",
    Action.CANCEL: "Cancel",
    Action.UNDO: "Undo",
}


class ParamKind(StrEnum):
    """How an action parameter is typed and stored."""

    DATE = "date"
    TEXT = "text"
    REASON_UNFILLED = "reason_unfilled"
    CANCEL_REASON = "cancel_reason"
    COPYRIGHT = "copyright"
    LENDERS = "lenders"


@dataclass(frozen=True, slots=True)
class Param:
    """A value an action asks for."""

    name: str
    kind: ParamKind
    required: bool = True
    label: str = ""


@dataclass(frozen=True, slots=True)
class RotaEntry:
    """One candidate lender in the string, with its answer."""

    symbol: str
    answer: RotaAnswer = RotaAnswer.NOT_ASKED
    reason: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class RequestState:
    """The part of a request the status machine reads and writes."""

    direction: Direction
    service: Service
    status: Status = Status.NEW
    rota: tuple[RotaEntry, ...] = ()
    lender_due_date: date | None = None
    patron_due_date: date | None = None
    renewals: int = 0
    renewal_pending: bool = False
    recalled: bool = False
    damaged: bool = False
    copyright_code: str = ""
    conditions: str = ""
    reason: str = ""
    restrictions: str = ""
    item_barcode: str = ""
    temp_barcode: str = ""
    note: str = ""
    # What we charge the borrowing library (lending) or were charged (borrowing); None: unset.
    charge: Decimal | None = None

    @property
    def current_lender(self) -> RotaEntry | None:
        """The lender asked last (the one we wait for, or that supplies)."""
        asked = [e for e in self.rota if e.answer is not RotaAnswer.NOT_ASKED]
        return asked[-1] if asked else None

    @property
    def has_unasked_lender(self) -> bool:
        return any(e.answer is RotaAnswer.NOT_ASKED for e in self.rota)


STATE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(RequestState))


@dataclass(frozen=True, slots=True)
class Context:
    """What an action needs besides the state: its parameters, today, the due-date policy,
    and the partner library's terms (`partner_charge`: what its agreement says a request
    costs; accepting a lending request charges it unless a charge is set already)."""

    params: Mapping[str, Any] = field(default_factory=dict)
    today: date = field(default_factory=date.today)
    policy: DuePolicy = field(default_factory=DuePolicy)
    partner_charge: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Guard:
    """A condition an action needs; `message` tells staff why it is not possible now."""

    name: str
    message: str
    test: Callable[[RequestState, Context], bool]


Effect = Callable[[RequestState, Context], RequestState]


@dataclass(frozen=True, slots=True)
class Transition:
    """One row of the status machine."""

    direction: Direction
    action: Action
    sources: frozenset[Status]
    target: Status | None  # None: the status does not change
    guards: tuple[Guard, ...] = ()
    effect: Effect | None = None
    params: tuple[Param, ...] = ()


class TransitionError(Exception):
    """An action that is not possible for this request now; the message says why."""


# ---------------------------------------------------------------- guards


def _guard(name: str, message: str, test: Callable[[RequestState, Context], bool]) -> Guard:
    return Guard(name, message, test)


IS_LOAN = _guard("is_loan", "Only for loans, not copies.", lambda s, c: s.service is Service.LOAN)
IS_COPY = _guard("is_copy", "Only for copies, not loans.", lambda s, c: s.service is Service.COPY)
HAS_NEXT = _guard(
    "has_next_lender",
    "No lender is left in the string: add lenders first.",
    lambda s, c: s.has_unasked_lender,
)
NO_NEXT = _guard(
    "no_next_lender",
    "Another lender is still in the string.",
    lambda s, c: not s.has_unasked_lender,
)
NO_RENEWAL_PENDING = _guard(
    "no_renewal_pending",
    "A renewal has already been asked and is waiting for an answer.",
    lambda s, c: not s.renewal_pending,
)
RENEWAL_PENDING = _guard(
    "renewal_pending", "No renewal has been asked.", lambda s, c: s.renewal_pending
)
NOT_RECALLED = _guard(
    "not_recalled", "The item has been recalled: it cannot be renewed.", lambda s, c: not s.recalled
)
HAS_DUE_DATE = _guard(
    "has_due_date", "The request has no due date yet.", lambda s, c: s.lender_due_date is not None
)


# ---------------------------------------------------------------- effects


def _set_answer(
    state: RequestState, answer: RotaAnswer, reason: str = "", note: str = ""
) -> tuple[RotaEntry, ...]:
    """The rota with the current lender's answer replaced."""
    current = state.current_lender
    if current is None:
        return state.rota
    index = max(i for i, e in enumerate(state.rota) if e.answer is not RotaAnswer.NOT_ASKED)
    entry = replace(
        current, answer=answer, reason=reason or current.reason, note=note or current.note
    )
    return (*state.rota[:index], entry, *state.rota[index + 1 :])


def _ask_next(rota: tuple[RotaEntry, ...]) -> tuple[RotaEntry, ...]:
    index = next(i for i, e in enumerate(rota) if e.answer is RotaAnswer.NOT_ASKED)
    return (*rota[:index], replace(rota[index], answer=RotaAnswer.PENDING), *rota[index + 1 :])


def _send(s: RequestState, c: Context) -> RequestState:
    return replace(s, rota=_ask_next(s.rota), conditions="")


def _refused(answer: RotaAnswer, default_reason: str = "") -> Effect:
    """A lender said no (or did not answer): record it, then ask the next lender if any."""

    def effect(s: RequestState, c: Context) -> RequestState:
        reason = str(c.params.get("reason") or default_reason)
        rota = _set_answer(s, answer, reason, str(c.params.get("note") or ""))
        if any(e.answer is RotaAnswer.NOT_ASKED for e in rota):
            rota = _ask_next(rota)
        return replace(s, rota=rota, conditions="", reason=reason)

    return effect


def _conditional(s: RequestState, c: Context) -> RequestState:
    return replace(
        s, rota=_set_answer(s, RotaAnswer.CONDITIONAL), conditions=str(c.params["conditions"])
    )


def _accept_lender(s: RequestState, c: Context) -> RequestState:
    return replace(s, rota=_set_answer(s, RotaAnswer.ACCEPTED))


def _set_lenders(s: RequestState, c: Context) -> RequestState:
    asked = tuple(e for e in s.rota if e.answer is not RotaAnswer.NOT_ASKED)
    new = tuple(RotaEntry(symbol) for symbol in c.params["lenders"])
    return replace(s, rota=asked + new)


def _shipped(s: RequestState, c: Context) -> RequestState:
    due = c.params.get("lender_due_date") or s.lender_due_date
    return replace(s, rota=_set_answer(s, RotaAnswer.ACCEPTED), lender_due_date=due, reason="")


def _receive(s: RequestState, c: Context) -> RequestState:
    lender_due: date = c.params["lender_due_date"]
    return replace(
        s,
        rota=_set_answer(s, RotaAnswer.ACCEPTED),
        reason="",
        lender_due_date=lender_due,
        patron_due_date=c.policy.patron_due_date(lender_due, c.today),
        restrictions=str(c.params.get("restrictions") or s.restrictions),
        temp_barcode=str(c.params.get("temp_barcode") or s.temp_barcode),
        item_barcode=str(c.params.get("item_barcode") or s.item_barcode),
    )


def _receive_copy(s: RequestState, c: Context) -> RequestState:
    return replace(s, rota=_set_answer(s, RotaAnswer.ACCEPTED), reason="")


def _with_reason(s: RequestState, c: Context) -> RequestState:
    return replace(s, reason=str(c.params["reason"]), note=str(c.params.get("note") or s.note))


def _copyright(s: RequestState, c: Context) -> RequestState:
    return replace(s, copyright_code=str(c.params["copyright_code"]))


def _offer_conditions(s: RequestState, c: Context) -> RequestState:
    return replace(s, conditions=str(c.params["conditions"]))


def _found(s: RequestState, c: Context) -> RequestState:
    return replace(s, item_barcode=str(c.params.get("item_barcode") or s.item_barcode))


def _ship(s: RequestState, c: Context) -> RequestState:
    return replace(s, lender_due_date=c.params["due_date"])


def _renew_ask(s: RequestState, c: Context) -> RequestState:
    return replace(s, renewal_pending=True)


def _renew_denied(s: RequestState, c: Context) -> RequestState:
    return replace(s, renewal_pending=False)


def _new_lender_due(s: RequestState, c: Context, due: date) -> RequestState:
    """Set the lender's due date; on the borrowing side the patron's follows it."""
    if s.direction is Direction.BORROWING:
        return replace(
            s, lender_due_date=due, patron_due_date=c.policy.patron_due_date(due, c.today)
        )
    return replace(s, lender_due_date=due)


def _renew_approved(s: RequestState, c: Context) -> RequestState:
    renewed = _new_lender_due(s, c, c.params["new_due_date"])
    return replace(renewed, renewal_pending=False, renewals=s.renewals + 1)


def _recall(s: RequestState, c: Context) -> RequestState:
    recalled = _new_lender_due(s, c, c.params["new_due_date"])
    # A recall never gives the patron more time than they already had.
    if (
        s.patron_due_date
        and recalled.patron_due_date
        and s.patron_due_date < recalled.patron_due_date
    ):
        recalled = replace(recalled, patron_due_date=s.patron_due_date)
    return replace(recalled, recalled=True, renewal_pending=False)


def _damaged(s: RequestState, c: Context) -> RequestState:
    return replace(s, damaged=True, note=str(c.params.get("note") or s.note))


def _change_due(s: RequestState, c: Context) -> RequestState:
    due: date = c.params["due_date"]
    if s.direction is Direction.BORROWING:
        return replace(s, patron_due_date=due)
    return replace(s, lender_due_date=due)


def _accept_to_supply(s: RequestState, c: Context) -> RequestState:
    """Accepting a lending request charges the partner its terms, once (a charge agreed
    before, for example with conditions, stays)."""
    if s.charge is not None or c.partner_charge is None:
        return s
    return replace(s, charge=c.partner_charge)


def _note(s: RequestState, c: Context) -> RequestState:
    return replace(s, note=str(c.params.get("note") or s.note))


# ---------------------------------------------------------------- the table

B, L = Direction.BORROWING, Direction.LENDING
S = Status


def _row(
    direction: Direction,
    action: Action,
    sources: set[Status],
    target: Status | None,
    *guards: Guard,
    effect: Effect | None = None,
    params: tuple[Param, ...] = (),
) -> Transition:
    return Transition(direction, action, frozenset(sources), target, guards, effect, params)


_REASON = Param("reason", ParamKind.REASON_UNFILLED, label="Reason")
_NOTE = Param("note", ParamKind.TEXT, required=False, label="Note")
_CANCEL = (Param("reason", ParamKind.CANCEL_REASON, label="Reason"), _NOTE)
_CONDITIONS = Param("conditions", ParamKind.TEXT, label="Conditions")
_NEW_DUE = (Param("new_due_date", ParamKind.DATE, label="New due date"),)
_BORROWED_HERE = {S.ON_HOLD_SHELF, S.CHECKED_OUT}

# fmt: off
TRANSITIONS: tuple[Transition, ...] = (
    # ---- borrowing: review, copyright, lender string
    _row(B, Action.APPROVE, {S.NEW}, S.READY_TO_SEND, IS_LOAN),
    _row(B, Action.APPROVE, {S.NEW}, S.COPYRIGHT_REVIEW, IS_COPY),
    _row(B, Action.CLEAR_COPYRIGHT, {S.COPYRIGHT_REVIEW}, S.READY_TO_SEND, effect=_copyright,
         params=(Param("copyright_code", ParamKind.COPYRIGHT, label="Copyright compliance"),)),
    _row(B, Action.SET_LENDERS, {S.NEW, S.COPYRIGHT_REVIEW, S.READY_TO_SEND}, None,
         effect=_set_lenders, params=(Param("lenders", ParamKind.LENDERS, label="Lenders"),)),
    _row(B, Action.SET_LENDERS, {S.EXHAUSTED}, S.READY_TO_SEND,
         effect=_set_lenders, params=(Param("lenders", ParamKind.LENDERS, label="Lenders"),)),
    _row(B, Action.SEND, {S.READY_TO_SEND}, S.SENT, HAS_NEXT, effect=_send),
    # ---- borrowing: the lender's answers
    _row(B, Action.LENDER_CONDITIONAL, {S.SENT}, S.CONDITIONAL, effect=_conditional,
         params=(_CONDITIONS,)),
    _row(B, Action.ACCEPT_CONDITIONS, {S.CONDITIONAL}, S.SENT, effect=_accept_lender),
    _row(B, Action.REJECT_CONDITIONS, {S.CONDITIONAL}, S.SENT, HAS_NEXT,
         effect=_refused(RotaAnswer.UNFILLED, ReasonUnfilled.CHARGES.value), params=(_NOTE,)),
    _row(B, Action.REJECT_CONDITIONS, {S.CONDITIONAL}, S.EXHAUSTED, NO_NEXT,
         effect=_refused(RotaAnswer.UNFILLED, ReasonUnfilled.CHARGES.value), params=(_NOTE,)),
    _row(B, Action.LENDER_UNFILLED, {S.SENT, S.CONDITIONAL}, S.SENT, HAS_NEXT,
         effect=_refused(RotaAnswer.UNFILLED), params=(_REASON, _NOTE)),
    _row(B, Action.LENDER_UNFILLED, {S.SENT, S.CONDITIONAL}, S.EXHAUSTED, NO_NEXT,
         effect=_refused(RotaAnswer.UNFILLED), params=(_REASON, _NOTE)),
    _row(B, Action.NO_ANSWER, {S.SENT}, S.SENT, HAS_NEXT,
         effect=_refused(RotaAnswer.NO_ANSWER, ReasonUnfilled.NO_ANSWER.value)),
    _row(B, Action.NO_ANSWER, {S.SENT}, S.EXHAUSTED, NO_NEXT,
         effect=_refused(RotaAnswer.NO_ANSWER, ReasonUnfilled.NO_ANSWER.value)),
    _row(B, Action.LENDER_SHIPPED, {S.SENT}, S.SHIPPED, IS_LOAN, effect=_shipped,
         params=(Param("lender_due_date", ParamKind.DATE, False, "Lender due date"),)),
    _row(B, Action.PURCHASE, {S.NEW, S.READY_TO_SEND, S.EXHAUSTED}, S.PURCHASE, params=(_NOTE,),
         effect=_note),
    # ---- borrowing: arrival and the patron
    _row(B, Action.RECEIVE, {S.SENT, S.SHIPPED}, S.ON_HOLD_SHELF, IS_LOAN, effect=_receive,
         params=(Param("lender_due_date", ParamKind.DATE, label="Lender due date"),
                 Param("restrictions", ParamKind.TEXT, required=False, label="Restrictions"),
                 Param("temp_barcode", ParamKind.TEXT, required=False, label="Our barcode"),
                 Param("item_barcode", ParamKind.TEXT, required=False, label="Lender's barcode"))),
    _row(B, Action.RECEIVE_COPY, {S.SENT}, S.COPY_RECEIVED, IS_COPY, effect=_receive_copy),
    _row(B, Action.DELIVER_COPY, {S.COPY_RECEIVED}, S.COMPLETED, IS_COPY),
    _row(B, Action.DELIVER_COPY, {S.SENT}, S.COMPLETED, IS_COPY, effect=_receive_copy),
    _row(B, Action.CHECK_OUT, {S.ON_HOLD_SHELF}, S.CHECKED_OUT),
    _row(B, Action.PATRON_RETURN, _BORROWED_HERE, S.RETURNED),
    _row(B, Action.RETURN_TO_LENDER, {S.RETURNED}, S.COMPLETED),
    # ---- lending: review and policy
    _row(L, Action.POLICY_REVIEW, {S.NEW}, S.POLICY_REVIEW, params=(_NOTE,), effect=_note),
    _row(L, Action.ACCEPT, {S.NEW, S.POLICY_REVIEW}, S.PULL_SLIP, effect=_accept_to_supply),
    _row(L, Action.OFFER_CONDITIONS, {S.NEW, S.POLICY_REVIEW}, S.CONDITIONS_PENDING,
         effect=_offer_conditions, params=(_CONDITIONS,)),
    _row(L, Action.CONDITIONS_ACCEPTED, {S.CONDITIONS_PENDING}, S.PULL_SLIP),
    _row(L, Action.CONDITIONS_REJECTED, {S.CONDITIONS_PENDING}, S.CANCELLED,
         effect=lambda s, c: replace(s, reason=CancelReason.BORROWER_CANCELLED.value)),
    # ---- lending: the stacks and the package
    _row(L, Action.PRINT_PULL_SLIP, {S.PULL_SLIP}, S.STACKS_SEARCH),
    _row(L, Action.FOUND, {S.PULL_SLIP, S.STACKS_SEARCH}, S.TO_SHIP, effect=_found,
         params=(Param("item_barcode", ParamKind.TEXT, required=False, label="Item barcode"),)),
    _row(L, Action.UNFILL, {S.NEW, S.POLICY_REVIEW, S.PULL_SLIP, S.STACKS_SEARCH, S.TO_SHIP},
         S.UNFILLED, effect=_with_reason, params=(_REASON, _NOTE)),
    _row(L, Action.SHIP, {S.TO_SHIP}, S.ON_LOAN, IS_LOAN, effect=_ship,
         params=(Param("due_date", ParamKind.DATE, label="Due date"),)),
    _row(L, Action.SEND_COPY, {S.TO_SHIP}, S.COMPLETED, IS_COPY),
    _row(L, Action.CHECK_IN, {S.ON_LOAN}, S.COMPLETED),
    # ---- both: renewals, recalls, exceptions
    _row(B, Action.RENEW_ASK, _BORROWED_HERE, None, NO_RENEWAL_PENDING, NOT_RECALLED,
         effect=_renew_ask),
    _row(L, Action.RENEW_ASK, {S.ON_LOAN}, None, NO_RENEWAL_PENDING, NOT_RECALLED,
         effect=_renew_ask),
    _row(B, Action.RENEW_APPROVED, _BORROWED_HERE, None, RENEWAL_PENDING,
         effect=_renew_approved, params=_NEW_DUE),
    _row(L, Action.RENEW_APPROVED, {S.ON_LOAN}, None, RENEWAL_PENDING,
         effect=_renew_approved, params=_NEW_DUE),
    _row(B, Action.RENEW_DENIED, _BORROWED_HERE, None, RENEWAL_PENDING, effect=_renew_denied),
    _row(L, Action.RENEW_DENIED, {S.ON_LOAN}, None, RENEWAL_PENDING, effect=_renew_denied),
    _row(B, Action.RECALL, _BORROWED_HERE, None, NOT_RECALLED, effect=_recall, params=_NEW_DUE),
    _row(L, Action.RECALL, {S.ON_LOAN}, None, NOT_RECALLED, effect=_recall, params=_NEW_DUE),
    _row(B, Action.MARK_LOST, {S.SHIPPED, S.ON_HOLD_SHELF, S.CHECKED_OUT, S.RETURNED}, S.LOST,
         params=(_NOTE,), effect=_note),
    _row(L, Action.MARK_LOST, {S.ON_LOAN}, S.LOST, params=(_NOTE,), effect=_note),
    _row(B, Action.MARK_DAMAGED, {S.ON_HOLD_SHELF, S.CHECKED_OUT, S.RETURNED}, None,
         effect=_damaged, params=(_NOTE,)),
    _row(L, Action.MARK_DAMAGED, {S.ON_LOAN, S.COMPLETED}, None, effect=_damaged, params=(_NOTE,)),
    _row(B, Action.CHANGE_DUE_DATE, _BORROWED_HERE, None, HAS_DUE_DATE, effect=_change_due,
         params=(Param("due_date", ParamKind.DATE, label="Patron due date"), _NOTE)),
    _row(L, Action.CHANGE_DUE_DATE, {S.ON_LOAN}, None, HAS_DUE_DATE, effect=_change_due,
         params=(Param("due_date", ParamKind.DATE, label="Due date"), _NOTE)),
    _row(B, Action.CANCEL,
         {S.NEW, S.COPYRIGHT_REVIEW, S.READY_TO_SEND, S.SENT, S.CONDITIONAL, S.EXHAUSTED},
         S.CANCELLED, effect=_with_reason, params=_CANCEL),
    _row(L, Action.CANCEL,
         {S.NEW, S.POLICY_REVIEW, S.CONDITIONS_PENDING, S.PULL_SLIP, S.STACKS_SEARCH, S.TO_SHIP},
         S.CANCELLED, effect=_with_reason, params=_CANCEL),
)
# fmt: on


# ---------------------------------------------------------------- using the table


def _rows(direction: Direction, action: Action) -> list[Transition]:
    return [t for t in TRANSITIONS if t.direction is direction and t.action is action]


def actions_for(direction: Direction) -> tuple[Action, ...]:
    """Every action of one direction's lifecycle, in table order."""
    seen: dict[Action, None] = {}
    for t in TRANSITIONS:
        if t.direction is direction:
            seen.setdefault(t.action, None)
    return tuple(seen)


def params_for(direction: Direction, action: Action) -> tuple[Param, ...]:
    """What the action asks for (the same for every row of an action)."""
    rows = _rows(direction, action)
    return rows[0].params if rows else ()


def find_transition(state: RequestState, action: Action, ctx: Context) -> Transition:
    """The row that applies, or TransitionError saying why none does."""
    rows = _rows(state.direction, action)
    if not rows:
        raise TransitionError(f"“{ACTION_LABELS[action]}” is not a {state.direction} action.")
    from_here = [t for t in rows if state.status in t.sources]
    if not from_here:
        raise TransitionError(
            f"“{ACTION_LABELS[action]}” is not possible while the request is "
            f"“{status_label(state.direction, state.status)}”."
        )
    failed: list[str] = []
    for t in from_here:
        broken = [g.message for g in t.guards if not g.test(state, ctx)]
        if not broken:
            return t
        failed.extend(broken)
    raise TransitionError(" ".join(dict.fromkeys(failed)))


def allowed_actions(state: RequestState, ctx: Context | None = None) -> list[Action]:
    """The actions possible now, in table order: what the desk offers as buttons."""
    ctx = ctx or Context()
    allowed: list[Action] = []
    for action in actions_for(state.direction):
        try:
            find_transition(state, action, ctx)
        except TransitionError:
            continue
        allowed.append(action)
    return allowed


def check_params(transition: Transition, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and coerce the parameters an action was given (raises TransitionError)."""
    clean: dict[str, Any] = {}
    known = {p.name for p in transition.params}
    unknown = set(params) - known
    if unknown:
        raise TransitionError(f"Unexpected details for this action: {', '.join(sorted(unknown))}.")
    for param in transition.params:
        value = params.get(param.name)
        if value is None or value == "" or (isinstance(value, list | tuple) and not value):
            if param.required:
                raise TransitionError(f"{param.label or param.name} is needed for this action.")
            continue
        clean[param.name] = _coerce(param, value)
    return clean


def _coerce(param: Param, value: Any) -> Any:
    label = param.label or param.name
    try:
        if param.kind is ParamKind.DATE:
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, date):
                return value
            return date.fromisoformat(str(value))
        if param.kind is ParamKind.REASON_UNFILLED:
            return ReasonUnfilled(str(value)).value
        if param.kind is ParamKind.CANCEL_REASON:
            return CancelReason(str(value)).value
        if param.kind is ParamKind.COPYRIGHT:
            return CopyrightCode(str(value).lower()).value
        if param.kind is ParamKind.LENDERS:
            symbols = value.split(",") if isinstance(value, str) else list(value)
            cleaned = tuple(str(s).strip().upper() for s in symbols if str(s).strip())
            if not cleaned:
                raise ValueError("empty")
            return cleaned
    except ValueError as exc:
        raise TransitionError(f"{label}: “{value}” is not a valid value.") from exc
    return str(value).strip()


def apply(state: RequestState, action: Action, ctx: Context) -> tuple[RequestState, Transition]:
    """Perform an action: the new state and the table row used (raises TransitionError)."""
    transition = find_transition(state, action, ctx)
    params = check_params(transition, ctx.params)
    ctx = replace(ctx, params=params)
    new = transition.effect(state, ctx) if transition.effect else state
    if transition.target is not None:
        new = replace(new, status=transition.target)
    return new, transition


def diff(old: RequestState, new: RequestState) -> dict[str, tuple[Any, Any]]:
    """The fields that changed, as {name: (old, new)}."""
    return {
        name: (getattr(old, name), getattr(new, name))
        for name in STATE_FIELDS
        if getattr(old, name) != getattr(new, name)
    }


def undo(state: RequestState, changes: Mapping[str, tuple[Any, Any]]) -> RequestState:
    """Reverse an action given the changes it made (raises if the request moved on since)."""
    moved = [name for name, (_, after) in changes.items() if getattr(state, name) != after]
    if moved:
        raise TransitionError(
            "The request has changed since that action, so it cannot be undone automatically."
        )
    return replace(state, **{name: before for name, (before, _) in changes.items()})


class Overdue(StrEnum):
    """Which due date has passed."""

    PATRON = "patron"  # the patron should have brought it back
    LENDER = "lender"  # the lender wants it back (borrowing), or the borrower is late (lending)


def overdue(state: RequestState, today: date) -> Overdue | None:
    """Whether the request is overdue today, and towards whom."""
    if state.direction is Direction.BORROWING:
        holding = state.status in {Status.ON_HOLD_SHELF, Status.CHECKED_OUT, Status.RETURNED}
        if holding and state.lender_due_date and state.lender_due_date < today:
            return Overdue.LENDER
        if (
            state.status is Status.CHECKED_OUT
            and state.patron_due_date
            and state.patron_due_date < today
        ):
            return Overdue.PATRON
        return None
    if state.status is Status.ON_LOAN and state.lender_due_date and state.lender_due_date < today:
        return Overdue.LENDER
    return None


# ISO 18626 status a supplying library reports for each lending status.
ISO18626_LENDING_STATUS: dict[Status, str] = {
    Status.NEW: "RequestReceived",
    Status.POLICY_REVIEW: "RequestReceived",
    Status.CONDITIONS_PENDING: "WillSupply",
    Status.PULL_SLIP: "ExpectToSupply",
    Status.STACKS_SEARCH: "ExpectToSupply",
    Status.TO_SHIP: "WillSupply",
    Status.ON_LOAN: "Loaned",
    Status.UNFILLED: "Unfilled",
    Status.COMPLETED: "LoanCompleted",
    Status.CANCELLED: "Cancelled",
    Status.LOST: "CompletedWithoutReturn",
}

# ISO 18626 requesting-agency action sent for a borrowing action, where there is one.
ISO18626_BORROWING_ACTION: dict[Action, str] = {
    Action.RECEIVE: "Received",
    Action.RECEIVE_COPY: "Received",
    Action.CANCEL: "Cancel",
    Action.RENEW_ASK: "Renew",
    Action.RETURN_TO_LENDER: "ShippedReturn",
    Action.ACCEPT_CONDITIONS: "Notification",
    Action.REJECT_CONDITIONS: "Cancel",
}


def iso18626_status(state: RequestState, today: date) -> str:
    """The ISO 18626 status value for a lending request (Overdue and Recalled derived)."""
    if state.direction is not Direction.LENDING:
        raise ValueError("ISO 18626 statuses are reported by the supplying library.")
    if state.status is Status.ON_LOAN:
        if state.recalled:
            return "Recalled"
        if overdue(state, today):
            return "Overdue"
    if state.status is Status.COMPLETED and state.service is Service.COPY:
        return "CopyCompleted"
    return ISO18626_LENDING_STATUS[state.status]
