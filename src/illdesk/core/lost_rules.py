"""When an item counts as lost, by the library's money rules (pure, no database).

- A borrowed item the patron has not brought back: `lost_after_days_overdue_borrowing` days
  after the patron's due date.
- A borrowed item in transit to us that never arrived: `lost_after_days_in_transit` days after
  the lender shipped it.
- An item we lent that the borrowing library has not returned: `lost_after_days_overdue_lending`
  days after its due date.
- A patron who says they returned the item ("claims returned") is not billed while the item is
  searched for: `claims_returned_search_days` from the day of the claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from illdesk.core.money import MoneySettings
from illdesk.core.request_status import Status
from illdesk.core.vocabulary import Direction

# The event a "claims returned" leaves on the request (it changes no field).
CLAIMS_RETURNED = "claims_returned"


@dataclass(frozen=True, slots=True)
class LostFacts:
    """What the rule needs to know of one request."""

    direction: Direction
    status: Status
    status_since: date
    lender_due_date: date | None
    patron_due_date: date | None
    claimed_returned_on: date | None = None


def lost_because(settings: MoneySettings, facts: LostFacts, today: date) -> str | None:
    """Why the request counts as lost today, in words for its history; None if it does not."""
    reason = _overdue_or_missing(settings, facts, today)
    if reason is None:
        return None
    if facts.claimed_returned_on is not None:
        searched_until = facts.claimed_returned_on + timedelta(
            days=settings.claims_returned_search_days
        )
        if today < searched_until:
            return None
        return f"{reason}; claimed returned on {facts.claimed_returned_on}, not found since"
    return reason


def _overdue_or_missing(settings: MoneySettings, facts: LostFacts, today: date) -> str | None:
    if facts.direction is Direction.BORROWING:
        if facts.status is Status.CHECKED_OUT and facts.patron_due_date is not None:
            late = (today - facts.patron_due_date).days
            if late > settings.lost_after_days_overdue_borrowing:
                return f"{late} days overdue from the patron"
        if facts.status is Status.SHIPPED:
            travelling = (today - facts.status_since).days
            if travelling > settings.lost_after_days_in_transit:
                return f"{travelling} days in transit from the lender"
        return None
    if facts.status is Status.ON_LOAN and facts.lender_due_date is not None:
        late = (today - facts.lender_due_date).days
        if late > settings.lost_after_days_overdue_lending:
            return f"{late} days overdue from the borrowing library"
    return None


def earliest_dates(settings: MoneySettings, today: date) -> tuple[date, date, date]:
    """The latest patron due date, shipping day and lending due date that can count as lost
    today (for the database to pick candidates by index): (patron due, shipped, lent due)."""
    return (
        today - timedelta(days=settings.lost_after_days_overdue_borrowing + 1),
        today - timedelta(days=settings.lost_after_days_in_transit + 1),
        today - timedelta(days=settings.lost_after_days_overdue_lending + 1),
    )
