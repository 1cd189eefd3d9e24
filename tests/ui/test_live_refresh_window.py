"""The desk window follows another workstation's changes on the real PostgreSQL server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from illdesk.services.desk import live
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.live_refresh import LiveRefresh
from illdesk.ui.main_window import MainWindow
from tests.integration.helpers import borrow, seed_directory
from tests.ui.helpers import settle

ANN = Actor(None, "Ann Archer", "DESK-1")
BO = Actor(None, "Bo Brandt", "DESK-2")
TIMEOUT = 10_000


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def test_the_window_shows_another_desks_change_and_mark(qtbot, pg_db: Database) -> None:
    def as_bo(actor: Actor = BO, **kw: bool) -> UnitOfWork:
        return UnitOfWork(pg_db, actor, **kw)

    seed_directory(as_bo)
    first = borrow(as_bo, "Salmon and Rivers")
    services = facade_for(pg_db, ANN)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.show()
    watcher = LiveRefresh(win, services)
    win.live = watcher
    watcher.start()
    qtbot.waitUntil(lambda: watcher.state_label.text() == "Live: on", timeout=TIMEOUT)
    win.open_request(first.number)
    qtbot.waitUntil(lambda: win.detail is not None, timeout=TIMEOUT)

    # Bo, at another desk, opens it for editing: Ann's detail says so, with name and desk.
    live.mark_in_processing(as_bo(), first.number)
    qtbot.waitUntil(lambda: watcher.heard >= 1, timeout=TIMEOUT)
    qtbot.waitUntil(watcher.mark_label.isVisible, timeout=TIMEOUT)
    assert "In processing by Bo Brandt at DESK-2" in watcher.mark_label.text()

    # Bo adds a request: Ann's counts move without her pressing anything.
    before = dict(win.counts)
    borrow(as_bo, "Quilts of the Oregon Trail")
    qtbot.waitUntil(lambda: dict(win.counts) != before, timeout=TIMEOUT)

    live.clear_mark(as_bo(), first.number)
    qtbot.waitUntil(lambda: not watcher.mark_label.isVisible(), timeout=TIMEOUT)
    watcher.stop()
    settle()
