"""What one scan at the desk means: decided once, here, without a database.

The scanning desk (window, command line, benchmarks) resolves a barcode to a request and
then asks `decide_scan` what to do with it, given the desk's mode and what the desk
remembers (the patron being served, the "not found" reason of a stacks search, the due date
and restrictions staff set for items being received). The answer is one of:

- act: perform `action` with `params` through the status machine (`core.workflow`);
- pack: the item is ready to go out and joins the open package;
- already done: the request is finished; the scan changes nothing;
- wrong patron: a check-out of an item on hold for somebody else;
- not ready to ship: pack mode, but the item is not waiting to go out;
- nothing to do: this mode has no action for the request's status (`reason` says so).

`services.desk.scan` reads the request, calls this, and hands an `act` decision to the one
writer (`store.request_writer`). No other code decides what a scan does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import TERMINAL, Action, Status, status_label


class DeskMode(StrEnum):
    """What the desk is doing now; it decides what a scanned item means."""

    SMART = "smart"
    RECEIVE = "receive"
    CHECK_OUT = "check-out"
    PATRON_RETURN = "patron-return"
    STACKS_SEARCH = "stacks-search"
    PACK = "pack"

    @property
    def label(self) -> str:
        """The mode's name as staff read it."""
        return {
            "smart": "Smart",
            "receive": "Receive",
            "check-out": "Check out to patron",
            "patron-return": "Patron return",
            "stacks-search": "Stacks search",
            "pack": "Pack and ship",
        }[self.value]


class Outcome(StrEnum):
    """The kinds of answer a scan can get."""

    ACT = "act"
    PACK = "pack"
    ALREADY_DONE = "already_done"
    WRONG_PATRON = "wrong_patron"
    NOT_READY_TO_SHIP = "not_ready_to_ship"
    NOTHING_TO_DO = "nothing_to_do"
    PAST_DUE = "past_due"  # a check-out of an item already due back: not lent to the patron


@dataclass(frozen=True, slots=True)
class ScannedRequest:
    """What the decision reads of the scanned request."""

    number: str
    direction: Direction
    service: Service
    status: Status
    temp_barcode: str = ""
    patron_card: str = ""  # the card of the patron the request is for ("" for lending)
    patron_due_date: date | None = None  # when the patron must bring it back


@dataclass(frozen=True, slots=True)
class DeskFacts:
    """What the decision reads of the desk."""

    mode: DeskMode = DeskMode.SMART
    patron_card: str = ""  # the patron being served (check-out mode)
    not_found_reason: str = ""  # stacks search: pull slips scanned now are unfilled for this
    receive_due_date: date | None = None  # what staff set for items received now
    receive_restrictions: str = ""
    today: date | None = None  # the desk's day (check-out compares due dates with it)


@dataclass(frozen=True, slots=True)
class ScanDecision:
    """The answer: an outcome, and for `act` the action and the parameters the desk gives it
    (defaults from the partner's terms are filled in later, by the same code for every
    caller); `reason` says in words why nothing happens."""

    outcome: Outcome
    action: Action | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    reason: str = ""


# Items that go out in a package: lent items to the borrower, borrowed ones back to the lender.
READY_TO_SHIP: frozenset[tuple[Direction, Status]] = frozenset(
    {(Direction.LENDING, Status.TO_SHIP), (Direction.BORROWING, Status.RETURNED)}
)


def decide_scan(desk: DeskFacts, request: ScannedRequest) -> ScanDecision:
    """What a scan of `request` does at a desk in `desk`'s mode (see the module docstring)."""
    if desk.mode is DeskMode.PACK:
        if (request.direction, request.status) in READY_TO_SHIP:
            return ScanDecision(Outcome.PACK)
        label = status_label(request.direction, request.status)
        return ScanDecision(Outcome.NOT_READY_TO_SHIP, reason=f"It is “{label}”.")
    if request.status in TERMINAL:
        return ScanDecision(Outcome.ALREADY_DONE)
    what = _action_for_mode(desk, request)
    if not isinstance(what, Action):  # Action is a str too: test for it, not for str
        return ScanDecision(Outcome.NOTHING_TO_DO, reason=what)
    if what is Action.CHECK_OUT and request.patron_card and request.patron_card != desk.patron_card:
        return ScanDecision(Outcome.WRONG_PATRON, what)
    if what is Action.CHECK_OUT and _due_before(request.patron_due_date, desk.today):
        return ScanDecision(Outcome.PAST_DUE, what, reason=_past_due_reason(request))
    return ScanDecision(Outcome.ACT, what, _params(what, desk, request))


def _due_before(due: date | None, today: date | None) -> bool:
    return due is not None and today is not None and due < today


def _past_due_reason(request: ScannedRequest) -> str:
    due = request.patron_due_date
    when = f"{due.day} {due:%b %Y}" if due else ""
    return (
        f"Its due date, {when}, has passed while it waited on the hold shelf, so it was not "
        "checked out. Ask the lender for a renewal (then check it out), or return it."
    )


def _action_for_mode(desk: DeskFacts, request: ScannedRequest) -> Action | str:
    """The action this scan means in this mode, or a sentence saying why there is none."""
    status, mode = request.status, desk.mode
    borrowing = request.direction is Direction.BORROWING
    loan = request.service is Service.LOAN
    if mode in {DeskMode.SMART, DeskMode.RECEIVE}:
        if borrowing and loan and status in {Status.SENT, Status.SHIPPED}:
            return Action.RECEIVE
        if not borrowing and status is Status.ON_LOAN:
            return Action.CHECK_IN
    if mode is DeskMode.SMART:
        if borrowing and status is Status.CHECKED_OUT:
            return Action.PATRON_RETURN
        if not borrowing and status in {Status.PULL_SLIP, Status.STACKS_SEARCH}:
            return Action.FOUND
    if mode is DeskMode.CHECK_OUT:
        if not desk.patron_card:
            return "Scan the patron's card first, then the items."
        if borrowing and status is Status.ON_HOLD_SHELF:
            return Action.CHECK_OUT
    if (
        mode is DeskMode.PATRON_RETURN
        and borrowing
        and status in {Status.CHECKED_OUT, Status.ON_HOLD_SHELF}
    ):
        return Action.PATRON_RETURN
    if (
        mode is DeskMode.STACKS_SEARCH
        and not borrowing
        and status in {Status.PULL_SLIP, Status.STACKS_SEARCH}
    ):
        return Action.UNFILL if desk.not_found_reason else Action.FOUND
    label = status_label(request.direction, status)
    return f"It is “{label}”: nothing to do for it in {mode.label} mode."


def _params(what: Action, desk: DeskFacts, request: ScannedRequest) -> dict[str, Any]:
    """What the desk gives an action: the reason a pull slip was not found; for receiving,
    our barcode (the request number when it has none) and what staff set for the batch."""
    if what is Action.UNFILL:
        return {"reason": desk.not_found_reason}
    if what is not Action.RECEIVE:
        return {}
    params: dict[str, Any] = {"temp_barcode": request.temp_barcode or request.number}
    if desk.receive_due_date is not None:
        params["lender_due_date"] = desk.receive_due_date
    if desk.receive_restrictions:
        params["restrictions"] = desk.receive_restrictions
    return params
