"""The Copyright clearance window (Desk ▸ Copyright clearance…): the queue decides by itself
what the rules allow, staff decide the rest.

"Clear what the rules allow" gives CCL to articles older than five years and CCG to those
within the five or from an exempt journal, each through the one writer. What is left needs a
person: CCG or CCL chosen by hand, royalties paid (the fee offered from the settings: base plus
per page times pages), a document supplier, or cancelling the request.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from illdesk.ui.alive import while_alive
from illdesk.ui.edit_dialog import parse_money
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.table_setup import (
    MessageLine,
    button_row,
    chosen_row,
    fill_table,
    push_button,
    read_only_table,
)

COLUMNS = ("Request", "Journal", "Published", "What the rules say")


def _decisions() -> Any:
    from illdesk.services.rules import copyright_decisions  # noqa: PLC0415

    return copyright_decisions


class CopyrightClearance(QDialog):
    """The queue's copies with what the rules say, and the decisions on the chosen one."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Copyright clearance")
        self.setAccessibleName("Copyright clearance")
        self.waiting: list[Any] = []
        self.table = read_only_table(COLUMNS, "Copies waiting for copyright clearance", 3)
        self.table.itemSelectionChanged.connect(self._on_selected)
        # Enter in the fee or note box decides nothing: no button here is pressed by Enter.
        self.auto = push_button("Clear what the &rules allow", self.clear_by_rules)
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Fee or price")
        self.amount.setPlaceholderText("fee, e.g. 35.00")
        self.amount.setMaximumWidth(120)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note for the history")
        self.note.setPlaceholderText("note (optional), e.g. CCC order number")
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("ccg", "CC&G"),
            ("ccl", "CC&L"),
            ("royalty", "&Pay royalties"),
            ("supplier", "&Document supplier"),
            ("cancel", "&Cancel request"),
        ):
            self.buttons[key] = push_button(text, partial(self.decide, key), enabled=False)
        decide = button_row(*self.buttons.values(), stretch_at_end=False)
        decide.addWidget(QLabel("Fee:"))
        decide.addWidget(self.amount)
        decide.addWidget(self.note, 1)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addLayout(button_row(self.auto))
        layout.addWidget(self.table, 1)
        layout.addLayout(decide)
        layout.addWidget(self.message)
        self.resize(1000, 520)
        self.reload()

    def say(self, words: str, problem: bool = False) -> None:
        self.message.say(words, problem)

    def reload(self) -> None:
        self.services.query(
            lambda s: _decisions().clearance_list(s.read()),
            while_alive(self, self._on_loaded),
            while_alive(self, lambda exc: self.say(str(exc), problem=True)),
        )

    def _on_loaded(self, waiting: list[Any]) -> None:
        self.waiting = waiting
        fill_table(self.table, ((c.number, c.journal, c.published, c.suggestion) for c in waiting))
        self._on_selected()
        if not waiting:
            self.say("Nothing waits for copyright clearance.")

    def chosen(self) -> Any | None:
        row = chosen_row(self.table)
        return self.waiting[row] if row is not None else None

    def _on_selected(self) -> None:
        copy = self.chosen()
        for button in self.buttons.values():
            button.setEnabled(copy is not None)
        if copy is not None:
            self.amount.setText(f"{copy.royalty:.2f}")
            self.say(f"{copy.number}: {copy.suggestion}")

    def clear_by_rules(self) -> None:
        self.say("Clearing what the rules allow…")
        self.auto.setEnabled(False)
        self.services.change(
            lambda s: _decisions().auto_clear(s.write),
            while_alive(self, self._on_cleared),
            while_alive(self, self._on_failed),
        )

    def _on_cleared(self, done: Any) -> None:
        self.auto.setEnabled(True)
        self.reload()
        left = len(done.waiting)
        self.say(
            f"{len(done.cleared)} cleared by the rules; {left} need a decision by staff"
            + (" (over the five, or no journal to count)." if left else ".")
        )

    def _on_failed(self, exc: Exception) -> None:
        self.auto.setEnabled(True)
        self.say(str(exc), problem=True)

    def decide(self, key: str) -> None:
        copy = self.chosen()
        if copy is None:
            self.say("Choose a request in the list first.", problem=True)
            return
        number, note = copy.number, self.note.text().strip()
        if key in ("ccg", "ccl"):
            self._change(lambda s: _clear_with(s, number, key), number)
            return
        amount: Decimal | None = None
        if key != "cancel":
            try:
                amount = parse_money(self.amount.text())
            except ValueError as exc:
                self.say(f"{exc} Nothing was decided.", problem=True)
                return
        self._change(
            lambda s: _decisions().decide(s.write(), number, key, amount=amount, note=note),
            number,
        )

    def _change(self, work: Any, number: str) -> None:
        self.services.change(
            work,
            while_alive(self, lambda told: self._on_decided(number, told)),
            while_alive(self, lambda exc: self.say(f"{number}: {exc}", problem=True)),
        )

    def _on_decided(self, number: str, told: Any) -> None:
        self.note.clear()
        self.reload()
        self.say(f"{number}: {getattr(told, 'message', told)}")


def _clear_with(session: Any, number: str, code: str) -> Any:
    """Staff's own choice of CCG or CCL, through the desk's one way to act."""
    from illdesk.services.desk import requests  # noqa: PLC0415

    return requests.perform(session.write(), number, "clear_copyright", {"copyright_code": code})
