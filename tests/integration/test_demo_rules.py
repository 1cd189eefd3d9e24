"""The demo shows the rules at work: copies past the rule of five (one paid for), a lending
policy that routed requests on arrival, a purchase, and a correctional facility with its
people and restrictions, whose hardcover is refused at check-out with the rule named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from illdesk.core.policy_rules import RuleKind
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.admin.demo_rules import FACILITY, OVER_FIVE_JOURNAL
from illdesk.services.desk import requests
from illdesk.services.errors import InvalidInput
from illdesk.services.rules import copyright as counts
from illdesk.services.rules import copyright_decisions, facilities, policy, purchase
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork

NOW = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)


def test_the_demo_shows_every_rule_at_work(db) -> None:
    made = make_demo(db, size=DemoSize(libraries=8, patrons=30, requests=200, months=3), now=NOW)
    assert made["requests"] == 200
    read = lambda: UnitOfWork(db, read_only=True)  # noqa: E731
    # the rule of five: more than five from one journal this year, one already paid for
    journal = counts.count(read(), OVER_FIVE_JOURNAL[1], 2026)
    assert journal.counted > 5
    (line,) = [r for r in copyright_decisions.report(read(), 2026) if r.issn == journal.key[5:]]
    assert line.over_five >= 1
    waiting = copyright_decisions.clearance_list(read())
    assert any("over the five" in w.suggestion for w in waiting)
    # a lending policy, and requests it routed on arrival with the rule named
    lending = policy.list_rules(read(), RuleKind.LENDING)
    assert len(lending) >= 4 and not any(r.problems for r in lending)
    with read() as uow:
        routed = dict(
            uow.session.execute(
                sa.select(Request.title, Request.status).where(
                    Request.lender_reference.like("%-000_")
                )
            ).all()
        )
    assert set(routed.values()) >= {"pull_slip", "policy_review", "unfilled"}
    # a purchase with its order
    bought = [line for line in purchase.queue(read()) if line.vendor]
    assert bought and bought[0].price is not None
    # a facility with people, restrictions, and a hardcover refused at check-out
    facility = facilities.get_facility(read(), FACILITY)
    assert facility.people >= 1 and facility.rules.no_hardcover
    with read() as uow:
        number = uow.session.scalars(
            sa.select(Request.number).where(Request.title == "The Orchard Keeper's Year")
        ).one()
    with pytest.raises(InvalidInput, match="no hardcovers"):
        requests.perform(UnitOfWork(db), number, "check_out")


def test_a_small_demo_has_the_rules_but_no_extra_requests(db) -> None:
    made = make_demo(db, size=DemoSize(libraries=4, patrons=6, requests=30, months=2), now=NOW)
    assert made["requests"] == 30
    read = UnitOfWork(db, read_only=True)
    assert policy.list_rules(read, RuleKind.LENDING)
    assert facilities.get_facility(UnitOfWork(db, read_only=True), FACILITY).people >= 1
