"""Correctional facilities (Directory ▸ Correctional facilities…): each facility with its rules,
its people and the items they have out; a patron placed under a facility with their inmate
number (checked against the facility's form, refused in words); and whether a request's item
may go in, with the rule named.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from illdesk.ui.facade import ServiceFacade

COLUMNS = ("Code", "Facility", "Loan", "People", "Items out", "May not go in", "Routing")
RESTRICTION_WORDS = (
    ("no_hardcover", "hardcovers"),
    ("paperback_only", "anything but paperbacks"),
    ("no_spiral_or_metal", "spiral or metal bindings"),
    ("no_periodicals", "periodicals"),
    ("no_new_items", "new items"),
    ("discs_removed", "discs (removed first)"),
)


def _facilities() -> Any:
    from illdesk.services.rules import facilities  # noqa: PLC0415

    return facilities


def restriction_text(rules: Any) -> str:
    """What a facility's rules keep out, in a few words."""
    return ", ".join(words for name, words in RESTRICTION_WORDS if getattr(rules, name)) or "—"


class FacilitiesWindow(QDialog):
    """The facilities, a patron placed under one, an item checked against them."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Correctional facilities")
        self.setAccessibleName("Correctional facilities")
        self.shown: list[Any] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Facilities with their rules")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.card = self._edit("Patron's card", "scan or type the library card")
        self.facility = QComboBox()
        self.facility.setAccessibleName("Facility")
        self.inmate = self._edit("Inmate number", "in the facility's form, e.g. 98-A-0004")
        self.place = QPushButton("&Place under the facility")
        self.place.clicked.connect(self.place_patron)
        self.number = self._edit("Request to check", "request number, e.g. B-26-000123")
        self.check = QPushButton("May it &go in?")
        self.check.clicked.connect(self.check_item)
        for button in (self.place, self.check):
            button.setAutoDefault(False)
            button.setAccessibleName(button.text().replace("&", ""))
        placing = QHBoxLayout()
        for widget in (self.card, self.facility, self.inmate, self.place):
            placing.addWidget(widget)
        checking = QHBoxLayout()
        checking.addWidget(self.number, 1)
        checking.addWidget(self.check)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("What happened")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(QLabel("A patron inside a facility (mail then goes through it):"))
        layout.addLayout(placing)
        layout.addWidget(QLabel("An item for a person inside:"))
        layout.addLayout(checking)
        layout.addWidget(self.message)
        self.resize(1000, 480)
        self.reload()

    @staticmethod
    def _edit(name: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(hint)
        return edit

    def say(self, words: str, problem: bool = False) -> None:
        self.message.setStyleSheet("color: #8b1a1a; font-weight: bold" if problem else "")
        self.message.setText(words)

    def _failed(self, exc: Exception) -> None:
        self.say(str(exc), problem=True)

    def reload(self) -> None:
        self.services.query(
            lambda s: _facilities().list_facilities(s.read()),
            while_alive(self, self._on_loaded),
            while_alive(self, self._failed),
        )

    def _on_loaded(self, shown: list[Any]) -> None:
        self.shown = shown
        self.table.setRowCount(len(shown))
        chosen = self.facility.currentData()
        self.facility.clear()
        for row, f in enumerate(shown):
            loan = f"{f.rules.loan_days} days, {f.rules.renewals} renewal(s)"
            cells = (
                f.code,
                f.name,
                loan,
                str(f.people),
                f"{f.items_out} of {f.rules.max_items_out}",
                restriction_text(f.rules),
                f.routing,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            self.facility.addItem(f"{f.code} — {f.name}", f.code)
        self.facility.setCurrentIndex(max(self.facility.findData(chosen), 0))
        self.table.resizeColumnsToContents()
        if not shown:
            self.say("No facilities yet: a supervisor adds one with `illdesk facility add`.")

    def place_patron(self) -> None:
        card, code = self.card.text().strip(), self.facility.currentData()
        number = self.inmate.text().strip()
        if not (card and code and number):
            self.say("Give the patron's card, the facility and the inmate number.", True)
            return
        self.services.change(
            lambda s: _facilities().place_patron(s.write(), card, code, number),
            while_alive(self, self._on_placed),
            while_alive(self, lambda exc: self.say(f"Not placed: {exc}", problem=True)),
        )

    def _on_placed(self, told: str) -> None:
        self.card.clear()
        self.inmate.clear()
        self.reload()
        self.say(told)

    def check_item(self) -> None:
        number = self.number.text().strip().upper()
        if not number:
            self.say("Type the request number of the item.", problem=True)
            return
        self.services.query(
            lambda s: _facilities().check_item(s.read(), number),
            while_alive(self, lambda found: self._on_checked(number, found)),
            while_alive(self, self._failed),
        )

    def _on_checked(self, number: str, found: tuple[str, list[str]]) -> None:
        refusal, steps = found
        then = f" Before it goes: {' '.join(steps)}" if steps else ""
        if refusal:
            self.say(
                f"{number} may not go in: {refusal} A supervisor may still check it out "
                f"(Check out anyway, with the reason).{then}",
                problem=True,
            )
        else:
            self.say(f"{number} may go in.{then}")
