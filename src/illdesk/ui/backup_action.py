"""Desk > Back up the database…: the same consistent copy as `illdesk backup FILE`, from the
window, while the desk keeps working (the copy is made on a worker)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from illdesk.ui.desk_messages import problem_box
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.services.admin.backups import BackupFile
    from illdesk.services.session import DeskSession
    from illdesk.ui.main_window import MainWindow


def add_backup_action(window: MainWindow, services: ServiceFacade) -> QAction:
    """Put "Back up the database…" in the Desk menu, above Quit."""
    action = QAction("&Back up the database…", window)
    action.setStatusTip("Save a copy of the database now; the desk keeps working meanwhile")
    action.triggered.connect(lambda: back_up(window, services))
    desk_menu = window.menuBar().actions()[0].menu()
    if isinstance(desk_menu, QMenu):
        desk_menu.insertAction(window.act_quit, action)
    return action


def back_up(window: MainWindow, services: ServiceFacade) -> None:
    """Ask where, then make the copy in the background and say how it went."""
    shared = services.display_name.startswith("Shared")
    suffix = "dump" if shared else "sqlite"
    suggested = Path.home() / f"illdesk-backup-{date.today().isoformat()}.{suffix}"
    chosen, _filter = QFileDialog.getSaveFileName(
        window,
        "Back up the database",
        str(suggested),
        "PostgreSQL dump (*.dump)" if shared else "Database copy (*.sqlite)",
        options=QFileDialog.Option.DontConfirmOverwrite,  # an existing file is refused anyway
    )
    if not chosen:
        return
    target = Path(chosen)
    window.statusBar().showMessage(f"Backing up the database to {target} …")

    def work(session: DeskSession) -> BackupFile:
        from illdesk.services.admin.backups import back_up_open_database  # noqa: PLC0415

        return back_up_open_database(session, target)

    def done(made: BackupFile) -> None:
        from illdesk.services.admin.backups import describe  # noqa: PLC0415

        window.statusBar().showMessage(f"Backed up to {target}", 10_000)
        box = QMessageBox(window)
        box.setWindowTitle("Backup made")
        box.setText(f"The database is backed up to {target}.")
        box.setInformativeText(
            f"{describe(made)}\n\nTo put it back: close ILL Desk and run "
            f'illdesk restore "{target}" (see the admin guide).'
        )
        window.open_dialog(box)

    def failed(exc: Exception) -> None:
        window.statusBar().clearMessage()
        window.open_dialog(problem_box(window, f"No backup was made: {exc}"))

    services.query(work, done, failed)
