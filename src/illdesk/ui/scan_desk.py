"""The scanning desk's behaviour: modes, scans, undo, packages, scanners, book bands.

Scans arrive from the scan field, from a keyboard-wedge burst anywhere in the window
(`ScanKeyFilter`) or from a serial scanner (`QtSerialScanner`). They are handled strictly in
order on the window's one writer thread (`ServiceFacade.change`), so the GUI never waits on
the database and two quick scans never overtake each other. The desk's state (mode, patron,
open package) belongs to that thread: each job hands back a copy for the GUI to show, and the
GUI thread never reads the worker's own. Every answer is shown large, in a colour and with a
sound (`ui.scan_desk_view` lays it out), because the person scanning is looking at the package.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from illdesk.core.scan import ScanOptions
from illdesk.core.vocabulary import DeliveryMethod
from illdesk.devices.qt_serial import QtSerialScanner
from illdesk.devices.serial_scanner import SerialScannerSettings
from illdesk.printing.model import PrintProfile
from illdesk.services.admin import workstation
from illdesk.services.desk import offline
from illdesk.services.desk.scan import (
    DeskMode,
    DeskState,
    Level,
    ScanResult,
    close_package,
    undo_last_scan,
)
from illdesk.services.session import DeskSession
from illdesk.ui.dispatch import shared_dispatcher
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.scan_desk_view import COLOURS, LOG_ROWS, MODE_KEYS, SYMBOLS, ScanDeskView
from illdesk.ui.scan_filter import ScanKeyFilter
from illdesk.ui.scanner_settings import ScannerSettingsDialog, serial_settings, wedge_settings
from illdesk.ui.sounds import DeskSounds
from illdesk.ui.tasks import writer_idle

__all__ = ["COLOURS", "LOG_ROWS", "MODE_KEYS", "SYMBOLS", "ScanDesk"]

# Keys the desk window also uses (Ctrl+Z, Ctrl+P, Esc...) act on the desk only while the
# cursor is in it; the mode keys (F2..F9) are the desk's alone and work anywhere.
DESK_ONLY = Qt.ShortcutContext.WidgetWithChildrenShortcut


def _desk_only(shortcut: QShortcut) -> QShortcut:
    # The keyword form of the constructor does not set the context in every PySide6 release.
    shortcut.setContext(DESK_ONLY)
    return shortcut


def _profile(document: Any) -> PrintProfile:
    """This workstation's print settings for a document (Desk ▸ Print settings)."""
    from illdesk.services.printing import profiles as print_profiles  # noqa: PLC0415

    return print_profiles.load(document).print_profile()


class ScanDesk(ScanDeskView):
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

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._state = DeskState()  # the writer thread's own: read and written by its jobs only
        self.shown_state = DeskState()  # the copy the last answer brought back to the GUI
        self.journal = offline.journal_for()  # where scans go while the server is away
        self.sounds = DeskSounds(self)
        self.bands_to_print: list[str] = []
        self._last_change = ("", "")  # (action, number) of the scan an undo would reverse
        self._connect()
        self.set_mode(DeskMode.SMART)
        # A keyboard-wedge scan that lands in any other field of the window is still a scan.
        self.wedge = ScanKeyFilter(parent=self)
        self.wedge.set_scan_field(self.scan_field)
        self.wedge.scanned.connect(self.submit_scan)
        self.serial: QtSerialScanner | None = None

    def _connect(self) -> None:
        for mode, button in self.mode_buttons.items():
            button.clicked.connect(lambda _=False, m=mode: self.set_mode(m))
            QShortcut(QKeySequence(MODE_KEYS[mode]), self, lambda m=mode: self.set_mode(m))
        self.scan_field.returnPressed.connect(self._on_scan_field_return_pressed)
        # The field would take Ctrl+Z as "undo typing"; at the desk it means "undo the scan".
        self.scan_field.installEventFilter(self)
        self.settings_button.clicked.connect(self.edit_scanner_settings)
        self.undo_button.clicked.connect(self.undo)
        QShortcut(QKeySequence("F9"), self, self.scan_field.setFocus)
        _desk_only(QShortcut(QKeySequence.StandardKey.Undo, self, self.undo))
        self.bands_button.clicked.connect(self.print_bands)
        _desk_only(QShortcut(QKeySequence.StandardKey.Print, self, self.print_bands))
        self.due_check.toggled.connect(self._on_receive_details_changed)
        self.due_edit.dateChanged.connect(self._on_receive_details_changed)
        self.restrictions_box.currentTextChanged.connect(self._on_receive_details_changed)
        self.not_found.toggled.connect(self._on_not_found_changed)
        self.not_found_reason.currentIndexChanged.connect(self._on_not_found_changed)
        self.close_button.clicked.connect(self.close_package)
        _desk_only(QShortcut(QKeySequence("Ctrl+Return"), self, self.close_package))
        self.end_patron_button.clicked.connect(self.next_patron)
        _desk_only(QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.next_patron))

    # ------------------------------------------------------------ public API

    def set_mode(self, mode: DeskMode) -> None:
        """Switch the desk mode (one key: F2..F8)."""

        def work(_session: DeskSession, state: DeskState) -> tuple[ScanResult, DeskState]:
            fresh = replace(
                DeskState(),
                mode=mode,
                options=state.options,
                receive_due_date=state.receive_due_date,
                receive_restrictions=state.receive_restrictions,
            )
            return ScanResult(Level.INFO, f"{mode.label} mode", _mode_help(mode)), fresh

        self.show_mode(mode)
        self._submit("", work, quiet=True)
        self.mode_changed.emit(mode.value)
        self.scan_field.setFocus()

    def submit_scan(self, raw: str) -> None:
        """Handle one scan (from the field, a wedge burst or a serial scanner), in order."""

        # On a shared server that cannot be reached, the scan goes to the offline journal.
        journal = self.journal
        self._submit(
            raw, lambda session, state: offline.scan_or_journal(session, journal, raw, state)
        )

    def undo(self) -> None:
        """Undo the last scan of this batch."""

        self._submit("(undo)", lambda session, state: undo_last_scan(session.write(), state))

    def close_package(self) -> None:
        """Ship the open package (pack mode)."""
        chosen = self.method_box.currentData()
        method = DeliveryMethod(chosen) if chosen else None

        self._submit(
            "(close package)",
            lambda session, state: close_package(session.write(), state, method),
        )

    def _on_not_found_changed(self, *_args: object) -> None:
        reason = str(self.not_found_reason.currentData()) if self.not_found.isChecked() else ""

        self._set_state(lambda state: replace(state, not_found_reason=reason))

    def _on_receive_details_changed(self, *_args: object) -> None:
        due: date | None = None
        if self.due_check.isChecked():
            picked = self.due_edit.date()
            due = date(picked.year(), picked.month(), picked.day())
        text = self.restrictions_box.currentText().strip()
        restrictions = "" if text.startswith("(") else text

        self._set_state(
            lambda state: replace(state, receive_due_date=due, receive_restrictions=restrictions)
        )

    def _show_bands(self) -> None:
        self.show_bands(len(self.bands_to_print))

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
            self.show_result(
                ScanResult(Level.ERROR, "Bands not made", str(exc), "Nothing was lost: try again")
            )

        def work(session: DeskSession) -> bytes:
            from illdesk.services.printing import documents, slips  # noqa: PLC0415

            profile = _profile(documents.DocumentType.BOOK_BAND)
            return slips.book_bands(session.read(), numbers, profile=profile)

        self.services.query(work, made, failed)

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

        def make(session: DeskSession) -> tuple[bytes, bytes]:
            from illdesk.services.printing import (  # noqa: PLC0415
                documents,
                package_documents,
            )

            label = package_documents.mailing_labels(
                session.read(), [package], _profile(documents.DocumentType.MAILING_LABEL)
            )
            slip = package_documents.packing_slip(
                session.read(), package, _profile(documents.DocumentType.PACKING_SLIP)
            )
            return label, slip

        def made(documents: tuple[bytes, bytes]) -> None:
            label, slip = documents
            self.package_documents.emit(package, label, slip)
            self._preview(label, 1, f"Mailing label for {package}", "mailing_label")
            self._preview(slip, 1, f"Packing slip for {package}", "packing_slip")

        def failed(exc: Exception) -> None:
            self.show_result(
                ScanResult(
                    Level.ERROR,
                    "Label and slip not made",
                    str(exc),
                    "The package is shipped: print them from the Print menu",
                )
            )

        self.services.query(make, made, failed)

    def apply_workstation_settings(self, settings: workstation.WorkstationSettings) -> None:
        """Use this desk's saved scanner settings: prefix/suffix, sounds, serial scanner."""
        options = ScanOptions(prefix=settings.scanner_prefix, suffix=settings.scanner_suffix)

        self._set_state(lambda state: replace(state, options=options))
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
        self.show_result(
            ScanResult(Level.ERROR, "Scanner problem", message, "Scan the item again.")
        )
        self.sounds.play(Level.ERROR.value)

    def shutdown(self) -> None:
        """Stop the serial reader and finish queued scans (before the window closes)."""
        if self.serial is not None:
            self.serial.stop()
        self.wedge.uninstall()
        self.wait_idle()

    def next_patron(self) -> None:
        """Finish with the patron being served (check-out mode)."""
        if self.shown_state.mode is DeskMode.CHECK_OUT:
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

    def _set_state(self, change: Callable[[DeskState], DeskState]) -> None:
        """Change the desk's state on the writer thread, after every scan asked for before."""

        def job(_session: DeskSession) -> None:
            self._state = change(self._state)

        self.services.change(job, _nothing, self._on_job_failed)

    def _submit(
        self,
        raw: str,
        work: Callable[[DeskSession, DeskState], tuple[ScanResult, DeskState]],
        *,
        quiet: bool = False,
    ) -> None:
        """Run `work` on the writer thread with the desk's state; its answer, and a copy of
        the state it leaves, come back to `_on_job_done` on the GUI thread."""

        def job(session: DeskSession) -> tuple[str, ScanResult, DeskState, bool]:
            result, self._state = work(session, self._state)
            return raw, result, self._state, quiet

        self.services.change(job, self._on_job_done, self._on_job_failed)

    def _on_job_failed(self, exc: Exception) -> None:
        # The desk must answer every scan, even when something broke underneath.
        failed = ScanResult(Level.ERROR, "Not done", str(exc), "Try the scan again.")
        self._on_job_done(("?", failed, self.shown_state, False))

    def wait_idle(self, msecs: int = 5000) -> bool:
        """Wait for queued scans to finish and show their answers (for tests and shutdown)."""
        if not writer_idle(msecs / 1000):
            return False
        shared_dispatcher().drain()
        return True

    def _on_scan_field_return_pressed(self) -> None:
        text = self.scan_field.text()
        self.scan_field.clear()
        self.submit_scan(text)

    def _on_job_done(self, outcome: tuple[str, ScanResult, DeskState, bool]) -> None:
        raw, result, state, quiet = outcome
        self.shown_state = state
        self.show_result(result)
        self.show_context(state)
        if quiet:
            return
        self.add_to_log(raw, result)
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


def _nothing(_value: object) -> None:
    """A change with no answer to show."""


def _mode_help(mode: DeskMode) -> str:
    return {
        DeskMode.SMART: "Scan anything: ILL Desk works out what it is and does the right thing.",
        DeskMode.RECEIVE: "Scan borrowed items as they arrive, and our own items coming home.",
        DeskMode.CHECK_OUT: "Scan the patron's card, then their items.",
        DeskMode.PATRON_RETURN: "Scan items patrons bring back.",
        DeskMode.STACKS_SEARCH: "Scan lending items found on the shelf.",
        DeskMode.PACK: "Scan the items for one library, then close the package.",
    }[mode]
