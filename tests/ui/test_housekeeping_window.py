"""The desk window freezes the months that are due once its database is open."""

from __future__ import annotations

from datetime import UTC, datetime

from illdesk.app import open_window
from illdesk.services.reports import archive
from illdesk.services.session import DeskSession
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import ServiceFacade
from tests.conftest import ANN, Clock
from tests.integration.reports_history import make_history


def test_the_window_freezes_due_months(qtbot, sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    clock = Clock(datetime(2026, 3, 2, 15, tzinfo=UTC))
    make_history(lambda *a, **k: UnitOfWork(db, ANN, clock, **k), clock)
    session = DeskSession.opening(sqlite_url, "Ann Archer", "DESK-1")
    window = open_window(ServiceFacade(session))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.scan_desk is not None, timeout=20_000)
    qtbot.waitUntil(
        lambda: "2026-03" in archive.frozen_months(UnitOfWork(db, read_only=True)),
        timeout=20_000,
    )
    assert window.scan_desk is not None
    window.scan_desk.shutdown()
    window.close()
    session.close()
    db.dispose()
