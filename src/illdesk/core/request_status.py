"""A request's statuses and actions, with the words staff read for them."""

from __future__ import annotations

from enum import StrEnum

from illdesk.core.vocabulary import (
    Direction,
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
    PURCHASE_ARRIVED = "purchase_arrived"  # the bought item came: to the patron like a loan
    TO_COLLECTION = "to_collection"  # a bought item the patron returned goes to the shelves
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
    CHECK_OUT_OVERRIDE = "check_out_override"  # a supervisor lets a refused item go
    PATRON_RETURN = "patron_return"
    RETURN_TO_LENDER = "return_to_lender"
    PURCHASE = "purchase"
    PURCHASE_ARRIVED = "purchase_arrived"  # the bought item came: to the patron like a loan
    TO_COLLECTION = "to_collection"  # a bought item the patron returned goes to the shelves
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
    SHIP_OVERRIDE = "ship_override"  # a supervisor lets a loan a facility refuses go
    SEND_COPY = "send_copy"
    CHECK_IN = "check_in"
    # both
    RENEW_ASK = "renew_ask"
    RENEW_APPROVED = "renew_approved"
    RENEW_DENIED = "renew_denied"
    RECALL = "recall"
    MARK_LOST = "mark_lost"
    LOST_FOUND = "lost_found"
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
    Action.CHECK_OUT_OVERRIDE: "Check out anyway (supervisor's override)",
    Action.PATRON_RETURN: "Patron return",
    Action.RETURN_TO_LENDER: "Return to lender",
    Action.PURCHASE: "Refer for purchase",
    Action.PURCHASE_ARRIVED: "Bought item arrived",
    Action.TO_COLLECTION: "Add to the collection",
    Action.POLICY_REVIEW: "Send to policy review",
    Action.ACCEPT: "Accept (will supply)",
    Action.OFFER_CONDITIONS: "Offer conditions",
    Action.CONDITIONS_ACCEPTED: "Borrower accepted conditions",
    Action.CONDITIONS_REJECTED: "Borrower rejected conditions",
    Action.PRINT_PULL_SLIP: "Pull slip printed",
    Action.FOUND: "Found on shelf",
    Action.UNFILL: "Unfilled",
    Action.SHIP: "Ship",
    Action.SHIP_OVERRIDE: "Ship anyway (supervisor's override)",
    Action.SEND_COPY: "Send copy",
    Action.CHECK_IN: "Check in",
    Action.RENEW_ASK: "Renewal asked",
    Action.RENEW_APPROVED: "Renewal approved",
    Action.RENEW_DENIED: "Renewal denied",
    Action.RECALL: "Recall",
    Action.MARK_LOST: "Mark lost",
    Action.LOST_FOUND: "Lost item found",
    Action.MARK_DAMAGED: "Mark damaged",
    Action.CHANGE_DUE_DATE: "Change due date",
    Action.CANCEL: "Cancel",
    Action.UNDO: "Undo",
}
