"""The desk window makes the local workspace's daily backup copy once its database is open."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from illdesk.app import open_window
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade


def test_the_window_makes_the_daily_copy(qtbot, sqlite_url: str) -> None:
    folder = Path(sa.make_url(sqlite_url).database or "").parent
    session = DeskSession.opening(sqlite_url, "Ann Archer", "DESK-1")
    window = open_window(ServiceFacade(session))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.scan_desk is not None, timeout=20_000)
    qtbot.waitUntil(lambda: any(folder.glob("desk.backup-daily-*.sqlite")), timeout=20_000)
    assert "backup" not in window.statusBar().currentMessage()  # no failure reported
    assert window.scan_desk is not None
    window.scan_desk.shutdown()
    window.close()
    session.close()
