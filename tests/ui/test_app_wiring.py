"""The scanning desk inside the desk window: scanner state in the status bar, counts refreshed."""

from __future__ import annotations

from illdesk.app import attach_scan_desk
from illdesk.services import requests
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
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
    window = MainWindow(db, ANN)
    qtbot.addWidget(window)
    refreshed: list[bool] = []
    monkeypatch.setattr(window, "refresh_counts", lambda: refreshed.append(True))
    desk = attach_scan_desk(window, db, ANN)
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
