"""The scanning desk: the mode, a scan field, a big coloured answer, a sound, the batch log.

Scans arrive from the scan field, from a keyboard-wedge burst anywhere in the window
(`ScanKeyFilter`) or from a serial scanner (`QtSerialScanner`). They are handled strictly in
order on one worker thread (`services.scan.handle_scan`), so the GUI never waits on the
database and two quick scans never overtake each other. Every answer is shown large, in a
colour and with a sound, because the person scanning is looking at the package.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPalette, QShortcut
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

from illdesk.core.scan import ScanOptions
from illdesk.core.vocabulary import DeliveryMethod, ReasonUnfilled
from illdesk.devices.qt_serial import QtSerialScanner
from illdesk.devices.serial_scanner import SerialScannerSettings
from illdesk.printing.model import PrintProfile
from illdesk.services.admin import workstation
from illdesk.services.desk.scan import (
    DeskMode,
    DeskState,
    Level,
    ScanResult,
    close_package,
    handle_scan,
    undo_last_scan,
)
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import (
    DocumentType,
    book_bands,
    mailing_labels,
    packing_slip,
)
from illdesk.store.database import Database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui.dispatch import GuiDispatcher, submit
from illdesk.ui.scan_filter import ScanKeyFilter
from illdesk.ui.scanner_settings import ScannerSettingsDialog, serial_settings, wedge_settings
from illdesk.ui.sounds import DeskSounds

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
# Keys the desk window also uses (Ctrl+Z, Ctrl+P, Esc...) act on the desk only while the
# cursor is in it; the mode keys (F2..F9) are the desk's alone and work anywhere.
DESK_ONLY = Qt.ShortcutContext.WidgetWithChildrenShortcut
LOG_ROWS = 300


def _desk_only(shortcut: QShortcut) -> QShortcut:
    # The keyword form of the constructor does not set the context in every PySide6 release.
    shortcut.setContext(DESK_ONLY)
    return shortcut  # the batch log keeps the latest scans; the history of each request keeps all


SYMBOLS = {Level.SUCCESS: "✔", Level.INFO: "ℹ", Level.WARNING: "⚠", Level.ERROR: "✖"}


def _profile(document: DocumentType) -> PrintProfile:
    """This workstation's print settings for a document (Desk ▸ Print settings)."""
    return print_profiles.load(document).print_profile()


class ScanDesk(QWidget):
    """The scanning desk panel.

    Signals:
        result_shown(object): a ScanResult has been shown (after its sound).
        mode_changed(str): the desk mode changed (its value).
        scanner_state(str): the serial scanner connected, disconnected, ...
        bands_ready(bytes): the PDF of the book bands asked for with "Print book bands".
        package_documents(str, bytes, bytes): a closed package's number, label and slip PDFs.
    """

    result_shown = Signal(object)
    mode_changed = Signal(str)
    scanner_state = Signal(str)
    bands_ready = Signal(bytes)
    package_documents = Signal(str, bytes, bytes)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.state = DeskState()  # read and written only by the worker thread's jobs
        self.sounds = DeskSounds(self)
        # Scans are handled one after another, in order, on one worker thread; results come
        # back through a dispatcher because PySide6 must not be called from that thread.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scan-desk")
        self._dispatcher = GuiDispatcher(self)
        self._print_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bands")
        self._build()
        self.set_mode(DeskMode.SMART)
        # A keyboard-wedge scan that lands in any other field of the window is still a scan.
        self.wedge = ScanKeyFilter(parent=self)
        self.wedge.set_scan_field(self.scan_field)
        self.wedge.scanned.connect(self.submit_scan)
        self.serial: QtSerialScanner | None = None
        self.bands_to_print: list[str] = []
        self._last_change = ("", "")  # (action, number) of the scan an undo would reverse

    # ------------------------------------------------------------ layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        modes = QHBoxLayout()
        self.mode_buttons: dict[DeskMode, QPushButton] = {}
        group = QButtonGroup(self)
        for mode in DeskMode:
            button = QPushButton(f"{mode.label}  ({MODE_KEYS[mode]})")
            button.setCheckable(True)
            button.setAccessibleName(f"{mode.label} mode")
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            group.addButton(button)
            modes.addWidget(button)
            self.mode_buttons[mode] = button
            QShortcut(QKeySequence(MODE_KEYS[mode]), self, lambda m=mode: self.set_mode(m))
        layout.addLayout(modes)

        self.mode_label = QLabel()
        font = QFont()
        font.setPointSize(16)
        font.setBold(True)
        self.mode_label.setFont(font)
        self.mode_label.setAccessibleName("Current desk mode")
        layout.addWidget(self.mode_label)

        row = QHBoxLayout()
        self.scan_field = QLineEdit()
        self.scan_field.setPlaceholderText(
            "Scan or type a barcode, then Enter  (F9 to come back here)"
        )
        self.scan_field.setAccessibleName("Scan field")
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        # The field would take Ctrl+Z as "undo typing"; at the desk it means "undo the scan".
        self.scan_field.installEventFilter(self)
        big = QFont()
        big.setPointSize(14)
        self.scan_field.setFont(big)
        row.addWidget(self.scan_field, 1)
        self.settings_button = QPushButton("Scanner settings…")
        self.settings_button.setAccessibleName("Scanner settings")
        self.settings_button.clicked.connect(self.edit_scanner_settings)
        self.undo_button = QPushButton("Undo last scan (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo last scan")
        self.undo_button.clicked.connect(self.undo)
        row.addWidget(self.undo_button)
        row.addWidget(self.settings_button)
        layout.addLayout(row)
        QShortcut(QKeySequence("F9"), self, self.scan_field.setFocus)
        _desk_only(QShortcut(QKeySequence.StandardKey.Undo, self, self.undo))

        context_row = QHBoxLayout()
        self.context_label = QLabel()
        self.context_label.setAccessibleName("Patron or package in progress")
        context_row.addWidget(self.context_label, 1)
        self.bands_button = QPushButton("Print book bands (Ctrl+P)")
        self.bands_button.setAccessibleName("Print the book bands of items received")
        self.bands_button.clicked.connect(self.print_bands)
        self.bands_button.setEnabled(False)
        _desk_only(QShortcut(QKeySequence.StandardKey.Print, self, self.print_bands))
        context_row.addWidget(self.bands_button)
        layout.addLayout(context_row)

        receive_row = QHBoxLayout()
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
        self.due_check.toggled.connect(self._on_receive_details_changed)
        self.due_edit.dateChanged.connect(self._on_receive_details_changed)
        self.restrictions_box.currentTextChanged.connect(self._on_receive_details_changed)
        self.receive_widgets: tuple[QWidget, ...] = (
            self.due_check,
            self.due_edit,
            QLabel("Restrictions:"),
            self.restrictions_box,
        )
        for widget in self.receive_widgets:
            receive_row.addWidget(widget)
        receive_row.addStretch(1)
        layout.addLayout(receive_row)

        stacks_row = QHBoxLayout()
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
        self.not_found.toggled.connect(self._on_not_found_changed)
        self.not_found_reason.currentIndexChanged.connect(self._on_not_found_changed)
        self.stacks_widgets: tuple[QWidget, ...] = (self.not_found, self.not_found_reason)
        for widget in self.stacks_widgets:
            stacks_row.addWidget(widget)
        stacks_row.addStretch(1)
        layout.addLayout(stacks_row)

        pack_row = QHBoxLayout()
        self.method_box = QComboBox()
        # By default the package goes the way its library takes packages (said on the first item).
        self.method_box.addItem("The library's own method", "")
        for method in DeliveryMethod:
            if method is not DeliveryMethod.ELECTRONIC:
                self.method_box.addItem(method.label, method.value)
        self.method_box.setAccessibleName("How the package travels")
        self.close_button = QPushButton("Close package and ship (Ctrl+Enter)")
        self.close_button.setAccessibleName("Close package and ship")
        self.close_button.clicked.connect(self.close_package)
        _desk_only(QShortcut(QKeySequence("Ctrl+Return"), self, self.close_package))
        self.end_patron_button = QPushButton("Next patron (Esc)")
        self.end_patron_button.clicked.connect(self.next_patron)
        _desk_only(QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.next_patron))
        for control in (self.method_box, self.close_button, self.end_patron_button):
            pack_row.addWidget(control)
        pack_row.addStretch(1)
        layout.addLayout(pack_row)

        self.result_frame = QFrame()
        self.result_frame.setAutoFillBackground(True)
        self.result_frame.setMinimumHeight(170)
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
        layout.addWidget(self.log, 1)

    # ------------------------------------------------------------ public API

    def set_mode(self, mode: DeskMode) -> None:
        """Switch the desk mode (one key: F2..F8)."""

        def work() -> ScanResult:
            self.state = replace(
                DeskState(),
                mode=mode,
                options=self.state.options,
                receive_due_date=self.state.receive_due_date,
                receive_restrictions=self.state.receive_restrictions,
            )
            return ScanResult(Level.INFO, f"{mode.label} mode", _mode_help(mode))

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
        self._submit(work, quiet=True)
        self.mode_changed.emit(mode.value)
        self.scan_field.setFocus()

    def submit_scan(self, raw: str) -> None:
        """Handle one scan (from the field, a wedge burst or a serial scanner), in order."""

        def work() -> tuple[str, ScanResult]:
            result, self.state = handle_scan(UnitOfWork(self.db, self.actor), raw, self.state)
            return raw, result

        self._submit(work)

    def undo(self) -> None:
        """Undo the last scan of this batch."""

        def work() -> tuple[str, ScanResult]:
            result, self.state = undo_last_scan(UnitOfWork(self.db, self.actor), self.state)
            return "(undo)", result

        self._submit(work)

    def close_package(self) -> None:
        """Ship the open package (pack mode)."""
        chosen = self.method_box.currentData()
        method = DeliveryMethod(chosen) if chosen else None

        def work() -> tuple[str, ScanResult]:
            result, self.state = close_package(UnitOfWork(self.db, self.actor), self.state, method)
            return "(close package)", result

        self._submit(work)

    def _on_not_found_changed(self, *_args: object) -> None:
        reason = str(self.not_found_reason.currentData()) if self.not_found.isChecked() else ""

        def work() -> None:
            self.state = replace(self.state, not_found_reason=reason)

        self._submit(work, silent=True)

    def _on_receive_details_changed(self, *_args: object) -> None:
        due: date | None = None
        if self.due_check.isChecked():
            picked = self.due_edit.date()
            due = date(picked.year(), picked.month(), picked.day())
        text = self.restrictions_box.currentText().strip()
        restrictions = "" if text.startswith("(") else text

        def work() -> None:
            self.state = replace(
                self.state, receive_due_date=due, receive_restrictions=restrictions
            )

        self._submit(work, silent=True)

    def _show_bands(self) -> None:
        count = len(self.bands_to_print)
        self.bands_button.setEnabled(count > 0)
        self.bands_button.setText(
            f"Print {count} book band{'s' if count != 1 else ''} (Ctrl+P)"
            if count
            else "Print book bands (Ctrl+P)"
        )

    def print_bands(self) -> None:
        """Make one PDF of the bands of everything received in this batch, then preview it."""
        numbers = list(self.bands_to_print)
        if not numbers:
            return
        self.bands_button.setEnabled(False)

        def made(pdf: bytes) -> None:
            self.bands_to_print = [n for n in self.bands_to_print if n not in numbers]
            self._show_bands()
            self.bands_ready.emit(pdf)
            self._preview(pdf, len(numbers))

        def failed(exc: Exception) -> None:
            self._show_bands()
            self._show(
                ScanResult(Level.ERROR, "Bands not made", str(exc), "Nothing was lost: try again")
            )

        submit(
            self._print_executor,
            lambda: book_bands(
                UnitOfWork(self.db, self.actor, read_only=True),
                numbers,
                profile=_profile(DocumentType.BOOK_BAND),
            ),
            made,
            failed,
            self._dispatcher,
        )

    def _preview(
        self, pdf: bytes, count: int, title: str = "", document_type: str = "book_band"
    ) -> None:
        try:
            from illdesk.ui.print_preview import PrintPreviewDialog  # noqa: PLC0415
        except ImportError:  # the preview needs Qt PDF, missing on some minimal installs
            return
        dialog = PrintPreviewDialog(pdf, title or f"{count} book band(s)", document_type, self)
        dialog.setModal(False)
        dialog.show()

    def _print_package(self, package: str) -> None:
        """A closed package gets its mailing label and packing slip, ready to print."""

        def make() -> tuple[bytes, bytes]:
            label = mailing_labels(
                UnitOfWork(self.db, self.actor, read_only=True),
                [package],
                _profile(DocumentType.MAILING_LABEL),
            )
            slip = packing_slip(
                UnitOfWork(self.db, self.actor, read_only=True),
                package,
                _profile(DocumentType.PACKING_SLIP),
            )
            return label, slip

        def made(documents: tuple[bytes, bytes]) -> None:
            label, slip = documents
            self.package_documents.emit(package, label, slip)
            self._preview(label, 1, f"Mailing label for {package}", "mailing_label")
            self._preview(slip, 1, f"Packing slip for {package}", "packing_slip")

        def failed(exc: Exception) -> None:
            self._show(
                ScanResult(
                    Level.ERROR,
                    "Label and slip not made",
                    str(exc),
                    "The package is shipped: print them from the Print menu",
                )
            )

        submit(self._print_executor, make, made, failed, self._dispatcher)

    def apply_workstation_settings(self, settings: workstation.WorkstationSettings) -> None:
        """Use this desk's saved scanner settings: prefix/suffix, sounds, serial scanner."""
        options = ScanOptions(prefix=settings.scanner_prefix, suffix=settings.scanner_suffix)

        def work() -> None:
            self.state = replace(self.state, options=options)

        self._submit(work, silent=True)
        self.sounds.enabled = settings.desk_sounds
        self.wedge.apply_settings(wedge_settings(settings))
        serial = serial_settings(settings)
        if serial is None:
            if self.serial is not None:
                self.serial.stop()
                self.serial = None
            self.scanner_state.emit("keyboard scanner only")
        else:
            self.attach_serial_scanner(serial)

    def edit_scanner_settings(self) -> None:
        """Open the scanner settings; saved changes apply at once."""
        dialog = ScannerSettingsDialog(self)
        if dialog.exec() == ScannerSettingsDialog.DialogCode.Accepted:
            self.apply_workstation_settings(dialog.settings)

    def install_wedge_filter(self) -> None:
        """Catch scanner bursts anywhere in the application (call once the window shows)."""
        self.wedge.install()

    def attach_serial_scanner(self, settings: SerialScannerSettings) -> QtSerialScanner:
        """Read scans from a serial scanner too; its state goes out by `scanner_state`."""
        if self.serial is not None:
            self.serial.stop()
        self.serial = QtSerialScanner(settings, self)
        self.serial.scanned.connect(self.submit_scan)
        self.serial.state_changed.connect(self.scanner_state.emit)
        self.serial.problem.connect(self._on_serial_problem)
        self.serial.start()
        return self.serial

    def _on_serial_problem(self, message: str) -> None:
        self._show(ScanResult(Level.ERROR, "Scanner problem", message, "Scan the item again."))
        self.sounds.play(Level.ERROR.value)

    def shutdown(self) -> None:
        """Stop the serial reader and finish queued scans (before the window closes)."""
        if self.serial is not None:
            self.serial.stop()
        self.wedge.uninstall()
        self.wait_idle()
        self._executor.shutdown(wait=True)
        self._print_executor.shutdown(wait=True)

    def next_patron(self) -> None:
        """Finish with the patron being served (check-out mode)."""
        if self.state.mode is DeskMode.CHECK_OUT:
            self.set_mode(DeskMode.CHECK_OUT)

    # ------------------------------------------------------------ plumbing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.scan_field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ):
            self.undo()
            return True
        return super().eventFilter(watched, event)

    def _submit(
        self, work: Callable[[], Any], *, quiet: bool = False, silent: bool = False
    ) -> None:
        def job() -> Any:
            if silent:
                work()
                return ("silent", None)
            return ("quiet", work()) if quiet else work()

        def failed(exc: Exception) -> None:
            # The desk must answer every scan, even when something broke underneath.
            self._on_job_done(ScanResult(Level.ERROR, "Not done", str(exc), "Try the scan again."))

        submit(self._executor, job, self._on_job_done, failed, self._dispatcher)

    def wait_idle(self, msecs: int = 5000) -> bool:
        """Wait for queued scans to finish and show their answers (for tests and shutdown)."""
        try:
            self._executor.submit(lambda: None).result(timeout=msecs / 1000)
        except TimeoutError:
            return False
        self._dispatcher.drain()
        return True

    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    def _on_job_done(self, outcome: Any) -> None:
        if isinstance(outcome, ScanResult):  # a job that failed outright
            outcome = ("?", outcome)
        if outcome[0] == "silent":
            return
        quiet = outcome[0] == "quiet"
        raw, result = ("", outcome[1]) if quiet else outcome
        self._show(result)
        self._show_context()
        if quiet:
            return
        self._log(raw, result)
        if result.action == "ship_package" and result.number:
            self._print_package(result.number)
        if result.action == "receive" and result.number:
            self.bands_to_print.append(result.number)
        elif (
            result.action == "undo"
            and self._last_change == ("receive", result.number)
            and result.number in self.bands_to_print
        ):
            # Only undoing the receive itself takes the band away: after an undone check-out
            # the item is still received and still needs its band.
            self.bands_to_print.remove(result.number)
        if result.event_id is not None and result.number:
            self._last_change = (
                ("", "") if result.action == "undo" else (result.action, result.number)
            )
        self._show_bands()
        self.sounds.play(result.level.value)
        self.result_shown.emit(result)

    def _show(self, result: ScanResult) -> None:
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

    def _show_context(self) -> None:
        state = self.state
        if state.mode is DeskMode.CHECK_OUT:
            who = state.patron_name or "no patron yet: scan the patron's card"
            self.context_label.setText(f"Serving: {who}")
        elif state.mode is DeskMode.PACK:
            count = len(state.package_numbers)
            where = state.package_library or "(first item decides)"
            self.context_label.setText(f"Package for {where}: {count} item(s)")
        else:
            self.context_label.setText("")

    def _log(self, raw: str, result: ScanResult) -> None:
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


def _mode_help(mode: DeskMode) -> str:
    return {
        DeskMode.SMART: "Scan anything: ILL Desk works out what it is and does the right thing.",
        DeskMode.RECEIVE: "Scan borrowed items as they arrive, and our own items coming home.",
        DeskMode.CHECK_OUT: "Scan the patron's card, then their items.",
        DeskMode.PATRON_RETURN: "Scan items patrons bring back.",
        DeskMode.STACKS_SEARCH: "Scan lending items found on the shelf.",
        DeskMode.PACK: "Scan the items for one library, then close the package.",
    }[mode]
