"""The lending policy and purchase rules, edited by a supervisor (Directory ▸ Lending and
purchase rules…).

The rules of one kind in their order, each with what it does and anything wrong with it (a
rule that cannot be evaluated is shown, and skipped when requests arrive: it never stops the
others); a rule's fields beside them; New, Save, Remove, Up and Down. Saving is refused in
words when the rule cannot work, or when the person working is not a supervisor. "What the
rules say" checks one request without changing it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.policy_rules import RuleKind
from illdesk.ui.alive import while_alive
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.rule_editor import RuleEditor

KIND_WORDS = {
    RuleKind.LENDING: "Lending policy (requests other libraries send us)",
    RuleKind.PURCHASE: "Buy instead of borrowing (our patrons' loan requests)",
}
PROBLEM_COLOUR = QColor("#8b1a1a")


def _policy() -> Any:
    from illdesk.services.rules import policy  # noqa: PLC0415 - loaded when first used

    return policy


class RulesWindow(QDialog):
    """The rule list of one kind and the editor of the chosen rule."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Lending and purchase rules")
        self.setAccessibleName("Lending and purchase rules")
        self.stored: list[Any] = []  # StoredRule of the kind shown, in order
        self.editing: int | None = None  # the id of the rule in the editor (None: a new one)
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName("Which rules")
        for kind, words in KIND_WORDS.items():
            self.kind_box.addItem(words, kind.value)
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        self.list = QListWidget()
        self.list.setAccessibleName("Rules, first tried at the top")
        self.list.currentRowChanged.connect(self._on_rule_chosen)
        self.editor = RuleEditor()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("new", "&New rule", self.new_rule),
            ("save", "&Save rule", self.save_rule),
            ("remove", "&Remove", self.remove_rule),
            ("up", "Move &up", lambda: self.move_rule(-1)),
            ("down", "Move do&wn", lambda: self.move_rule(+1)),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(slot)
            button.setAutoDefault(False)  # Enter in a field never clears or saves the rule
            self.buttons[key] = button
            row.addWidget(button)
        self.check_number = QLineEdit()
        self.check_number.setPlaceholderText("Request number, e.g. L-26-000123")
        self.check_number.setAccessibleName("Request to check against the rules")
        self.check_number.returnPressed.connect(self.check_request)
        check = QPushButton("What the rules &say")
        check.clicked.connect(self.check_request)
        check.setAutoDefault(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What happened")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        columns = QHBoxLayout()
        columns.addWidget(self.list, 3)
        columns.addWidget(self.editor, 2)
        checking = QHBoxLayout()
        checking.addWidget(self.check_number, 1)
        checking.addWidget(check)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kind_box)
        layout.addLayout(columns, 1)
        layout.addLayout(row)
        layout.addLayout(checking)
        layout.addWidget(self.message)
        self.resize(1100, 620)
        self.reload()

    @property
    def kind(self) -> RuleKind:
        return RuleKind(self.kind_box.currentData())

    def say(self, words: str, problem: bool = False) -> None:
        self.message.setStyleSheet("color: #8b1a1a; font-weight: bold" if problem else "")
        self.message.setText(words)

    def _failed(self, exc: Exception) -> None:
        self.say(str(exc), problem=True)

    # ------------------------------------------------------------ the list

    def reload(self, select_id: int | None = None) -> None:
        kind = self.kind
        self.services.query(
            lambda s: _policy().list_rules(s.read(), kind),
            while_alive(self, lambda rules: self._on_loaded(rules, select_id)),
            while_alive(self, self._failed),
        )

    def _on_loaded(self, rules: list[Any], select_id: int | None) -> None:
        self.stored = rules
        self.list.blockSignals(True)
        self.list.clear()
        for place, stored in enumerate(rules, start=1):
            text = f"{place}. {stored.rule.name} — {stored.text}"
            item = QListWidgetItem(text)
            if stored.problems:
                item.setText(f"{text}\n    ⚠ cannot be evaluated: {' '.join(stored.problems)}")
                item.setForeground(QBrush(PROBLEM_COLOUR))
            self.list.addItem(item)
        self.list.blockSignals(False)
        chosen = next((i for i, s in enumerate(rules) if s.id == select_id), -1)
        if chosen >= 0:
            self.list.setCurrentRow(chosen)
        elif select_id is None:
            self.new_rule()
        broken = sum(1 for s in rules if s.problems)
        if not rules:
            self.say("No rules yet: write the first one on the right and save it.")
        elif broken:
            self.say(
                f"{broken} rule(s) cannot be evaluated: they are skipped when requests arrive "
                "and the others still apply. Correct them and save.",
                problem=True,
            )

    def _on_kind_changed(self) -> None:
        self.editor.set_kind(self.kind)
        self.editing = None
        self.reload()

    def _on_rule_chosen(self, row: int) -> None:
        if not 0 <= row < len(self.stored):
            return
        stored = self.stored[row]
        self.editing = stored.id
        self.editor.show_rule(stored.rule)

    # ------------------------------------------------------------ changes

    def new_rule(self) -> None:
        self.editing = None
        self.list.blockSignals(True)
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self.list.blockSignals(False)
        self.editor.set_kind(self.kind)
        self.editor.clear()
        self.editor.name.setFocus()

    def save_rule(self) -> None:
        try:
            rule = self.editor.rule()
        except ValueError as exc:
            self.say(f"{exc} Nothing was saved.", problem=True)
            return
        rule_id = self.editing
        self.say("Saving…")
        self.services.change(
            lambda s: _policy().save_rule(s.write(), rule, rule_id),
            while_alive(self, lambda saved: self._on_saved(saved, rule.name)),
            while_alive(self, lambda exc: self.say(f"Not saved: {exc}", problem=True)),
        )

    def _on_saved(self, rule_id: int, name: str) -> None:
        self.editing = rule_id
        self.reload(select_id=rule_id)
        self.say(f"Rule “{name}” saved. New requests are checked against it from now on.")

    def remove_rule(self) -> None:
        rule_id = self.editing
        if rule_id is None:
            self.say("Choose the rule to remove in the list first.", problem=True)
            return
        self.services.change(
            lambda s: _policy().delete_rule(s.write(), rule_id),
            while_alive(self, self._on_removed),
            while_alive(self, lambda exc: self.say(f"Not removed: {exc}", problem=True)),
        )

    def _on_removed(self, name: str) -> None:
        self.editing = None
        self.reload()
        self.say(f"Rule “{name}” removed.")

    def move_rule(self, step: int) -> None:
        row = self.list.currentRow()
        rule_id = self.editing
        if rule_id is None or row < 0:
            self.say("Choose the rule to move in the list first.", problem=True)
            return
        place = min(max(row + 1 + step, 1), len(self.stored))
        self.services.change(
            lambda s: _policy().move_rule(s.write(), rule_id, place),
            while_alive(self, lambda _done: self.reload(select_id=rule_id)),
            while_alive(self, lambda exc: self.say(f"Not moved: {exc}", problem=True)),
        )

    def check_request(self) -> None:
        number = self.check_number.text().strip().upper()
        if not number:
            self.say("Type a request number to check it against the rules.", problem=True)
            return
        self.services.query(
            lambda s: _policy().check(s.read(), number),
            while_alive(self, lambda verdict: self._on_checked(number, verdict)),
            while_alive(self, self._failed),
        )

    def _on_checked(self, number: str, verdict: Any) -> None:
        words = f"{number}: {verdict.why}"
        if verdict.rule is not None:
            words += f" It would go: {verdict.rule.outcome}."
        if verdict.skipped:
            words += " " + " ".join(verdict.skipped)
        self.say(words, problem=bool(verdict.skipped))
