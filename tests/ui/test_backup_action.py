"""Desk > Back up the database… makes a checked copy while the window stays usable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from illdesk.services.admin import backups
from illdesk.store.database import open_database
from illdesk.ui.backup_action import add_backup_action
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow
from tests.conftest import ANN


def _window(qtbot, sqlite_url: str):
    db = open_database(sqlite_url)
    window = MainWindow(facade_for(db, ANN))
    qtbot.addWidget(window)
    return db, window, add_backup_action(window, window.services)


def test_the_desk_menu_backs_up(qtbot, sqlite_url: str, tmp_path: Path, monkeypatch) -> None:
    db, window, action = _window(qtbot, sqlite_url)
    target = tmp_path / "from-the-window.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=20_000)
    assert window.dialog.windowTitle() == "Backup made"
    assert backups.examine(target).requests == 0
    window.dialog.close()
    db.dispose()


def test_an_existing_file_is_refused_in_words(
    qtbot, sqlite_url: str, tmp_path: Path, monkeypatch
) -> None:
    db, window, action = _window(qtbot, sqlite_url)
    target = tmp_path / "taken.sqlite"
    target.write_bytes(b"something of value")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=20_000)
    assert "already exists" in window.dialog.text()
    assert target.read_bytes() == b"something of value"
    window.dialog.close()
    db.dispose()
