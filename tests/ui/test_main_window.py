"""The first desk window on a demo workspace: counts arrive without blocking, rows load."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import Actor
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow
from illdesk.ui.queue_model import COLUMN_INDEX, PAGE_SIZE
from tests.ui.helpers import settle


@pytest.fixture
def window(qtbot, sqlite_url):
    db = open_database(sqlite_url)
    make_demo(db, size=DemoSize(libraries=8, patrons=20, requests=80))
    win = MainWindow(facade_for(db, Actor(None, "Ann Archer", "DESK-1")))
    qtbot.addWidget(win)
    yield win
    settle()
    db.dispose()


def test_queue_counts_load_in_the_background_and_a_queue_opens(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.tree.topLevelItemCount() == 5, timeout=10_000)
    groups = [window.tree.topLevelItem(i).text(0) for i in range(5)]
    assert groups == ["Borrowing", "Lending", "Receiving", "Shipping", "Money"]
    borrowing = window.tree.topLevelItem(0)
    counts = {
        borrowing.child(i).text(0): int(borrowing.child(i).text(1))
        for i in range(borrowing.childCount())
    }
    assert sum(counts.values()) > 0
    completed = next(
        borrowing.child(i)
        for i in range(borrowing.childCount())
        if borrowing.child(i).text(0) == "Completed"
    )
    window.tree.setCurrentItem(completed)
    expected = min(counts["Completed"], PAGE_SIZE)
    qtbot.waitUntil(lambda: window.model.rowCount() == expected, timeout=10_000)
    status = COLUMN_INDEX["status_label"]
    assert window.model.data(window.model.index(0, status), Qt.ItemDataRole.DisplayRole) == (
        "Completed"
    )
    assert window.who_label.text() == "Staff: Ann Archer"
    assert window.workstation_label.text() == "Workstation: DESK-1"
