"""After a cut, the first scan that reaches the server again sends the journal first: the
server sees the scans in the order they were made. Real PostgreSQL behind a real TCP proxy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.core.desk_decision import DeskMode
from illdesk.services.desk import offline, offline_link, requests
from illdesk.services.desk.desk_state import DeskState
from illdesk.services.session import DeskSession
from illdesk.store.database import Database, open_database
from illdesk.store.offline_journal import OfflineJournal
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def _sent(db: Database, count: int) -> list[str]:
    def uow(actor=ANN, **kw) -> UnitOfWork:
        return UnitOfWork(db, actor, **kw)

    seed_directory(uow)
    numbers = []
    for i in range(count):
        row = borrow(uow, f"Lighthouses, volume {i}", allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    return numbers


def test_first_scan_back_online_replays_the_journal_first(
    pg_db: Database, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(offline, "RETRY_SECONDS", 0.0)  # try the server at every scan
    numbers = _sent(pg_db, 4)
    server = sa.make_url(pg_url)
    journal = OfflineJournal(tmp_path / "journal.sqlite")
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through = server.set(host="127.0.0.1", port=proxy.port)
        desk_db = open_database(through.render_as_string(hide_password=False))
        desk = DeskSession.for_actor(desk_db, ANN)
        state = replace(DeskState(), mode=DeskMode.RECEIVE)
        proxy.cut()
        for number in numbers[:3]:
            result, state = offline.scan_or_journal(desk, journal, number, state)
            assert result.headline == "Saved offline"
        link = offline_link.try_server(desk, journal)
        assert link.offline and link.waiting == 3 and "cannot be reached" in link.problem
        assert link.text.startswith("Offline: 3 scan(s) wait")

        proxy.restore()
        result, state = offline.scan_or_journal(desk, journal, numbers[3], state)
        assert result.event_id is not None
        assert "were replayed (3 applied, 0 to decide.)" in result.next_step
        assert not offline.server_away(journal)
        assert offline_link.link_now(journal).text == ""
        desk_db.dispose()
    with pg_db.reading() as session:
        order = session.execute(
            sa.text(
                "SELECT r.number FROM events e JOIN requests r ON r.id = e.request_id "
                "WHERE e.action = 'receive' ORDER BY e.id"
            )
        ).scalars()
        assert list(order) == numbers
