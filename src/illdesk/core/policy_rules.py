"""Policy rules as data: lending policy (what we lend to whom, for how long, at what charge)
and purchase instead of borrowing. Pure: no database, no Qt.

A rule is a set of conditions (empty: any) and an outcome. Rules are read in order; the first
whose conditions all hold decides. A rule that cannot be evaluated (a value of the wrong kind,
stored by another version or typed by hand into the database) is reported and skipped: it
never stops the rules after it. `problems()` is what saving a rule checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from difflib import get_close_matches
from enum import StrEnum
from typing import Any

from illdesk.core.vocabulary import ReasonUnfilled


class RuleKind(StrEnum):
    LENDING = "lending"
    PURCHASE = "purchase"


class Outcome(StrEnum):
    """What a matching rule does with a request."""

    ACCEPT = "accept"  # lending: straight to pull slips, with loan period, renewals, charge
    REVIEW = "review"  # lending: to Policy review, the rule named
    UNFILLED = "unfilled"  # lending: answer unfilled with an ISO reason
    BUY = "buy"  # borrowing: to the Buy instead queue


OUTCOMES = {
    RuleKind.LENDING: (Outcome.ACCEPT, Outcome.REVIEW, Outcome.UNFILLED),
    RuleKind.PURCHASE: (Outcome.BUY,),
}

# The library groups staff choose from (a partner's group in the directory may be any word).
KNOWN_GROUPS = ("reciprocal", "consortium", "in-state", "out-of-state", "international")


@dataclass(frozen=True, slots=True)
class PolicyRule:
    """One rule. Empty conditions match anything."""

    name: str
    outcome: str
    kind: str = RuleKind.LENDING.value
    libraries: tuple[str, ...] = ()  # partner symbols
    groups: tuple[str, ...] = ()  # partner groups (reciprocal, in-state, ...)
    formats: tuple[str, ...] = ()  # book, article, ...
    services: tuple[str, ...] = ()  # loan, copy
    locations: tuple[str, ...] = ()  # location or collection, matched at the start
    min_age_years: int | None = None  # the item at least this many years old
    max_age_years: int | None = None  # the item at most this many years old
    max_price: Decimal | None = None  # purchase: a price under this limit
    loan_days: int | None = None  # accept: the loan period (else the partner's)
    renewals: int | None = None  # accept: renewals allowed
    charge: Decimal | None = None  # accept: the charge (else the partner's terms)
    reason: str = ""  # unfilled: the ISO 18626 reason
    active: bool = True


@dataclass(frozen=True, slots=True)
class RequestFacts:
    """What the rules look at in a request."""

    library: str = ""  # the partner's symbol
    group: str = ""  # the partner's group
    format: str = ""
    service: str = ""
    location: str = ""  # location and collection, as stored
    published: int | None = None  # year of publication
    price: Decimal | None = None  # a known price (purchase)
    today: date = field(default_factory=date.today)


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the rules say: the rule that decided (None: none matched), why, and the rules
    that could not be evaluated."""

    rule: PolicyRule | None
    why: str
    skipped: tuple[str, ...] = ()

    @property
    def outcome(self) -> Outcome | None:
        return Outcome(self.rule.outcome) if self.rule else None


class RuleError(ValueError):
    """A rule that cannot be evaluated."""


def _words(values: Iterable[Any]) -> tuple[str, ...]:
    if isinstance(values, str):
        raise RuleError(f"“{values}” should be a list")
    return tuple(str(v).strip().lower() for v in values if str(v).strip())


def _matches(rule: PolicyRule, facts: RequestFacts) -> tuple[bool, str]:
    """Whether every condition of the rule holds, and in words which ones did."""
    said: list[str] = []
    for name, value, given in (
        ("library", rule.libraries, facts.library),
        ("group", rule.groups, facts.group),
        ("format", rule.formats, facts.format),
        ("service", rule.services, facts.service),
    ):
        wanted = _words(value)
        if wanted:
            if given.strip().lower() not in wanted:
                return False, ""
            said.append(f"{name} is {given}")
    places = _words(rule.locations)
    if places:
        where = facts.location.strip().lower()
        if not any(where.startswith(p) for p in places):
            return False, ""
        said.append(f"location {facts.location}")
    for bound, name in ((rule.min_age_years, "min"), (rule.max_age_years, "max")):
        if bound is None:
            continue
        if not isinstance(bound, int) or isinstance(bound, bool):
            raise RuleError(f"the age limit “{bound}” is not a number of years")
        if facts.published is None:
            return False, ""
        age = facts.today.year - facts.published
        if (name == "min" and age < bound) or (name == "max" and age > bound):
            return False, ""
        said.append(f"published {facts.published} ({age} years old)")
    if rule.max_price is not None:
        limit = Decimal(str(rule.max_price))
        if facts.price is None or facts.price >= limit:
            return False, ""
        said.append(f"price {facts.price} under {limit}")
    return True, ", ".join(said) or "it applies to every request"


def evaluate(rules: Sequence[PolicyRule], facts: RequestFacts, kind: RuleKind) -> Verdict:
    """The first active rule of `kind` whose conditions hold, and why; a rule that cannot be
    evaluated is named in `skipped` and the next is tried."""
    skipped: list[str] = []
    for rule in rules:
        try:
            if rule.kind != kind.value or not rule.active:
                continue
            Outcome(rule.outcome)
            hit, why = _matches(rule, facts)
        except (RuleError, ValueError, TypeError, InvalidOperation, AttributeError) as exc:
            skipped.append(f"Rule “{rule.name}” could not be evaluated and was skipped: {exc}.")
            continue
        if hit:
            return Verdict(rule, f"Rule “{rule.name}” matched: {why}.", tuple(skipped))
    return Verdict(None, "No rule matched.", tuple(skipped))


def problems(rule: PolicyRule) -> list[str]:
    """What is wrong with a rule, in words (empty: it can be saved)."""
    found: list[str] = []
    if not rule.name.strip():
        found.append("A rule needs a name.")
    try:
        kind = RuleKind(rule.kind)
    except ValueError:
        return [*found, f"“{rule.kind}” is not a kind of rule (lending or purchase)."]
    try:
        outcome = Outcome(rule.outcome)
    except ValueError:
        return [*found, f"“{rule.outcome}” is not an outcome."]
    if outcome not in OUTCOMES[kind]:
        allowed = ", ".join(o.value for o in OUTCOMES[kind])
        found.append(f"A {kind.value} rule's outcome is one of: {allowed}.")
    if outcome is Outcome.UNFILLED:
        try:
            ReasonUnfilled(rule.reason)
        except ValueError:
            found.append("An unfilled answer needs an ISO reason (e.g. NonCirculating).")
    for name in ("min_age_years", "max_age_years", "loan_days", "renewals"):
        value = getattr(rule, name)
        if value is not None and (not isinstance(value, int) or value < 0):
            found.append(
                f"{name.replace('_', ' ').capitalize()} must be a whole number, 0 or more."
            )
    if (
        isinstance(rule.min_age_years, int)
        and isinstance(rule.max_age_years, int)
        and rule.min_age_years > rule.max_age_years
    ):
        found.append("The minimum age is above the maximum age: the rule could never match.")
    for name in ("charge", "max_price"):
        value = getattr(rule, name)
        if value is not None and (not isinstance(value, Decimal) or value < 0):
            found.append(f"The {name.replace('_', ' ')} must be an amount, 0 or more.")
    return found


def group_problems(rule: PolicyRule, known: Iterable[str]) -> list[str]:
    """The library groups a rule names that are not known (the usual groups and those of the
    directory's libraries), each in words with the nearest known group; empty: all known.
    A misspelt group would never match, so the rule would silently do nothing."""
    choices = sorted({g.strip().lower() for g in (*KNOWN_GROUPS, *known) if g.strip()})
    found = []
    for group in _words(rule.groups) if isinstance(rule.groups, tuple) else ():
        if group in choices:
            continue
        near = get_close_matches(group, choices, n=1, cutoff=0.6)
        hint = f" Did you mean “{near[0]}”?" if near else ""
        found.append(
            f"“{group}” is not a library group, so the rule would never match it.{hint} "
            f"Known groups: {', '.join(choices)} (a library's group is set in the directory)."
        )
    return found


# ---------------------------------------------------------------- as stored (JSON)

_TUPLES = {"libraries", "groups", "formats", "services", "locations"}
_DECIMALS = {"charge", "max_price"}


def to_json(rule: PolicyRule) -> dict[str, Any]:
    """A rule as a JSON object (amounts as text, exact)."""
    out: dict[str, Any] = {}
    for f in fields(PolicyRule):
        value = getattr(rule, f.name)
        if isinstance(value, Decimal):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        out[f.name] = value
    return out


def from_json(data: Mapping[str, Any]) -> PolicyRule:
    """A rule from its JSON object. Values are taken as stored: a value of the wrong kind
    makes a rule `evaluate` reports and skips, never an exception here."""
    known = {f.name for f in fields(PolicyRule)}
    values: dict[str, Any] = {}
    for key, stored in data.items():
        if key in known:
            values[key] = _typed(key, stored)
    values.setdefault("name", "(no name)")
    values.setdefault("outcome", "")
    return PolicyRule(**values)


def _typed(key: str, stored: Any) -> Any:
    """A stored value with the type its field wants, where it converts; else as stored."""
    if key in _TUPLES and isinstance(stored, list):
        return tuple(stored)
    if key in _DECIMALS and isinstance(stored, str):
        try:
            return Decimal(stored)
        except InvalidOperation:
            return stored  # left as text: reported when evaluated
    return stored


def describe(rule: PolicyRule) -> str:
    """A rule in one line for lists: its conditions and outcome."""
    parts = []
    for label, value in (
        ("library", rule.libraries),
        ("group", rule.groups),
        ("format", rule.formats),
        ("service", rule.services),
        ("location", rule.locations),
    ):
        if value:
            parts.append(f"{label} {'/'.join(str(v) for v in value)}")
    if rule.min_age_years is not None:
        parts.append(f"at least {rule.min_age_years} years old")
    if rule.max_age_years is not None:
        parts.append(f"at most {rule.max_age_years} years old")
    if rule.max_price is not None:
        parts.append(f"price under {rule.max_price}")
    when = ", ".join(parts) or "any request"
    then = rule.outcome
    if rule.outcome == Outcome.ACCEPT.value:
        terms = [
            f"{rule.loan_days} days" if rule.loan_days is not None else "",
            f"{rule.renewals} renewal(s)" if rule.renewals is not None else "",
            f"charge {rule.charge}" if rule.charge is not None else "",
        ]
        then = "accept" + (f" ({', '.join(t for t in terms if t)})" if any(terms) else "")
    elif rule.outcome == Outcome.UNFILLED.value:
        then = f"unfilled: {rule.reason}"
    elif rule.outcome == Outcome.REVIEW.value:
        then = "policy review"
    return f"{when} → {then}" + ("" if rule.active else " (off)")
