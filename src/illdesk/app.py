"""Wiring for the desk window: settings, database, main window.

The window goes on screen first; the database opens on a worker thread right after, and the
scanning desk and the Print menu join the window once it is open. That way the first screen
never waits for SQLAlchemy, Alembic or ReportLab to load (docs/decisions/0005).
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from illdesk.services.admin import workstation
from illdesk.services.session import DatabaseNeedsUpgrade, DeskSession
from illdesk.ui.desk_messages import app_icon
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.main_window import MainWindow

if TYPE_CHECKING:
    from illdesk.ui.offline_desk import OfflineDesk
    from illdesk.ui.scan_desk import ScanDesk

log = logging.getLogger(__name__)
DAILY_BACKUP_CHECK_MS = 60 * 60 * 1000
# Set (to anything) to close the window as soon as its database is open and the desk is ready:
# how the smoke test of a built bundle and its start-up timing see a whole start succeed.
QUIT_WHEN_READY = "ILLDESK_QUIT_WHEN_READY"


# What the desk attaches once its database is open (the Print menu, the scanning desk): loaded
# on the worker right after opening, so the GUI thread does not stop for a second or more to
# import them (and the ORM mapping under them) while the window is already on screen.
LOADED_WITH_THE_DATABASE = (
    "illdesk.services.printing.documents",
    "illdesk.services.printing.package_documents",
    "illdesk.services.printing.slips",
    "illdesk.services.printing.profiles",
    "illdesk.services.desk.scan",
    "illdesk.services.desk.offline",
)


def open_for_the_desk(session: DeskSession, *, upgrade: bool = False) -> str:
    """Open the database (on a worker), then load what the desk attaches next."""
    where = session.open(upgrade=upgrade)
    for name in LOADED_WITH_THE_DATABASE:
        importlib.import_module(name)
    return where


def _confirm_upgrade(message: str) -> bool:
    answer = QMessageBox.question(None, "Upgrade the shared database?", message)
    return answer == QMessageBox.StandardButton.Yes


def run_gui(
    database: str | None = None, staff: str | None = None, workstation_name: str | None = None
) -> int:
    """Show the desk window until it is closed (the setup wizard first, on a first run)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("ILL Desk")
    app.setOrganizationName("ILL Desk")
    app.setDesktopFileName("org.illdesk.IllDesk")  # the installed menu entry (installers/)
    app.setWindowIcon(app_icon())
    if database is None and workstation.needs_first_run_setup():
        from illdesk.ui.setup_wizard import SetupWizard  # noqa: PLC0415 - first run only

        # First run on this workstation: set up the library or open a demo workspace.
        wizard = SetupWizard()
        if wizard.exec() != SetupWizard.DialogCode.Accepted:
            return 0
    settings = workstation.load()
    session = DeskSession.opening(
        database or settings.database_url(),
        staff or settings.current_staff or "Staff",
        workstation_name or settings.workstation_name,
    )
    window = open_window(ServiceFacade(session))
    code = app.exec()
    if window.scan_desk is not None:
        window.scan_desk.shutdown()
    if window.live is not None:
        window.live.stop()
    session.close()
    return 1 if window.startup_problem else int(code)


def open_window(services: ServiceFacade) -> MainWindow:
    """Show the window now; open the database in the background, then add the rest.

    There is one way in: whichever way the database opens (at once, after an upgrade the
    person agreed to, or once a shared server that was away answers again), `ready` attaches
    what the desk needs, each part once. Only the scanning desk may come first, to scan
    offline while the server is away (decision 0015).
    """
    window = MainWindow(services, database_later=True)
    window.show()

    def ready(where: str) -> None:
        # CJK, Arabic, Hebrew on machines without such system fonts, before any request's
        # text is shown; here, not before the window, because the font list comes from the
        # printing layer (ReportLab), which the first screen must not wait for.
        from illdesk.ui.app_fonts import register_bundled_fonts  # noqa: PLC0415

        register_bundled_fonts()
        window.set_database_name(where)
        window.attach_printing()
        attach_scanning(window, services)
        window.refresh()
        keep_daily_backups(window, services)
        keep_housekeeping(window, services)
        keep_lost_run(window, services)
        add_backup_action(window, services)
        if window.desk_lock is None:
            attach_desk_lock(window, services)
        else:  # attached already while offline: read the rules from the server now
            window.desk_lock.start()
        attach_live_refresh(window, services)
        attach_notice_schedule(window, services)
        if os.environ.get(QUIT_WHEN_READY):  # smoke tests and start-up timing of a bundle
            QTimer.singleShot(0, window.close)

    def failed(exc: Exception) -> None:
        if isinstance(exc, DatabaseNeedsUpgrade):
            if _confirm_upgrade(str(exc)):
                services.query(lambda s: open_for_the_desk(s, upgrade=True), ready, failed)
            else:
                refuse_to_start(window, str(exc))
            return
        from illdesk.ui import offline_desk  # noqa: PLC0415 - after the first screen

        if offline_desk.can_start_offline(services, exc):
            attach_scanning(window, services).work_offline(str(exc))
            attach_desk_lock(window, services)  # who scans: checked against a copied staff list
            keep_trying_the_server(window, services, ready)
            return
        refuse_to_start(window, str(exc), title="ILL Desk cannot open its database")

    services.query(open_for_the_desk, ready, failed)
    return window


def refuse_to_start(window: MainWindow, problem: str, *, title: str = "") -> None:
    """Say why the desk cannot open (a refused upgrade is told plainly, anything else as an
    error under `title`), then close the window; `run_gui` then ends with status 1."""
    window.startup_problem = problem
    if title:
        QMessageBox.critical(window, title, problem)
    else:
        QMessageBox.information(window, "ILL Desk", problem)
    window.close()


def keep_trying_the_server(
    window: MainWindow, services: ServiceFacade, ready: Callable[[str], None]
) -> None:
    """The shared server is away at start: try the database again every `REOPEN_MS` until
    it opens, then let the rest of the window come (`ready`)."""
    from illdesk.ui.offline_desk import REOPEN_MS  # noqa: PLC0415

    timer = QTimer(window)
    timer.setInterval(REOPEN_MS)

    def opened(where: str) -> None:
        if timer.isActive():
            timer.stop()
            ready(where)

    timer.timeout.connect(lambda: services.query(open_for_the_desk, opened, lambda _exc: None))
    timer.start()


def attach_scanning(window: MainWindow, services: ServiceFacade) -> OfflineDesk:
    """The scanning desk, its scanner wedge and its offline link, attached once: at the
    first call (a normal start, or a start with the server away), and found again after."""
    if window.offline_desk is None:
        window.scan_desk = attach_scan_desk(window, services)
        window.scan_desk.install_wedge_filter()
        window.offline_desk = attach_offline_desk(window, window.scan_desk, services)
    return window.offline_desk


def add_backup_action(window: MainWindow, services: ServiceFacade) -> None:
    """Desk > Back up the database… (ui/backup_action.py)."""
    from illdesk.ui.backup_action import add_backup_action as add  # noqa: PLC0415

    add(window, services)


def keep_daily_backups(window: MainWindow, services: ServiceFacade) -> None:
    """The local workspace's automatic daily copy: now, and every hour after (a desk left
    open overnight makes the next day's copy in the morning). A shared database is the
    server's business, and nothing is done for it."""
    from illdesk.services.admin.backups import daily_backup  # noqa: PLC0415

    def failed(exc: Exception) -> None:
        log.warning("The daily backup copy could not be made: %s", exc)
        window.statusBar().showMessage(f"The daily backup copy could not be made: {exc}")

    def run() -> None:
        services.query(daily_backup, lambda _done: None, failed)

    timer = QTimer(window)
    timer.setInterval(DAILY_BACKUP_CHECK_MS)
    timer.timeout.connect(run)
    timer.start()
    run()


def keep_housekeeping(window: MainWindow, services: ServiceFacade) -> None:
    """Months that are due freeze and patron data that is due is purged, in ILL Desk's own
    name: now, and every hour after (services/reports/housekeeping.py)."""
    from illdesk.services.reports.housekeeping import daily_housekeeping  # noqa: PLC0415

    def failed(exc: Exception) -> None:
        log.warning("Freezing months or purging patron data did not run: %s", exc)

    def run() -> None:
        services.change(daily_housekeeping, lambda _done: None, failed)

    timer = QTimer(window)
    timer.setInterval(DAILY_BACKUP_CHECK_MS)
    timer.timeout.connect(run)
    timer.start()
    run()


def keep_lost_run(window: MainWindow, services: ServiceFacade) -> None:
    """Items lost by the money rules declared lost, with their charges, when the library
    turned it on (money.declare_lost_in_desk): now, and every hour after."""
    from illdesk.services.money.lost_run import desk_lost_run  # noqa: PLC0415

    def failed(exc: Exception) -> None:
        log.warning("The lost declaration did not run: %s", exc)

    def run() -> None:
        services.change(desk_lost_run, lambda _done: None, failed)

    timer = QTimer(window)
    timer.setInterval(DAILY_BACKUP_CHECK_MS)
    timer.timeout.connect(run)
    timer.start()
    run()


def attach_live_refresh(window: MainWindow, services: ServiceFacade) -> None:
    """Changes at other workstations shown as they happen (a shared database only)."""
    from illdesk.ui.live_refresh import LiveRefresh  # noqa: PLC0415 - after the first screen

    window.live = LiveRefresh(window, services)
    window.live.start()


def attach_offline_desk(window: MainWindow, desk: ScanDesk, services: ServiceFacade) -> OfflineDesk:
    """The status bar says when the desk is offline; Desk > Offline journal… (decision 0015)."""
    from illdesk.ui.offline_desk import OfflineDesk  # noqa: PLC0415 - after the first screen

    link = OfflineDesk(window, desk, services)
    link.start()
    return link


def attach_notice_schedule(window: MainWindow, services: ServiceFacade) -> None:
    """The day's notices made at the set time (or when the desk opens after it), and the
    queued e-mails sent in the background (ui/notice_schedule.py)."""
    from illdesk.ui.notice_schedule import NoticeSchedule  # noqa: PLC0415 - after the first screen

    schedule = NoticeSchedule(services, window)
    schedule.message.connect(lambda text: window.statusBar().showMessage(text, 30_000))
    schedule.start()


def attach_desk_lock(window: MainWindow, services: ServiceFacade) -> None:
    """Sign-in, switching people and the idle lock (decision 0015)."""
    from illdesk.ui.desk_lock import DeskLock  # noqa: PLC0415 - after the first screen

    window.desk_lock = DeskLock(window, services)
    window.desk_lock.start()


def attach_scan_desk(window: MainWindow, services: ServiceFacade) -> ScanDesk:
    """Put the scanning desk in the window: its scanner state in the status bar, and the
    counts of the queues a scan can change refreshed (at most once a second) after it."""
    from illdesk.ui.scan_desk import ScanDesk  # noqa: PLC0415 - loads the scan service

    desk = ScanDesk(services)
    window.add_scan_desk(desk)
    desk.scanner_state.connect(window.set_scanner_state)
    window.undo_last_scan = desk.undo
    window.act_undo.setEnabled(True)  # with no request open, Ctrl+Z undoes the last scan
    desk.apply_workstation_settings(workstation.load())
    desk.result_shown.connect(
        lambda result: (
            window.refresh_after_scan(result.action) if result.event_id is not None else None
        )
    )
    return desk
