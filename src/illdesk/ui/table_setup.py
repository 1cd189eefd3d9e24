"""The pieces the directory's list windows share: a read-only table of rows, a row of buttons
that Enter in a field never presses, and the line that says what happened.

Used by the Correctional facilities, Copyright clearance, Buy instead orders and Patrons
windows, so that a table reads, selects and is named for screen readers the same in each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

PROBLEM_STYLE = "color: #8b1a1a; font-weight: bold"


def read_only_table(columns: Sequence[str], name: str, stretch: int | None = None) -> QTableWidget:
    """A table of whole rows, one chosen at a time, that staff read but do not type in;
    `stretch` is the column that takes the spare width."""
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if stretch is not None:
        table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def fill_table(table: QTableWidget, rows: Iterable[Sequence[str]]) -> None:
    """Show these rows (their cells as text), the columns sized to what they hold."""
    shown = list(rows)
    table.setRowCount(len(shown))
    for row, cells in enumerate(shown):
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def chosen_row(table: QTableWidget) -> int | None:
    """The row chosen in a table (None: none)."""
    rows = table.selectionModel().selectedRows()
    return rows[0].row() if rows else None


def push_button(
    text: str, slot: Callable[[], object], name: str = "", enabled: bool = True
) -> QPushButton:
    """A button named for screen readers (its text without the & unless `name` is given)
    that Enter in a field of the window does not press."""
    button = QPushButton(text)
    button.setAccessibleName(name or text.replace("&", ""))
    button.clicked.connect(lambda _checked=False: slot())
    button.setAutoDefault(False)
    button.setEnabled(enabled)
    return button


def button_row(*widgets: QWidget, stretch_at_end: bool = True) -> QHBoxLayout:
    """Buttons (or any widgets) side by side, left-aligned unless told otherwise."""
    row = QHBoxLayout()
    for widget in widgets:
        row.addWidget(widget)
    if stretch_at_end:
        row.addStretch(1)
    return row


class MessageLine(QLabel):
    """The line under a window's table that says what happened, in red when it went wrong."""

    def __init__(self, text: str = "", name: str = "What happened") -> None:
        super().__init__(text)
        self.setWordWrap(True)
        self.setAccessibleName(name)

    def say(self, words: str, problem: bool = False) -> None:
        self.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.setText(words)
