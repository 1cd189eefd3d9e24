"""Scanner settings: saved per workstation, checked, and applied to the desk at once."""

from __future__ import annotations

import os
import tty

from PySide6.QtWidgets import QDialogButtonBox

from illdesk.services.admin import workstation
from illdesk.services.desk import requests
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.scan_desk import ScanDesk
from illdesk.ui.scanner_settings import ScannerSettingsDialog, serial_settings
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
    desk = ScanDesk(db, ANN)
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
