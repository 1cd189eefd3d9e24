"""The desk window when the network to the shared server goes and comes back (a real TCP proxy
in front of the real PostgreSQL server): it says so in words, never a traceback, keeps trying
by itself, and shows what changed meanwhile once the server is back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QApplication

from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.live_refresh import BACK, LOST, LiveRefresh
from illdesk.ui.main_window import MainWindow
from tests.conftest import ANN, BO
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.helpers import borrow, seed_directory

TIMEOUT = 15_000


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def test_the_window_says_the_connection_is_lost_retries_and_catches_up(
    qtbot, pg_db: Database, pg_url: str
) -> None:
    def as_bo(**kw: bool) -> UnitOfWork:
        return UnitOfWork(pg_db, BO, **kw)

    seed_directory(as_bo)
    borrow(as_bo, "Salmon and Rivers")
    server = sa.make_url(pg_url)
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through = server.set(host="127.0.0.1", port=proxy.port)
        desk_db = open_database(through.render_as_string(hide_password=False))
        services = facade_for(desk_db, ANN)
        win = MainWindow(services)
        qtbot.addWidget(win)
        win.show()
        watcher = LiveRefresh(win, services)
        win.live = watcher
        watcher.start()
        qtbot.waitUntil(lambda: watcher.state_label.text() == "Live: on", timeout=TIMEOUT)
        qtbot.waitUntil(lambda: sum(win.counts.values()) > 0, timeout=TIMEOUT)
        before = dict(win.counts)

        proxy.cut()  # the network goes
        qtbot.waitUntil(lambda: "reconnecting" in watcher.state_label.text(), timeout=TIMEOUT)
        assert win.statusBar().currentMessage() == LOST
        problems: list[str] = []
        win.tree.failed.connect(problems.append)
        win.refresh_counts()  # anything asked of the server now is refused in words
        qtbot.waitUntil(lambda: bool(problems), timeout=TIMEOUT)
        assert "cannot be reached" in problems[0] and "Work already saved is safe" in problems[0]
        assert "Traceback" not in problems[0] and "psycopg" not in problems[0]
        # No box stands over the desk (it keeps scanning offline): a banner says it instead.
        assert win.dialog is None and QApplication.activeModalWidget() is None
        assert win.server_banner.isVisible() and "cannot be reached" in win.server_banner.text()

        borrow(as_bo, "Quilts of the Oregon Trail")  # another desk works on meanwhile
        proxy.restore()  # the network is back: the window finds it by itself
        qtbot.waitUntil(lambda: watcher.state_label.text() == "Live: on", timeout=TIMEOUT)
        qtbot.waitUntil(lambda: dict(win.counts) != before, timeout=TIMEOUT)
        assert win.statusBar().currentMessage() == BACK
        qtbot.waitUntil(lambda: not win.server_banner.isVisible(), timeout=TIMEOUT)
        watcher.stop()
        desk_db.dispose()
