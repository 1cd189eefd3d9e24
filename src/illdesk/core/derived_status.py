"""What a request's state says without being a status: overdue, and the ISO 18626 status a
supplying library reports."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from illdesk.core.request_state import RequestState
from illdesk.core.request_status import Action, Status
from illdesk.core.vocabulary import (
    Direction,
    Service,
)


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
