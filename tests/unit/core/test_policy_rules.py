"""Lending and purchase rules evaluated in core, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from illdesk.core import policy_rules as rules
from illdesk.core.policy_rules import Outcome, PolicyRule, RequestFacts, RuleKind

LENDING = RuleKind.LENDING
FACTS = RequestFacts(
    library="ORE",
    group="reciprocal",
    format="book",
    service="loan",
    location="Special Collections",
    published=2025,
    today=date(2026, 3, 2),
)

SPECIAL = PolicyRule(
    "Special collections stay home", "unfilled", locations=("special",), reason="NonCirculating"
)
PARTNERS = PolicyRule(
    "Reciprocal partners free",
    "accept",
    groups=("reciprocal",),
    loan_days=42,
    renewals=1,
    charge=Decimal("0"),
)
EVERYONE = PolicyRule("Everyone else: review", "review")


def test_first_matching_rule_decides_and_says_why() -> None:
    got = rules.evaluate([SPECIAL, PARTNERS, EVERYONE], FACTS, LENDING)
    assert got.rule is SPECIAL and got.outcome is Outcome.UNFILLED
    assert "Special collections stay home" in got.why and "location" in got.why
    stacks = RequestFacts(library="ORE", group="reciprocal", format="book", location="Stacks")
    assert rules.evaluate([SPECIAL, PARTNERS, EVERYONE], stacks, LENDING).rule is PARTNERS
    other = RequestFacts(library="XYZ", group="international", location="Stacks")
    assert rules.evaluate([SPECIAL, PARTNERS, EVERYONE], other, LENDING).rule is EVERYONE


def test_a_broken_rule_is_reported_and_skipped_while_the_others_apply() -> None:
    broken = PolicyRule("Old books", "accept", min_age_years="ten")  # type: ignore[arg-type]
    got = rules.evaluate([broken, PARTNERS], FACTS, LENDING)
    assert got.rule is PARTNERS
    assert len(got.skipped) == 1 and "Old books" in got.skipped[0]
    unknown = rules.from_json({"name": "Typo", "outcome": "acept"})
    assert rules.evaluate([unknown, EVERYONE], FACTS, LENDING).rule is EVERYONE


def test_age_limits_off_and_kinds() -> None:
    new_only = PolicyRule("New books", "review", max_age_years=2)
    old_only = PolicyRule("Old books", "review", min_age_years=50)
    assert rules.evaluate([old_only, new_only], FACTS, LENDING).rule is new_only
    assert rules.evaluate([old_only], RequestFacts(), LENDING).rule is None  # year unknown
    off = PolicyRule("Off", "review", active=False)
    assert rules.evaluate([off], FACTS, LENDING).rule is None
    buy = PolicyRule(
        "Buy new books",
        "buy",
        kind="purchase",
        formats=("book",),
        max_age_years=2,
        max_price=Decimal("40"),
    )
    cheap = RequestFacts(
        format="book", published=2025, price=Decimal("25.00"), today=date(2026, 3, 2)
    )
    assert rules.evaluate([buy], cheap, RuleKind.PURCHASE).rule is buy
    assert rules.evaluate([buy], cheap, LENDING).rule is None
    dear = RequestFacts(format="book", published=2025, price=Decimal("40"), today=cheap.today)
    assert rules.evaluate([buy], dear, RuleKind.PURCHASE).rule is None


def test_rules_are_validated_when_saved() -> None:
    assert rules.problems(PARTNERS) == []
    assert rules.problems(PolicyRule("", "accept")) == ["A rule needs a name."]
    assert "ISO reason" in rules.problems(PolicyRule("No", "unfilled"))[0]
    assert "outcome is one of" in rules.problems(PolicyRule("X", "buy"))[0]
    assert (
        "never match"
        in rules.problems(PolicyRule("X", "review", min_age_years=10, max_age_years=2))[0]
    )
    assert "whole number" in rules.problems(PolicyRule("X", "accept", loan_days=-1))[0]


def test_json_round_trip_keeps_amounts_exact() -> None:
    again = rules.from_json(rules.to_json(PARTNERS))
    assert again == PARTNERS and again.charge == Decimal("0")
    assert "accept (42 days, 1 renewal(s), charge 0)" in rules.describe(PARTNERS)


def test_a_misspelt_library_group_is_named_with_the_nearest_known_one() -> None:
    typo = PolicyRule("Neighbours", "accept", groups=("instate",))
    said = rules.group_problems(typo, known=["national"])
    assert len(said) == 1
    assert "“instate” is not a library group" in said[0] and "“in-state”" in said[0]
    assert "national" in said[0]  # the directory's own groups are offered too
    assert rules.group_problems(PolicyRule("N", "accept", groups=("National",)), ["national"]) == []
    assert rules.group_problems(PolicyRule("U", "accept", groups=("in-state",)), []) == []
    far = rules.group_problems(PolicyRule("F", "accept", groups=("zzz",)), [])
    assert far and "Did you mean" not in far[0]
