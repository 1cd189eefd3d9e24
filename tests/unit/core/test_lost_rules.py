"""When an item counts as lost, without a database."""

from __future__ import annotations

from datetime import date

from illdesk.core.lost_rules import LostFacts, earliest_dates, lost_because
from illdesk.core.money import MoneySettings
from illdesk.core.request_status import Status
from illdesk.core.vocabulary import Direction

RULES = MoneySettings()  # 120 days (borrowing), 42 (lending), 45 in transit, 90 to search
TODAY = date(2026, 12, 5)
B, L = Direction.BORROWING, Direction.LENDING


def facts(direction, status, *, since=TODAY, lender_due=None, patron_due=None, claimed=None):
    return LostFacts(direction, status, since, lender_due, patron_due, claimed)


def test_overdue_from_the_patron() -> None:
    at_limit = facts(B, Status.CHECKED_OUT, patron_due=date(2026, 8, 7))  # 120 days
    assert lost_because(RULES, at_limit, TODAY) is None
    over = facts(B, Status.CHECKED_OUT, patron_due=date(2026, 8, 6))
    assert lost_because(RULES, over, TODAY) == "121 days overdue from the patron"


def test_in_transit_from_the_lender_and_lent_overdue() -> None:
    assert lost_because(RULES, facts(B, Status.SHIPPED, since=date(2026, 10, 21)), TODAY) is None
    assert "46 days in transit" in str(
        lost_because(RULES, facts(B, Status.SHIPPED, since=date(2026, 10, 20)), TODAY)
    )
    lent = facts(L, Status.ON_LOAN, lender_due=date(2026, 10, 23))
    assert lost_because(RULES, lent, TODAY) == "43 days overdue from the borrowing library"


def test_other_statuses_are_never_lost_by_the_rules() -> None:
    for status in (Status.ON_HOLD_SHELF, Status.RETURNED, Status.LOST):
        old = facts(B, status, since=date(2020, 1, 1), patron_due=date(2020, 1, 1))
        assert lost_because(RULES, old, TODAY) is None


def test_claims_returned_waits_for_the_search_period() -> None:
    due = date(2026, 1, 1)
    searching = facts(B, Status.CHECKED_OUT, patron_due=due, claimed=date(2026, 9, 7))  # 89 d
    assert lost_because(RULES, searching, TODAY) is None
    searched = facts(B, Status.CHECKED_OUT, patron_due=due, claimed=date(2026, 9, 6))  # 90 d
    assert "claimed returned on 2026-09-06, not found since" in str(
        lost_because(RULES, searched, TODAY)
    )


def test_earliest_dates_agree_with_the_rule() -> None:
    patron_due, shipped, lent_due = earliest_dates(RULES, TODAY)
    assert lost_because(RULES, facts(B, Status.CHECKED_OUT, patron_due=patron_due), TODAY)
    assert lost_because(RULES, facts(B, Status.SHIPPED, since=shipped), TODAY)
    assert lost_because(RULES, facts(L, Status.ON_LOAN, lender_due=lent_due), TODAY)
