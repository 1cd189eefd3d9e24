"""The scanning desk inside the desk window: scanner state in the status bar, counts refreshed."""

from __future__ import annotations

from illdesk.app import attach_scan_desk
from illdesk.services.desk import requests
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory


def test_scan_desk_docked_in_the_window(qtbot, sqlite_url, clock, monkeypatch) -> None:
    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    row = borrow(uow)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    window = MainWindow(facade_for(db, ANN))
    qtbot.addWidget(window)
    refreshed: list[bool] = []
    # Scans recount through refresh_after_scan (only the queues the action can change, at most
    # once a second: tests/ui/test_queue_tree.py).
    monkeypatch.setattr(window, "refresh_after_scan", lambda _action: refreshed.append(True))
    desk = attach_scan_desk(window, window.services)
    window.show()
    desk.scanner_state.emit("connected")
    assert window.scanner_label.text() == "Scanner: connected"
    with qtbot.waitSignal(desk.result_shown, timeout=10_000):
        desk.submit_scan("NO-SUCH-BARCODE")
    assert refreshed == []  # nothing changed, nothing to recount
    with qtbot.waitSignal(desk.result_shown, timeout=10_000):
        desk.submit_scan(row.number)
    assert refreshed == [True]
    desk.shutdown()
    db.dispose()


def test_shared_keys_are_not_ambiguous_with_the_desk_docked(qtbot, sqlite_url, clock) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    row = borrow(uow)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    window = MainWindow(facade_for(db, ANN))
    qtbot.addWidget(window)
    desk = attach_scan_desk(window, window.services)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(desk.result_shown, timeout=10_000):
        desk.submit_scan(row.number)
    # In the desk, Ctrl+Z undoes the scan...
    desk.scan_field.setFocus()
    with qtbot.waitSignal(desk.result_shown, timeout=10_000) as blocker:
        QTest.keyClick(desk.scan_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].headline == "Last scan undone"
    # ...elsewhere in the window the same keys belong to the window. Were the desk's shortcuts
    # live there too, Qt would log "Ambiguous shortcut overload" (a warning, which fails any
    # test here) and fire neither.
    window.activateWindow()
    qtbot.waitActive(window)
    elsewhere = window.centralWidget()
    elsewhere.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    elsewhere.setFocus()
    qtbot.waitUntil(lambda: window.focusWidget() is elsewhere)
    from PySide6.QtGui import QAction, QKeySequence

    undo = [
        a
        for a in window.findChildren(QAction)
        if a.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    ]
    assert len(undo) == 1
    fired: list[bool] = []
    undo[0].triggered.connect(lambda: fired.append(True))
    undo[0].setEnabled(True)  # as when a request is open in the detail panel
    QTest.keyClick(elsewhere, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert fired == [True]
    desk.shutdown()
    db.dispose()


def test_the_scanning_desk_is_attached_once_whichever_way_the_desk_starts(
    qtbot, sqlite_url, clock
) -> None:
    """A start with the server away attaches the scanning desk to scan offline; when the
    database opens later the one start-up path finds it there instead of docking a second."""
    from PySide6.QtWidgets import QDockWidget

    from illdesk.app import attach_scanning

    db = open_database(sqlite_url)
    window = MainWindow(facade_for(db, ANN))
    qtbot.addWidget(window)
    offline_first = attach_scanning(window, window.services)  # the server was away
    desk = window.scan_desk
    assert attach_scanning(window, window.services) is offline_first  # it answered
    assert window.scan_desk is desk and window.offline_desk is offline_first
    docks = [d for d in window.findChildren(QDockWidget) if d.objectName() == "scan-desk-dock"]
    assert len(docks) == 1
    offline_first.stop()
    desk.shutdown()
    db.dispose()
