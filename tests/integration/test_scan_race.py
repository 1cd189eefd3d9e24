"""Two workstations scan the same item at the same moment on the shared server."""

from __future__ import annotations

import threading
import time

import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.services.desk.scan import DeskState, handle_scan
from illdesk.store.database import open_database
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN, BO
from tests.integration.helpers import lend, seed_directory


def test_the_loser_of_a_race_is_told_who_won(pg_url) -> None:
    """Two workstations scan the same item at the same moment on the shared server: one
    checks it in, the other is told who did, from which workstation and when."""
    desk_1, desk_2 = open_database(pg_url), open_database(pg_url)
    try:
        seed_directory(lambda *a, **k: UnitOfWork(desk_1, ANN))
        number = lend(lambda *a, **k: UnitOfWork(desk_1, ANN)).number
        for action in ("accept", "print_pull_slip", "found", "ship"):
            requests.perform(UnitOfWork(desk_1, ANN), number, action)
        results: dict[str, str] = {}
        holder = desk_1.engine.connect()
        transaction = holder.begin()
        # Hold the request so that both scans wait for it and then go at once.
        holder.execute(
            sa.select(Request.id).where(Request.number == number).with_for_update()
        ).all()

        def scan(name: str, db, actor) -> None:
            result, _ = handle_scan(UnitOfWork(db, actor), number, DeskState())
            results[name] = " ".join([result.headline, result.detail])

        threads = [
            threading.Thread(target=scan, args=("DESK-1", desk_1, ANN)),
            threading.Thread(target=scan, args=("DESK-2", desk_2, BO)),
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        transaction.rollback()
        holder.close()
        for thread in threads:
            thread.join(10)
        won = [name for name, text in results.items() if text.startswith("Checked in")]
        assert len(won) == 1, results
        winner = won[0]
        loser = "DESK-2" if winner == "DESK-1" else "DESK-1"
        said = results[loser]
        assert "Nothing was changed" in said
        who = "Ann Archer" if winner == "DESK-1" else "Bo Brandt"
        assert f"“Check in” by {who} at {winner}" in said, said
    finally:
        desk_1.dispose()
        desk_2.dispose()
