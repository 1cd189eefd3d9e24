"""The Copyright clearance window (Desk ▸ Copyright clearance…): the queue decides by itself
what the rules allow, staff decide the rest.

"Clear what the rules allow" gives CCL to articles older than five years and CCG to those
within the five or from an exempt journal, each through the one writer. What is left needs a
person: CCG or CCL chosen by hand, royalties paid (the fee offered from the settings: base plus
per page times pages), a document supplier, or cancelling the request.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.ui.alive import while_alive
from illdesk.ui.edit_dialog import parse_money
from illdesk.ui.facade import ServiceFacade

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
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Copies waiting for copyright clearance")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.auto = QPushButton("Clear what the &rules allow")
        self.auto.setAccessibleName("Clear what the rules allow")
        self.auto.clicked.connect(self.clear_by_rules)
        self.auto.setAutoDefault(False)  # Enter in the fee or note box decides nothing
        self.amount = QLineEdit()
        self.amount.setAccessibleName("Fee or price")
        self.amount.setPlaceholderText("fee, e.g. 35.00")
        self.amount.setMaximumWidth(120)
        self.note = QLineEdit()
        self.note.setAccessibleName("Note for the history")
        self.note.setPlaceholderText("note (optional), e.g. CCC order number")
        self.buttons: dict[str, QPushButton] = {}
        decide = QHBoxLayout()
        for key, text in (
            ("ccg", "CC&G"),
            ("ccl", "CC&L"),
            ("royalty", "&Pay royalties"),
            ("supplier", "&Document supplier"),
            ("cancel", "&Cancel request"),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.replace("&", ""))
            button.clicked.connect(lambda _=False, k=key: self.decide(k))
            button.setEnabled(False)
            button.setAutoDefault(False)
            self.buttons[key] = button
            decide.addWidget(button)
        decide.addWidget(QLabel("Fee:"))
        decide.addWidget(self.amount)
        decide.addWidget(self.note, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What happened")
        top = QHBoxLayout()
        top.addWidget(self.auto)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(decide)
        layout.addWidget(self.message)
        self.resize(1000, 520)
        self.reload()

    def say(self, words: str, problem: bool = False) -> None:
        self.message.setStyleSheet("color: #8b1a1a; font-weight: bold" if problem else "")
        self.message.setText(words)

    def reload(self) -> None:
        self.services.query(
            lambda s: _decisions().clearance_list(s.read()),
            while_alive(self, self._on_loaded),
            while_alive(self, lambda exc: self.say(str(exc), problem=True)),
        )

    def _on_loaded(self, waiting: list[Any]) -> None:
        self.waiting = waiting
        self.table.setRowCount(len(waiting))
        for row, copy in enumerate(waiting):
            for column, text in enumerate(
                (copy.number, copy.journal, copy.published, copy.suggestion)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self._on_selected()
        if not waiting:
            self.say("Nothing waits for copyright clearance.")

    def chosen(self) -> Any | None:
        rows = self.table.selectionModel().selectedRows()
        return self.waiting[rows[0].row()] if rows else None

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
