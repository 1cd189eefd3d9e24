"""The status machine's table: every action of both lifecycles, the statuses it may start
from, the status it leads to, its guards and what else it changes (its effect).

Read with `core.workflow`, which applies it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

from illdesk.core.request_state import (
    Context,
    Effect,
    Guard,
    Param,
    ParamKind,
    RequestState,
    RotaEntry,
    Transition,
)
from illdesk.core.request_status import Action, Status
from illdesk.core.vocabulary import (
    CancelReason,
    Direction,
    ReasonUnfilled,
    RotaAnswer,
    Service,
)

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
# A correctional facility's rule (or its limits) refuses the item; the message names it.
NOT_REFUSED = _guard("not_refused", "{refusal}", lambda s, c: not c.refusal)
IS_REFUSED = _guard(
    "is_refused",
    "Nothing to override: the facility's rules let the item go.",
    lambda s, c: bool(c.refusal),
)
# A bought item: no lender supplied it (the last lender asked, if any, did not).
BOUGHT = _guard(
    "bought",
    "Only for a bought item; a borrowed one goes back to its lender.",
    lambda s, c: s.current_lender is None or s.current_lender.answer is not RotaAnswer.ACCEPTED,
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


def _bought_arrived(s: RequestState, c: Context) -> RequestState:
    due = c.params.get("patron_due_date") or s.patron_due_date
    return replace(s, patron_due_date=due, note=str(c.params.get("note") or s.note))


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


def _returned(s: RequestState, c: Context) -> RequestState:
    """The patron brought the item back: a renewal still asked for is moot."""
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
# Where the patron fetches a delivered copy, or the file the "copy delivered" e-mail carries.
_COPY_LINK = (
    Param("link", ParamKind.TEXT, required=False, label="Link to the copy"),
    Param("file", ParamKind.TEXT, required=False, label="File of the copy, to attach (PDF)"),
)
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
    _row(B, Action.PURCHASE_ARRIVED, {S.PURCHASE}, S.ON_HOLD_SHELF, IS_LOAN, BOUGHT,
         effect=_bought_arrived,
         params=(Param("patron_due_date", ParamKind.DATE, label="Patron due date"), _NOTE)),
    _row(B, Action.TO_COLLECTION, {S.RETURNED}, S.COMPLETED, BOUGHT, params=(_NOTE,),
         effect=_note),
    # ---- borrowing: arrival and the patron
    _row(B, Action.RECEIVE, {S.SENT, S.SHIPPED}, S.ON_HOLD_SHELF, IS_LOAN, effect=_receive,
         params=(Param("lender_due_date", ParamKind.DATE, label="Lender due date"),
                 Param("restrictions", ParamKind.TEXT, required=False, label="Restrictions"),
                 Param("temp_barcode", ParamKind.TEXT, required=False, label="Our barcode"),
                 Param("item_barcode", ParamKind.TEXT, required=False, label="Lender's barcode"))),
    _row(B, Action.RECEIVE_COPY, {S.SENT}, S.COPY_RECEIVED, IS_COPY, effect=_receive_copy),
    _row(B, Action.DELIVER_COPY, {S.COPY_RECEIVED}, S.COMPLETED, IS_COPY, params=_COPY_LINK),
    _row(B, Action.DELIVER_COPY, {S.SENT}, S.COMPLETED, IS_COPY, effect=_receive_copy,
         params=_COPY_LINK),
    _row(B, Action.CHECK_OUT, {S.ON_HOLD_SHELF}, S.CHECKED_OUT, NOT_REFUSED),
    _row(B, Action.CHECK_OUT_OVERRIDE, {S.ON_HOLD_SHELF}, S.CHECKED_OUT, IS_REFUSED,
         params=(Param("override", ParamKind.TEXT, label="Reason for the override"),)),
    _row(B, Action.PATRON_RETURN, _BORROWED_HERE, S.RETURNED, effect=_returned),
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
    _row(L, Action.SHIP, {S.TO_SHIP}, S.ON_LOAN, IS_LOAN, NOT_REFUSED, effect=_ship,
         params=(Param("due_date", ParamKind.DATE, label="Due date"),)),
    _row(L, Action.SHIP_OVERRIDE, {S.TO_SHIP}, S.ON_LOAN, IS_LOAN, IS_REFUSED, effect=_ship,
         params=(Param("due_date", ParamKind.DATE, label="Due date"),
                 Param("override", ParamKind.TEXT, label="Reason for the override"))),
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
    # A lost item that turns up: ours goes back to the lender, a lent one is home again.
    _row(B, Action.LOST_FOUND, {S.LOST}, S.RETURNED, IS_LOAN, params=(_NOTE,), effect=_note),
    _row(L, Action.LOST_FOUND, {S.LOST}, S.COMPLETED, params=(_NOTE,), effect=_note),
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
