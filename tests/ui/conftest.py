"""A demo workspace for the desk-window tests: made once per run, copied for each test.

The demo is large enough that every status of both lifecycles appears (see services.demo),
so every queue has something to show.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import Actor
from illdesk.ui.facade import facade_for
from tests.ui.helpers import settle

DEMO_SIZE = DemoSize(libraries=12, patrons=40, requests=420, months=6)
ANN = Actor(None, "Ann Archer", "DESK-1")


@pytest.fixture(scope="session")
def demo_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    shutil.copyfile(sqlite_template, path)
    db = open_database(f"sqlite:///{path}")
    make_demo(db, size=DEMO_SIZE)
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    target = tmp_path / "desk.sqlite"
    shutil.copyfile(demo_template, target)
    db = open_database(f"sqlite:///{target}")
    yield db
    settle()
    db.dispose()


@pytest.fixture
def window(qtbot, demo_db: Database):
    from illdesk.ui.main_window import MainWindow

    win = MainWindow(facade_for(demo_db, ANN))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.tree.topLevelItemCount() == 5, timeout=10_000)  # and Money
    yield win
    settle()
    if win.dialog is not None:
        win.dialog.close()
    settle()
