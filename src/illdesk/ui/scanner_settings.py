"""The scanners of this desk: keyboard-scanner prefix/suffix and pace, the serial scanner's port.

"Test your scanner" measures the keyboard scanner actually connected: each test scan's key
timing is recorded and limits are proposed from it (``devices.burst.measure_scanner``), so a
desk whose scanner is slower or faster than usual still tells its scans from typing.

Settings belong to the workstation (each desk has its own scanner), so they are kept in the
workstation settings file, not in the shared database.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.devices.burst import BurstLimits, ScannerMeasurement, measure_scanner
from illdesk.devices.framing import Terminator
from illdesk.devices.serial_scanner import SerialScannerSettings, list_ports
from illdesk.devices.wedge import WedgeSettings
from illdesk.services.admin import workstation
from illdesk.ui.scan_filter import mark_barcode_field

BAUD_RATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)
PARITIES = {"N": "None", "E": "Even", "O": "Odd", "M": "Mark", "S": "Space"}
TERMINATORS = {
    Terminator.CR: "Carriage return (CR) — most scanners",
    Terminator.LF: "Line feed (LF)",
    Terminator.CRLF: "CR + LF",
    Terminator.NONE: "Nothing (a pause ends the scan)",
}


def serial_settings(settings: workstation.WorkstationSettings) -> SerialScannerSettings | None:
    """The saved serial scanner, or None when this desk has none (or the file is damaged)."""
    data = dict(settings.serial_scanner)
    if not data.get("port"):
        return None
    try:
        return SerialScannerSettings(
            port=str(data["port"]),
            baudrate=int(data.get("baudrate", 9600)),
            bytesize=int(data.get("bytesize", 8)),
            parity=str(data.get("parity", "N")),
            stopbits=float(data.get("stopbits", 1)),
            terminator=Terminator(data.get("terminator", Terminator.CR.value)),
        )
    except (ValueError, KeyError):
        return None


def burst_limits(settings: workstation.WorkstationSettings) -> BurstLimits:
    """The saved limits for telling scans from typing (the defaults if none or damaged)."""
    saved = dict(settings.scanner_limits)
    default = BurstLimits()
    try:
        return BurstLimits(
            max_gap=float(saved.get("max_gap", default.max_gap)),
            max_median_gap=float(saved.get("max_median_gap", default.max_median_gap)),
            max_uneven_share=float(saved.get("max_uneven_share", default.max_uneven_share)),
            min_length=int(saved.get("min_length", default.min_length)),
        )
    except (TypeError, ValueError):
        return default


def wedge_settings(settings: workstation.WorkstationSettings) -> WedgeSettings:
    """The keyboard-wedge detector's settings for this desk.

    The prefix and suffix are not given to the detector: the scan's normaliser removes them
    (once), for scans from every source alike.
    """
    limits = burst_limits(settings)
    return WedgeSettings(
        max_gap=limits.max_gap,
        max_median_gap=limits.max_median_gap,
        max_uneven_share=limits.max_uneven_share,
        min_length=limits.min_length,
    )


class ScanTimingRecorder(QObject):
    """Records the key timing of test scans typed into one field (an event filter on it).

    The Enter that ends a test scan is kept from the dialog (it would press Save); ``measured``
    is emitted instead.
    """

    measured = Signal()

    def __init__(self, field: QLineEdit) -> None:
        super().__init__(field)
        self.bursts: list[list[float]] = []
        self._stamps: list[float] = []
        field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Note when each key of a scan came; Enter closes one test scan."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._stamps.append(event.timestamp() / 1000.0)
            return False
        stamps, self._stamps = [*self._stamps, event.timestamp() / 1000.0], []
        if len(stamps) >= 4:
            self.bursts.append([b - a for a, b in itertools.pairwise(stamps)])
        if isinstance(watched, QLineEdit):
            watched.clear()
        self.measured.emit()
        return True


class ScannerSettingsDialog(QDialog):
    """Edit and save this desk's scanner settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scanner settings")
        self.settings = workstation.load()
        layout = QVBoxLayout(self)

        keyboard = QGroupBox("USB scanner (types like a keyboard)")
        form = QFormLayout(keyboard)
        self.prefix = QLineEdit(self.settings.scanner_prefix)
        self.prefix.setAccessibleName("Characters the scanner adds before each barcode")
        self.suffix = QLineEdit(self.settings.scanner_suffix)
        self.suffix.setAccessibleName("Characters the scanner adds after each barcode")
        form.addRow("Added before each barcode:", self.prefix)
        form.addRow("Added after each barcode:", self.suffix)
        limits = burst_limits(self.settings)
        self.max_median_gap = _milliseconds(limits.max_median_gap, "Typical pause in a scan")
        self.max_gap = _milliseconds(limits.max_gap, "Longest pause in a scan")
        form.addRow("A scan's keys are typically at most:", self.max_median_gap)
        form.addRow("No pause inside a scan is longer than:", self.max_gap)
        self.test_field = QLineEdit()
        self.test_field.setPlaceholderText("Test your scanner: scan any barcode here, 3 times")
        self.test_field.setAccessibleName("Test your scanner: scan a barcode here")
        mark_barcode_field(self.test_field)
        self.recorder = ScanTimingRecorder(self.test_field)
        self.recorder.measured.connect(self.show_measurement)
        form.addRow("Test your scanner:", self.test_field)
        self.measured = QLabel(
            "Scan a barcode into the test field: ILL Desk measures how fast this scanner types "
            "and proposes the pauses above."
        )
        self.measured.setWordWrap(True)
        form.addRow(self.measured)
        layout.addWidget(keyboard)

        serial = QGroupBox("Serial scanner (cable to a COM or tty port)")
        serial_form = QFormLayout(serial)
        self.use_serial = QCheckBox("This desk has a serial scanner")
        serial_form.addRow(self.use_serial)
        port_row = QHBoxLayout()
        self.port = QComboBox()
        self.port.setEditable(True)
        self.port.setAccessibleName("Serial port")
        refresh = QPushButton("Look for ports")
        refresh.clicked.connect(self.refresh_ports)
        port_row.addWidget(self.port, 1)
        port_row.addWidget(refresh)
        serial_form.addRow("Port:", port_row)
        self.baud = QComboBox()
        for rate in BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self.baud.setAccessibleName("Baud rate")
        self.bytesize = QComboBox()
        for bits in (8, 7, 6, 5):
            self.bytesize.addItem(str(bits), bits)
        self.parity = QComboBox()
        for code, label in PARITIES.items():
            self.parity.addItem(label, code)
        self.stopbits = QComboBox()
        for stop in (1.0, 1.5, 2.0):
            self.stopbits.addItem(f"{stop:g}", stop)
        self.terminator = QComboBox()
        for term, label in TERMINATORS.items():
            self.terminator.addItem(label, term.value)
        serial_form.addRow("Speed (baud):", self.baud)
        serial_form.addRow("Data bits:", self.bytesize)
        serial_form.addRow("Parity:", self.parity)
        serial_form.addRow("Stop bits:", self.stopbits)
        serial_form.addRow("Ends each barcode with:", self.terminator)
        self.note = QLabel(
            "The factory settings of most scanners are 9600 baud, 8 data bits, "
            "no parity, 1 stop bit, carriage return."
        )
        self.note.setWordWrap(True)
        serial_form.addRow(self.note)
        layout.addWidget(serial)

        self.sounds = QCheckBox("Sounds for each scan")
        self.sounds.setChecked(self.settings.desk_sounds)
        layout.addWidget(self.sounds)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.error = QLabel("")
        self.error.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.error)

        self.refresh_ports()
        self._show_saved(self.settings.serial_scanner)

    def show_measurement(self) -> ScannerMeasurement | None:
        """Measure the test scans so far and fill in the limits they suggest."""
        current = BurstLimits(
            max_gap=max(self.max_gap.value(), self.max_median_gap.value()) / 1000,
            max_median_gap=self.max_median_gap.value() / 1000,
        )
        try:
            measured = measure_scanner(self.recorder.bursts, current)
        except ValueError:
            self.measured.setText("Nothing measured yet: scan a barcode into the test field.")
            return None
        self.max_median_gap.setValue(measured.proposed.max_median_gap * 1000)
        self.max_gap.setValue(measured.proposed.max_gap * 1000)
        self.measured.setText(f"{measured.summary} Proposed pauses filled in: Save to use them.")
        return measured

    def refresh_ports(self) -> None:
        """List the serial ports present now (a scanner plugged in later shows up here)."""
        current = self.port.currentText()
        self.port.clear()
        for info in list_ports():
            self.port.addItem(info.label, info.device)
        if current:
            self.port.setEditText(current)

    def _show_saved(self, saved: dict[str, Any]) -> None:
        self.use_serial.setChecked(bool(saved.get("port")))
        if saved.get("port"):
            index = self.port.findData(saved["port"])
            if index >= 0:
                self.port.setCurrentIndex(index)
            else:
                self.port.setEditText(str(saved["port"]))
        for box, key, default in (
            (self.baud, "baudrate", 9600),
            (self.bytesize, "bytesize", 8),
            (self.parity, "parity", "N"),
            (self.stopbits, "stopbits", 1.0),
            (self.terminator, "terminator", Terminator.CR.value),
        ):
            index = box.findData(saved.get(key, default))
            box.setCurrentIndex(max(0, index))

    def chosen_port(self) -> str:
        data = self.port.currentData()
        text = self.port.currentText().strip()
        # A port typed by hand (or a label that no longer matches) is taken as typed.
        return str(data) if data and self.port.itemText(self.port.currentIndex()) == text else text

    def save(self) -> None:
        """Check and save; the desk picks the new settings up at once."""
        serial: dict[str, Any] = {}
        if self.use_serial.isChecked():
            serial = {
                "port": self.chosen_port(),
                "baudrate": self.baud.currentData(),
                "bytesize": self.bytesize.currentData(),
                "parity": self.parity.currentData(),
                "stopbits": self.stopbits.currentData(),
                "terminator": self.terminator.currentData(),
            }
            try:
                SerialScannerSettings(
                    port=serial["port"],
                    baudrate=serial["baudrate"],
                    bytesize=serial["bytesize"],
                    parity=serial["parity"],
                    stopbits=serial["stopbits"],
                    terminator=Terminator(serial["terminator"]),
                )
            except ValueError as exc:
                self.error.setText(f"These serial settings cannot work: {exc}.")
                return
        typical, longest = self.max_median_gap.value() / 1000, self.max_gap.value() / 1000
        if typical > longest:
            self.error.setText(
                "The typical pause cannot be longer than the longest pause: raise the longest."
            )
            return
        self.settings.scanner_prefix = self.prefix.text()
        self.settings.scanner_suffix = self.suffix.text()
        self.settings.serial_scanner = serial
        self.settings.scanner_limits = {
            **self.settings.scanner_limits,
            "max_gap": longest,
            "max_median_gap": typical,
        }
        self.settings.desk_sounds = self.sounds.isChecked()
        workstation.save(self.settings)
        self.accept()


def _milliseconds(seconds: float, name: str) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(2.0, 100.0)
    box.setDecimals(0)
    box.setSuffix(" ms")
    box.setValue(seconds * 1000)
    box.setAccessibleName(name)
    return box
