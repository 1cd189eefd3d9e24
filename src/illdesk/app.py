"""Wiring for the desk window: settings, database, main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from illdesk.services.admin import workstation
from illdesk.store.database import Database, DatabaseError, UpgradeNeeded, open_database
from illdesk.store.unit_of_work import Actor
from illdesk.ui.app_fonts import register_bundled_fonts
from illdesk.ui.main_window import MainWindow
from illdesk.ui.scan_desk import ScanDesk
from illdesk.ui.setup_wizard import SetupWizard


def _confirm_upgrade(message: str) -> bool:
    answer = QMessageBox.question(None, "Upgrade the shared database?", message)
    return answer == QMessageBox.StandardButton.Yes


def run_gui(database: str | None = None, staff: str | None = None) -> int:
    """Open the database and show the desk window until it is closed."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("ILL Desk")
    app.setOrganizationName("ILL Desk")
    register_bundled_fonts()  # CJK, Arabic, Hebrew on machines without such system fonts
    if database is None and not workstation.settings_path().exists():
        # First run on this workstation: set up the library or open a demo workspace.
        wizard = SetupWizard()
        if wizard.exec() != SetupWizard.DialogCode.Accepted:
            return 0
    settings = workstation.load()
    address = database or settings.database_url()
    try:
        db = open_database(
            workstation.with_password(address),
            create=workstation.is_local_workspace(address),
            confirm_upgrade=_confirm_upgrade,
        )
    except UpgradeNeeded as exc:
        QMessageBox.information(None, "ILL Desk", str(exc))
        return 1
    except DatabaseError as exc:
        QMessageBox.critical(None, "ILL Desk cannot open its database", str(exc))
        return 1
    actor = Actor(None, staff or settings.current_staff or "Staff", settings.workstation_name)
    window = MainWindow(db, actor)
    desk = attach_scan_desk(window, db, actor)
    window.show()
    desk.install_wedge_filter()
    code = app.exec()
    desk.shutdown()
    db.dispose()
    return int(code)


def attach_scan_desk(window: MainWindow, db: Database, actor: Actor) -> ScanDesk:
    """Put the scanning desk in the window: its scanner state in the status bar, and queue
    counts refreshed after every scan that changed something."""
    desk = ScanDesk(db, actor)
    window.add_scan_desk(desk)
    desk.scanner_state.connect(window.set_scanner_state)
    window.undo_last_scan = desk.undo
    window.act_undo.setEnabled(True)  # with no request open, Ctrl+Z undoes the last scan
    desk.apply_workstation_settings(workstation.load())
    desk.result_shown.connect(
        lambda result: window.refresh_counts() if result.event_id is not None else None
    )
    return desk
