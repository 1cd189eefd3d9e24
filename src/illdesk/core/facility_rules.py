"""What a correctional facility may receive, and its circulation limits. Pure.

A facility's rules are stored as a JSON object on the facility (`facilities.restrictions`);
`FacilityRules.from_json` reads it, taking defaults for what is missing and ignoring what it
does not know, so a rule added later needs no migration. `refusals` says, in words naming the
rule, why an item may not go in; `instructions` says what must be done before it goes (discs
removed). An inmate number is checked against the facility's format (for New York State DOCCS:
two-digit year, letter, four digits, `98-A-0004`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

DOCCS_NUMBER = r"^\d{2}-[A-Z]-\d{4}$"

# Words in an item's description that tell its binding and parts.
_HARDCOVER = re.compile(r"\b(hard ?cover|hard ?back|hardbound|cloth(bound)?|hbk)\b", re.I)
_PAPERBACK = re.compile(r"\b(paper ?back|soft ?cover|paperbound|pbk|trade paper)\b", re.I)
_SPIRAL = re.compile(r"\b(spiral|wire[- ]?(o|bound)?|comb[- ]?bound|metal|ring[- ]?bound)\b", re.I)
_DISC = re.compile(r"\b(cd(-rom)?s?|dvds?|discs?|disks?|accompanying media)\b", re.I)
_NEW = re.compile(r"\bnew (item|video|book|arrival)s?\b", re.I)
_PERIODICAL_FORMATS = {"article", "journal", "periodical", "magazine", "serial"}


@dataclass(frozen=True, slots=True)
class FacilityRules:
    """A facility's own rules (the NY systems' terms are the defaults' model)."""

    loan_days: int = 42  # including transit both ways
    renewals: int = 1
    max_items_out: int = 400
    max_holds: int = 200
    block_overdue: int = 50  # blocked at this many items overdue
    block_owed: Decimal = Decimal("100.00")  # ... or this much owed
    delivery_day: str = ""  # e.g. Tuesday
    no_hardcover: bool = False
    paperback_only: bool = False
    no_spiral_or_metal: bool = False
    discs_removed: bool = False
    no_periodicals: bool = False
    no_new_items: bool = False
    new_item_months: int = 12  # what "new" means when no_new_items

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> FacilityRules:
        """The rules stored on a facility; defaults for what is missing or unreadable."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            if not data or f.name not in data:
                continue
            default = getattr(cls(), f.name)
            raw = data[f.name]
            try:
                if isinstance(default, bool):
                    values[f.name] = bool(raw)
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif isinstance(default, Decimal):
                    values[f.name] = Decimal(str(raw))
                else:
                    values[f.name] = str(raw)
            except (ValueError, TypeError, InvalidOperation):
                continue
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f.name] = str(value) if isinstance(value, Decimal) else value
        return out

    def problems(self) -> list[str]:
        """What cannot work, in words (empty: it can be saved)."""
        found = []
        if not 1 <= self.loan_days <= 365:
            found.append("The loan period is 1 to 365 days.")
        for name in ("renewals", "max_items_out", "max_holds", "block_overdue", "new_item_months"):
            if getattr(self, name) < 0:
                found.append(f"{name.replace('_', ' ').capitalize()} cannot be negative.")
        if self.block_owed < 0:
            found.append("The amount that blocks cannot be negative.")
        return found


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What the rules look at in an item going to a facility."""

    format: str = ""
    description: str = ""  # edition, restrictions, notes: where binding and discs are noted
    published: int | None = None
    today: date | None = None


def refusals(rules: FacilityRules, item: ItemFacts, facility: str = "The facility") -> list[str]:
    """Why the item may not go to the facility, one sentence per rule broken (empty: it may)."""
    text = item.description or ""
    out: list[str] = []
    if rules.no_periodicals and item.format.lower() in _PERIODICAL_FORMATS:
        out.append(f"{facility} takes no periodicals (rule “no periodicals”).")
    if rules.paperback_only and not _PAPERBACK.search(text):
        why = "it is a hardcover" if _HARDCOVER.search(text) else "it is not noted as a paperback"
        out.append(f"{facility} takes paperbacks only, and {why} (rule “paperback only”).")
    elif rules.no_hardcover and _HARDCOVER.search(text):
        out.append(f"{facility} takes no hardcovers (rule “no hardcovers”).")
    if rules.no_spiral_or_metal and _SPIRAL.search(text):
        out.append(f"{facility} takes no spiral or metal bindings (rule “no spiral or metal”).")
    if rules.no_new_items and _is_new(rules, item):
        out.append(f"{facility} takes no new items (rule “no new items”).")
    return out


def _is_new(rules: FacilityRules, item: ItemFacts) -> bool:
    if _NEW.search(item.description or ""):
        return True
    if item.published is None or item.today is None:
        return False
    months = (item.today.year - item.published) * 12 + item.today.month - 1
    return months < rules.new_item_months


def instructions(rules: FacilityRules, item: ItemFacts) -> list[str]:
    """What must be done before the item goes in."""
    if rules.discs_removed and _DISC.search(item.description or ""):
        return ["Remove the discs before it goes (rule “discs removed”)."]
    return []


def limits_refusal(
    rules: FacilityRules, items_out: int, overdue: int, owed: Decimal, facility: str
) -> str:
    """Why the facility may take nothing more now (its limits and blocks), or ""."""
    if overdue >= rules.block_overdue > 0:
        return (
            f"{facility} is blocked: {overdue} items overdue (the block is {rules.block_overdue})."
        )
    if rules.block_owed > 0 and owed >= rules.block_owed:
        return f"{facility} is blocked: {owed} owed (the block is {rules.block_owed})."
    if items_out >= rules.max_items_out > 0:
        return f"{facility} has {items_out} items out, its limit (rule “items out”)."
    return ""


def inmate_number_problem(number: str, pattern: str) -> str:
    """Why an inmate number does not fit the facility's format ("" when it does)."""
    number = number.strip()
    if not number:
        return "A person inside a facility needs their inmate number."
    if not pattern:
        return ""
    try:
        fits = re.fullmatch(pattern.strip("^$"), number) is not None
    except re.error:
        return ""  # a broken format is the facility record's problem, not this person's
    if fits:
        return ""
    example = " (for example 98-A-0004)" if pattern == DOCCS_NUMBER else ""
    return f"“{number}” is not an inmate number of this facility's form{example}."
