"""Scanner settings: saved per workstation, checked, and applied to the desk at once."""

from __future__ import annotations

import os
import tty

from PySide6.QtWidgets import QDialogButtonBox

from illdesk.services.admin import workstation
from illdesk.services.desk import requests
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.scan_desk import ScanDesk
from illdesk.ui.scanner_settings import (
    ScannerSettingsDialog,
    burst_limits,
    serial_settings,
    wedge_settings,
)
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory


def save_button(dialog: ScannerSettingsDialog):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Save)


def test_settings_are_checked_and_saved(qtbot) -> None:
    dialog = ScannerSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.use_serial.setChecked(True)
    dialog.port.setEditText("")
    save_button(dialog).click()
    assert "cannot work" in dialog.error.text()
    assert workstation.load().serial_scanner == {}
    dialog.port.setEditText("/dev/ttyUSB7")
    dialog.baud.setCurrentIndex(dialog.baud.findData(19200))
    dialog.prefix.setText("#")
    dialog.sounds.setChecked(False)
    save_button(dialog).click()
    saved = workstation.load()
    assert saved.scanner_prefix == "#" and not saved.desk_sounds
    serial = serial_settings(saved)
    assert serial is not None and (serial.port, serial.baudrate) == ("/dev/ttyUSB7", 19200)
    again = ScannerSettingsDialog()
    qtbot.addWidget(again)
    assert again.use_serial.isChecked() and again.port.currentText() == "/dev/ttyUSB7"
    assert again.baud.currentData() == 19200


def test_desk_uses_the_saved_serial_port_and_prefix(qtbot, sqlite_url, clock) -> None:
    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    numbers = []
    for title in ("Comets", "Rivers"):
        row = borrow(uow, title, allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    master, slave = os.openpty()
    tty.setraw(slave)
    settings = workstation.load()
    settings.scanner_prefix = "#"
    settings.serial_scanner = {"port": os.ttyname(slave), "baudrate": 9600}
    workstation.save(settings)
    desk = ScanDesk(facade_for(db, ANN))
    qtbot.addWidget(desk)
    states: list[str] = []
    desk.scanner_state.connect(states.append)
    try:
        desk.apply_workstation_settings(workstation.load())
        qtbot.waitUntil(lambda: "connected" in states, timeout=5_000)
        with qtbot.waitSignal(desk.result_shown, timeout=10_000) as blocker:
            os.write(master, f"#{numbers[0]}\r".encode())
        assert blocker.args[0].headline == "Received"
        with qtbot.waitSignal(desk.result_shown, timeout=10_000) as blocker:
            desk.submit_scan(f"#{numbers[1]}")
        assert blocker.args[0].headline == "Received"
        with qtbot.waitSignal(desk.result_shown, timeout=10_000) as blocker:
            desk.submit_scan(numbers[0])  # typed without the prefix: still understood
        assert blocker.args[0].number == numbers[0]
    finally:
        desk.shutdown()
        os.close(master)
        os.close(slave)
        db.dispose()


def _scan_with_timing(field, text: str, start_ms: int, gap_ms: int) -> None:
    """Type ``text`` + Enter into ``field`` with key events stamped ``gap_ms`` apart."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    stamp = start_ms
    for char in [*text, "\r"]:
        key = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_A
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(stamp)
        QApplication.sendEvent(field, event)
        stamp += gap_ms


def test_testing_the_scanner_measures_it_and_proposes_limits(qtbot) -> None:
    dialog = ScannerSettingsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.show_measurement() is None
    assert "Nothing measured" in dialog.measured.text()
    for round_number in range(3):
        _scan_with_timing(dialog.test_field, "31234000012342", 10_000 * (round_number + 1), 9)
    measured = dialog.show_measurement()
    assert measured is not None and measured.bursts == 3
    assert round(measured.median_gap * 1000) == 9
    assert "9 ms apart" in dialog.measured.text()
    assert dialog.max_median_gap.value() == 18
    assert dialog.test_field.text() == ""
    assert dialog.isVisible()  # the Enter of a test scan does not press Save
    save_button(dialog).click()
    assert dialog.error.text() == ""
    limits = burst_limits(workstation.load())
    assert limits.max_median_gap == 0.018
    assert wedge_settings(workstation.load()).max_median_gap == 0.018
