"""The scanners of this desk: keyboard-scanner prefix/suffix and the serial scanner's port.

Settings belong to the workstation (each desk has its own scanner), so they are kept in the
workstation settings file, not in the shared database.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.devices.framing import Terminator
from illdesk.devices.serial_scanner import SerialScannerSettings, list_ports
from illdesk.services.admin import workstation

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
        self.settings.scanner_prefix = self.prefix.text()
        self.settings.scanner_suffix = self.suffix.text()
        self.settings.serial_scanner = serial
        self.settings.desk_sounds = self.sounds.isChecked()
        workstation.save(self.settings)
        self.accept()
