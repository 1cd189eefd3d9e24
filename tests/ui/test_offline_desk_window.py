"""The desk window with the server cut mid-batch: the status bar says offline and how many
scans wait; when the network is back the journal is replayed from the window, the exception is
listed there and settled. Real PostgreSQL behind a real TCP proxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.core.desk_decision import DeskMode
from illdesk.services.desk import requests
from illdesk.services.desk.scan import Level
from illdesk.store.database import Database, open_database
from illdesk.store.offline_journal import OfflineJournal
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow
from illdesk.ui.offline_desk import OfflineDesk
from illdesk.ui.scan_desk import ScanDesk
from tests.conftest import ANN, BO
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.helpers import borrow, seed_directory

TIMEOUT = 15_000


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def _sent(db: Database, titles: list[str]) -> list[str]:
    def uow(actor=BO, **kw) -> UnitOfWork:
        return UnitOfWork(db, actor, **kw)

    seed_directory(uow)
    numbers = []
    for title in titles:
        row = borrow(uow, title, allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    return numbers


def _status(db: Database, number: str) -> str:
    with db.reading() as session:
        found = session.execute(
            sa.text("SELECT status FROM requests WHERE number = :n"), {"n": number}
        ).scalar_one()
    return str(found)


def _scan(qtbot, desk: ScanDesk, code: str) -> object:
    with qtbot.waitSignal(desk.result_shown, timeout=TIMEOUT) as blocker:
        desk.submit_scan(code)
    return blocker.args[0]


def test_the_window_says_offline_then_replays_and_lists_the_exception(
    qtbot, pg_db: Database, pg_url: str, tmp_path: Path
) -> None:
    numbers = _sent(pg_db, ["Glaciers", "Ferries", "Missions"])
    server = sa.make_url(pg_url)
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through = server.set(host="127.0.0.1", port=proxy.port)
        desk_db = open_database(through.render_as_string(hide_password=False))
        services = facade_for(desk_db, ANN)
        win = MainWindow(services)
        qtbot.addWidget(win)
        win.show()
        desk = ScanDesk(services)
        desk.journal = OfflineJournal(tmp_path / "journal.sqlite")
        win.add_scan_desk(desk)
        link = OfflineDesk(win, desk, services)
        link.start()
        # While online the snapshot is taken: an offline scan is checked against it.
        qtbot.waitUntil(lambda: "holds" in link.label.toolTip(), timeout=TIMEOUT)
        assert not link.label.isVisible()
        desk.set_mode(DeskMode.RECEIVE)
        assert _scan(qtbot, desk, numbers[0]).level is Level.SUCCESS  # type: ignore[attr-defined]

        proxy.cut()  # the network goes in the middle of the batch
        for code in numbers[1:]:
            answer = _scan(qtbot, desk, code)
            assert answer.headline == "Saved offline"  # type: ignore[attr-defined]
        qtbot.waitUntil(
            lambda: link.label.text().startswith("Offline: 2 scan(s) wait"), timeout=TIMEOUT
        )
        assert link.label.isVisible()
        assert _status(pg_db, numbers[1]) == "sent"

        # Meanwhile, at another desk, one of them is received.
        requests.perform(UnitOfWork(pg_db, BO), numbers[2], "receive")

        proxy.restore()  # the network is back; staff open the journal and replay it
        dialog = link.open_journal()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=TIMEOUT)
        assert dialog.replay_button.isEnabled()
        dialog.replay_button.click()
        qtbot.waitUntil(lambda: "1 offline scan(s) to decide" in link.label.text(), timeout=TIMEOUT)
        assert "Offline:" not in link.label.text()
        assert "1 applied, 1 to decide" in win.statusBar().currentMessage()
        assert _status(pg_db, numbers[1]) == "on_hold_shelf"
        qtbot.waitUntil(
            lambda: [dialog.table.item(r, 2).text() for r in range(2)] == ["applied", "exception"],
            timeout=TIMEOUT,
        )
        assert numbers[2] in dialog.table.item(1, 4).text()

        # The exception is dealt with by hand and settled: nothing is left to say.
        dialog.table.selectRow(1)
        chosen = dialog.selected_exception()
        assert chosen is not None and chosen.raw == numbers[2]
        link.settle(chosen.scan_id, "Already on the hold shelf.")
        qtbot.waitUntil(lambda: not link.label.isVisible(), timeout=TIMEOUT)
        link.stop()
        desk.shutdown()
        desk_db.dispose()
