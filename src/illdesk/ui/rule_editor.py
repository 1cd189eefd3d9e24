"""The fields of one lending or purchase rule, as a supervisor edits them.

`rule()` reads the fields into a `core.policy_rules.PolicyRule`, or says in words what is
wrong with what was typed (a number that is not one); whether the rule can work is the
service's check when it is saved (`core.policy_rules.problems`).
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QWidget

from illdesk.core.policy_rules import KNOWN_GROUPS, OUTCOMES, Outcome, PolicyRule, RuleKind
from illdesk.core.vocabulary import Format, ReasonUnfilled, Service
from illdesk.ui.edit_dialog import parse_money

OUTCOME_WORDS = {
    Outcome.ACCEPT: "Accept: straight to pull slips",
    Outcome.REVIEW: "Send to Policy review, the rule named",
    Outcome.UNFILLED: "Answer unfilled with an ISO reason",
    Outcome.BUY: "Buy instead of borrowing",
}
LISTS = (
    ("libraries", "Requesting libraries", "symbols, e.g. ORE, WAU (empty: any)"),
    ("groups", "Library groups", f"e.g. {', '.join(KNOWN_GROUPS[:3])} (empty: any)"),
    ("formats", "Formats", f"e.g. {Format.BOOK.value}, {Format.ARTICLE.value} (empty: any)"),
    ("services", "Services", f"{Service.LOAN.value} or {Service.COPY.value} (empty: any)"),
    ("locations", "Locations or collections", "start of the location, e.g. Special (empty: any)"),
)
NUMBERS = (
    ("min_age_years", "Item at least (years old)"),
    ("max_age_years", "Item at most (years old)"),
    ("loan_days", "Loan period (days)"),
    ("renewals", "Renewals allowed"),
)
AMOUNTS = (("max_price", "Price under (purchase)"), ("charge", "Charge (accept)"))


def _whole_number(text: str, label: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValueError(f"{label}: “{text}” is not a whole number (for example 28).")
    return int(text)


class RuleEditor(QWidget):
    """Name, conditions and outcome of one rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = RuleKind.LENDING
        self.name = QLineEdit()
        self.name.setAccessibleName("Rule name")
        self.outcome = QComboBox()
        self.outcome.setAccessibleName("What the rule does")
        self.reason = QComboBox()
        self.reason.setAccessibleName("ISO reason for an unfilled answer")
        self.reason.addItem("(no reason)", "")
        for reason in ReasonUnfilled:
            self.reason.addItem(reason.label, reason.value)
        self.active = QCheckBox("Rule in use")
        self.active.setChecked(True)
        self.lists: dict[str, QLineEdit] = {}
        self.numbers: dict[str, QLineEdit] = {}
        self.amounts: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        for key, label, hint in LISTS:
            self.lists[key] = self._edit(label, hint)
            form.addRow(f"{label}:", self.lists[key])
        for key, label in NUMBERS:
            self.numbers[key] = self._edit(label, "empty: no limit" if "age" in key else "")
        for key, label in AMOUNTS:
            self.amounts[key] = self._edit(label, "e.g. 50.00")
        form.addRow(f"{NUMBERS[0][1]}:", self.numbers["min_age_years"])
        form.addRow(f"{NUMBERS[1][1]}:", self.numbers["max_age_years"])
        form.addRow(f"{AMOUNTS[0][1]}:", self.amounts["max_price"])
        form.addRow("&Outcome:", self.outcome)
        form.addRow(f"{NUMBERS[2][1]}:", self.numbers["loan_days"])
        form.addRow(f"{NUMBERS[3][1]}:", self.numbers["renewals"])
        form.addRow(f"{AMOUNTS[1][1]}:", self.amounts["charge"])
        form.addRow("ISO reason:", self.reason)
        form.addRow(self.active)
        self.set_kind(RuleKind.LENDING)

    @staticmethod
    def _edit(label: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(label)
        edit.setPlaceholderText(hint)
        return edit

    def set_kind(self, kind: RuleKind) -> None:
        """Offer the outcomes of this kind of rule."""
        self.kind = kind
        self.outcome.clear()
        for outcome in OUTCOMES[kind]:
            self.outcome.addItem(OUTCOME_WORDS[outcome], outcome.value)

    def clear(self) -> None:
        """An empty rule, ready to be written."""
        for edit in (*self.lists.values(), *self.numbers.values(), *self.amounts.values()):
            edit.clear()
        self.name.clear()
        self.outcome.setCurrentIndex(0)
        self.reason.setCurrentIndex(0)
        self.active.setChecked(True)

    def show_rule(self, rule: PolicyRule) -> None:
        """Fill the fields from a stored rule (values of the wrong kind shown as stored)."""
        self.set_kind(RuleKind(rule.kind))
        self.name.setText(rule.name)
        for key, edit in self.lists.items():
            value = getattr(rule, key)
            edit.setText(", ".join(str(v) for v in value) if isinstance(value, tuple) else "")
        for key, edit in (*self.numbers.items(), *self.amounts.items()):
            value = getattr(rule, key)
            edit.setText("" if value is None else str(value))
        index = self.outcome.findData(rule.outcome)
        self.outcome.setCurrentIndex(max(index, 0))
        self.reason.setCurrentIndex(max(self.reason.findData(rule.reason), 0))
        self.active.setChecked(bool(rule.active))

    def rule(self) -> PolicyRule:
        """The rule as typed; ValueError in words for a field that cannot be read."""
        numbers = {key: _whole_number(self.numbers[key].text(), label) for key, label in NUMBERS}
        amounts: dict[str, Decimal | None] = {}
        for key, label in AMOUNTS:
            try:
                amounts[key] = parse_money(self.amounts[key].text())
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from exc
        lists = {
            key: tuple(part.strip() for part in edit.text().split(",") if part.strip())
            for key, edit in self.lists.items()
        }
        return PolicyRule(
            name=self.name.text().strip(),
            outcome=str(self.outcome.currentData() or ""),
            kind=self.kind.value,
            reason=str(self.reason.currentData() or ""),
            active=self.active.isChecked(),
            libraries=tuple(s.upper() for s in lists["libraries"]),
            groups=tuple(g.lower() for g in lists["groups"]),
            formats=tuple(f.lower() for f in lists["formats"]),
            services=tuple(s.lower() for s in lists["services"]),
            locations=lists["locations"],
            min_age_years=numbers["min_age_years"],
            max_age_years=numbers["max_age_years"],
            loan_days=numbers["loan_days"],
            renewals=numbers["renewals"],
            max_price=amounts["max_price"],
            charge=amounts["charge"],
        )
