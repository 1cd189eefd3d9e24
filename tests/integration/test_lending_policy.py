"""Lending policy on a real database: a new lending request is routed on arrival (entered or
imported) with the rule named, a broken rule is skipped, the accepting rule's loan period is
used at shipping, and only a supervisor edits rules."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from illdesk.core.policy_rules import PolicyRule
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, ServiceError
from illdesk.services.rules import policy
from illdesk.store.policy_schema import PolicyRuleRow
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor
from tests.integration.helpers import lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def status(uow, number: str) -> str:
    return requests.get_detail(uow(), number).state.status.value


def test_without_rules_a_lending_request_waits_in_new(uow) -> None:
    assert status(uow, lend(uow).number) == "new"


def test_arrival_goes_to_pull_slips_or_policy_review_with_the_rule_named(uow) -> None:
    policy.save_rule(
        uow(),
        PolicyRule(
            "Nationals pay and get 21 days",
            "accept",
            groups=("national",),
            loan_days=21,
            renewals=0,
            charge=Decimal("20.00"),
        ),
    )
    policy.save_rule(uow(), PolicyRule("Reference stays", "review", locations=("reference",)))
    accepted = lend(uow)  # WAU is "national", location Main stacks
    detail = requests.get_detail(uow(), accepted.number)
    assert detail.state.status.value == "pull_slip" and detail.state.charge == Decimal("20.00")
    history = " ".join(e.summary for e in detail.history)
    assert "Lending rule “Nationals pay and get 21 days”" in history
    for action in ("print_pull_slip", "found"):
        requests.perform(uow(), accepted.number, action)
    shipped = requests.perform(uow(), accepted.number, "ship")
    due = requests.get_detail(uow(), accepted.number).state.lender_due_date
    assert shipped.to_status == "on_loan" and due is not None
    with uow() as w:
        today = w.today()
    assert 21 <= (due - today).days <= 24  # 21 days, moved past a closed day at most
    # a request the first rule does not take goes to review, the rule named in its note
    policy.save_rule(uow(), PolicyRule("Everything else reviewed", "review"))
    with uow() as w:
        w.session.execute(
            sa.update(PolicyRuleRow)
            .where(PolicyRuleRow.position == 1)
            .values(definition={"outcome": "accept", "groups": ["nobody"]})
        )
        w.commit()
    reviewed = lend(uow, "Another quilt book")
    detail = requests.get_detail(uow(), reviewed.number)
    assert detail.state.status.value == "policy_review"
    assert "Everything else reviewed" in detail.state.note


def test_a_broken_rule_is_skipped_and_the_others_still_route(uow) -> None:
    policy.save_rule(uow(), PolicyRule("Old ones", "review", min_age_years=50))
    policy.save_rule(uow(), PolicyRule("All others unfilled", "unfilled", reason="NonCirculating"))
    with uow() as w:  # another version (or a hand edit) stored what this one cannot read
        w.session.execute(
            sa.update(PolicyRuleRow)
            .where(PolicyRuleRow.position == 1)
            .values(definition={"outcome": "review", "min_age_years": "fifty"})
        )
        w.commit()
    listed = policy.list_rules(uow())
    assert listed[0].problems
    number = lend(uow).number
    detail = requests.get_detail(uow(), number)
    assert (detail.state.status.value, detail.state.reason) == ("unfilled", "NonCirculating")
    verdict = policy.check(uow(), number)
    assert verdict.skipped and "Old ones" in verdict.skipped[0]


def test_rules_are_validated_and_need_a_supervisor(uow) -> None:
    with pytest.raises(InvalidInput, match="ISO reason"):
        policy.save_rule(uow(), PolicyRule("No reason", "unfilled"))
    directory.add_staff(uow(), "Sam Student", "SS")
    with uow() as w:
        sam = w.session.scalars(sa.select(Staff).where(Staff.name == "Sam Student")).one()
        sam_id = sam.id
    with pytest.raises(ServiceError, match="supervisor"):
        policy.save_rule(uow(Actor(sam_id, "Sam Student", "DESK-1")), PolicyRule("X", "review"))
    with uow() as w:
        w.session.execute(sa.update(Staff).where(Staff.id == sam_id).values(role="supervisor"))
        w.commit()
    policy.save_rule(uow(Actor(sam_id, "Sam Student", "DESK-1")), PolicyRule("X", "review"))
    assert [r.rule.name for r in policy.list_rules(uow())] == ["X"]


def test_a_misspelt_group_is_refused_in_words_and_nothing_is_saved(uow) -> None:
    with pytest.raises(InvalidInput, match="“natonal” is not a library group") as refused:
        policy.save_rule(uow(), PolicyRule("Nationals", "review", groups=("natonal",)))
    assert "Did you mean “national”?" in str(refused.value)
    assert "Nothing was saved" in str(refused.value)
    assert policy.list_rules(uow()) == []
    # a group of the directory and one of the usual groups are both accepted
    policy.save_rule(uow(), PolicyRule("Nationals", "review", groups=("national", "in-state")))
    assert [r.rule.groups for r in policy.list_rules(uow())] == [("national", "in-state")]
