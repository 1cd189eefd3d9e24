"""The scanning desk's widgets: mode buttons, the scan field, the big answer, the batch log.

Layout and display only. What a scan does, the worker that does it and the printing of bands
and package documents are in `ui.scan_desk` (the controller, a subclass of this view).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFrame,
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

from illdesk.core.vocabulary import DeliveryMethod, ReasonUnfilled
from illdesk.services.desk.scan import DeskMode, DeskState, Level, ScanResult

MODE_KEYS: dict[DeskMode, str] = {
    DeskMode.SMART: "F2",
    DeskMode.RECEIVE: "F3",
    DeskMode.CHECK_OUT: "F4",
    DeskMode.PATRON_RETURN: "F6",
    DeskMode.STACKS_SEARCH: "F7",
    DeskMode.PACK: "F8",
}

# Background, text; chosen for contrast (white on each of these is at least 4.5:1).
COLOURS: dict[Level, tuple[str, str]] = {
    Level.SUCCESS: ("#1b5e20", "#ffffff"),
    Level.INFO: ("#0d47a1", "#ffffff"),
    Level.WARNING: ("#8a4b00", "#ffffff"),
    Level.ERROR: ("#b71c1c", "#ffffff"),
}
LOG_ROWS = 300


SYMBOLS = {Level.SUCCESS: "✔", Level.INFO: "ℹ", Level.WARNING: "⚠", Level.ERROR: "✖"}


class ScanDeskView(QWidget):
    """The scanning desk's layout; its slots (`set_mode`, `undo`, ...) are the controller's."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        modes = QHBoxLayout()
        self.mode_buttons: dict[DeskMode, QPushButton] = {}
        group = QButtonGroup(self)
        for mode in DeskMode:
            button = QPushButton(f"{mode.label}  ({MODE_KEYS[mode]})")
            button.setCheckable(True)
            button.setAccessibleName(f"{mode.label} mode")
            group.addButton(button)
            modes.addWidget(button)
            self.mode_buttons[mode] = button
        layout.addLayout(modes)

        self.mode_label = QLabel()
        font = QFont()
        font.setPointSize(16)
        font.setBold(True)
        self.mode_label.setFont(font)
        self.mode_label.setAccessibleName("Current desk mode")

        # One row for the mode and the scan field, one for what the mode asks besides: the
        # desk then leaves the queues most of the window's height (at 1600x900 too).
        row = QHBoxLayout()
        row.addWidget(self.mode_label)
        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(
            "Scan or type a barcode, then Enter  (F9 to come back here)"
        )
        self.scan_field.setAccessibleName("Scan field")
        big = QFont()
        big.setPointSize(14)
        self.scan_field.setFont(big)
        row.addWidget(self.scan_field, 1)
        self.settings_button = QPushButton("Scanner settings…")
        self.settings_button.setAccessibleName("Scanner settings")
        self.undo_button = QPushButton("Undo last scan (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo last scan")
        row.addWidget(self.undo_button)
        row.addWidget(self.settings_button)
        layout.addLayout(row)

        context_row = QHBoxLayout()
        self.context_label = QLabel()
        self.context_label.setAccessibleName("Patron or package in progress")
        context_row.addWidget(self.context_label)
        self.bands_button = QPushButton("Print book bands (Ctrl+P)")
        self.bands_button.setAccessibleName("Print the book bands of items received")
        self.bands_button.setEnabled(False)
        receive_row = stacks_row = pack_row = context_row
        self.due_check = QCheckBox("Lender's due date")
        self.due_check.setToolTip("Leave unticked to use the lender's usual loan period")
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setDate(QDate.currentDate().addDays(28))
        self.due_edit.setEnabled(False)
        self.due_edit.setAccessibleName("Lender's due date for the items being received")
        self.restrictions_box = QComboBox()
        self.restrictions_box.setEditable(True)
        for text in ("", "Library use only", "No renewals", "Library use only; No renewals"):
            self.restrictions_box.addItem(text or "(no restrictions)", text)
        self.restrictions_box.setAccessibleName("Restrictions for the items being received")
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.receive_widgets: tuple[QWidget, ...] = (
            self.due_check,
            self.due_edit,
            QLabel("Restrictions:"),
            self.restrictions_box,
        )
        for widget in self.receive_widgets:
            receive_row.addWidget(widget)

        self.not_found = QCheckBox("Not on the shelf: mark scanned pull slips unfilled")
        self.not_found.setAccessibleName("Scanned pull slips are not found")
        self.not_found_reason = QComboBox()
        self.not_found_reason.setAccessibleName("Why the item cannot be supplied")
        for reason in (
            ReasonUnfilled.NOT_ON_SHELF,
            ReasonUnfilled.IN_USE_ON_LOAN,
            ReasonUnfilled.LOST,
            ReasonUnfilled.NON_CIRCULATING,
            ReasonUnfilled.POOR_CONDITION,
            ReasonUnfilled.AT_BINDERY,
            ReasonUnfilled.NOT_OWNED,
            ReasonUnfilled.OTHER,
        ):
            self.not_found_reason.addItem(reason.label, reason.value)
        self.stacks_widgets: tuple[QWidget, ...] = (self.not_found, self.not_found_reason)
        for widget in self.stacks_widgets:
            stacks_row.addWidget(widget)

        self.method_box = QComboBox()
        # By default the package goes the way its library takes packages (said on the first item).
        self.method_box.addItem("The library's own method", "")
        for method in DeliveryMethod:
            if method is not DeliveryMethod.ELECTRONIC:
                self.method_box.addItem(method.label, method.value)
        self.method_box.setAccessibleName("How the package travels")
        self.close_button = QPushButton("Close package and ship (Ctrl+Enter)")
        self.close_button.setAccessibleName("Close package and ship")
        self.end_patron_button = QPushButton("Next patron (Esc)")
        for control in (self.method_box, self.close_button, self.end_patron_button):
            pack_row.addWidget(control)
        context_row.addStretch(1)
        context_row.addWidget(self.bands_button)
        layout.addLayout(context_row)

        self.result_frame = QFrame()
        self.result_frame.setAutoFillBackground(True)
        self.result_frame.setMinimumHeight(120)
        inner = QVBoxLayout(self.result_frame)
        self.headline = QLabel("Ready to scan")
        headline_font = QFont()
        headline_font.setPointSize(30)
        headline_font.setBold(True)
        self.headline.setFont(headline_font)
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName("Scan result")
        self.next_step = QLabel("")
        step_font = QFont()
        step_font.setPointSize(20)
        step_font.setBold(True)
        self.next_step.setFont(step_font)
        self.next_step.setWordWrap(True)
        self.next_step.setAccessibleName("Next step")
        self.detail = QLabel("")
        detail_font = QFont()
        detail_font.setPointSize(13)
        self.detail.setFont(detail_font)
        self.detail.setWordWrap(True)
        for label in (self.headline, self.next_step, self.detail):
            inner.addWidget(label)
        layout.addWidget(self.result_frame)

        self.log = QTableWidget(0, 4)
        self.log.setHorizontalHeaderLabels(["Time", "Scanned", "Result", "Request"])
        self.log.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.log.verticalHeader().setVisible(False)
        self.log.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.log.setAccessibleName("This batch's scans")
        self.log.setMinimumHeight(3 * self.log.verticalHeader().defaultSectionSize())
        layout.addWidget(self.log, 1)

    # ------------------------------------------------------------ display

    def show_mode(self, mode: DeskMode) -> None:
        """Check the mode's button and show the controls that mode uses."""
        self.mode_buttons[mode].setChecked(True)
        self.mode_label.setText(f"Mode: {mode.label}")
        receiving = mode in {DeskMode.SMART, DeskMode.RECEIVE}
        for widget in self.receive_widgets:
            widget.setVisible(receiving)
        for widget in self.stacks_widgets:
            widget.setVisible(mode is DeskMode.STACKS_SEARCH)
        self.not_found.setChecked(False)  # a new mode starts with items found
        pack = mode is DeskMode.PACK
        self.method_box.setVisible(pack)
        self.close_button.setVisible(pack)
        self.end_patron_button.setVisible(mode is DeskMode.CHECK_OUT)

    def show_result(self, result: ScanResult) -> None:
        """A scan's answer, big and in its colour."""
        background, text = COLOURS[result.level]
        # A palette, not a style sheet: re-polishing the panel on every scan cost milliseconds.
        palette = self.result_frame.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(background))
        palette.setColor(QPalette.ColorRole.WindowText, QColor(text))
        self.result_frame.setPalette(palette)
        self.headline.setText(f"{SYMBOLS[result.level]}  {result.headline}")
        self.next_step.setText(result.next_step)
        self.detail.setText(result.detail)
        self.result_frame.setAccessibleDescription(
            f"{result.level.value}: {result.headline}. {result.next_step}"
        )

    def show_context(self, state: DeskState) -> None:
        """The patron being served or the package being packed (from the worker's answer)."""
        if state.mode is DeskMode.CHECK_OUT:
            who = state.patron_name or "no patron yet: scan the patron's card"
            self.context_label.setText(f"Serving: {who}")
        elif state.mode is DeskMode.PACK:
            count = len(state.package_numbers)
            where = state.package_library or "(first item decides)"
            self.context_label.setText(f"Package for {where}: {count} item(s)")
        else:
            self.context_label.setText("")

    def show_bands(self, count: int) -> None:
        """How many book bands wait to be printed."""
        self.bands_button.setEnabled(count > 0)
        self.bands_button.setText(
            f"Print {count} book band{'s' if count != 1 else ''} (Ctrl+P)"
            if count
            else "Print book bands (Ctrl+P)"
        )

    def add_to_log(self, raw: str, result: ScanResult) -> None:
        """The scan on top of the batch log (which keeps the latest LOG_ROWS)."""
        if self.log.rowCount() >= LOG_ROWS:
            self.log.removeRow(self.log.rowCount() - 1)
        self.log.insertRow(0)
        background, text = COLOURS[result.level]
        cells = [
            datetime.now().strftime("%H:%M:%S"),
            raw.strip(),
            f"{SYMBOLS[result.level]} {result.headline} — {result.next_step or result.detail}",
            result.number,
        ]
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if column == 2:
                item.setBackground(QColor(background))
                item.setForeground(QColor(text))
            self.log.setItem(0, column, item)
