"""Change notices on the real PostgreSQL server: sent once the change is committed, by ILL Desk
itself and not by a trigger inside the transaction (whose NOTIFY would hold PostgreSQL's
notify lock across every commit's wait for the disk); nothing for work rolled back."""

from __future__ import annotations

import json
from collections.abc import Iterator

import psycopg
import pytest
import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.store.database import Database, open_database
from illdesk.store.requests import record_event
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def _heard(listener: psycopg.Connection, seconds: float = 1.0) -> list[dict[str, object]]:
    return [json.loads(n.payload) for n in listener.notifies(timeout=seconds)]


def test_a_change_is_announced_after_its_commit_and_a_rolled_back_one_never(
    pg_db: Database, pg_url: str
) -> None:
    def uow(**kw: bool) -> UnitOfWork:
        return UnitOfWork(pg_db, ANN, **kw)

    seed_directory(uow)
    row = borrow(uow, "Salmon and Rivers")
    with pg_db.reading() as session:  # no trigger sends notices inside the transaction
        triggers = session.execute(
            sa.text("SELECT count(*) FROM pg_trigger WHERE tgname = 'events_notify'")
        ).scalar()
    assert triggers == 0

    listener = psycopg.connect(sa.make_url(pg_url).render_as_string(False), autocommit=True)
    try:
        listener.execute("LISTEN illdesk_changes")
        requests.perform(uow(), row.number, "approve")
        heard = _heard(listener)
        with pg_db.reading() as session:
            event_id, request_id = session.execute(
                sa.text(
                    "SELECT e.id, e.request_id FROM events e JOIN requests r "
                    "ON r.id = e.request_id WHERE r.number = :n AND e.action = 'approve'"
                ),
                {"n": row.number},
            ).one()
        assert heard == [{"e": event_id, "r": request_id, "a": "approve", "w": "DESK-1"}]

        with uow() as work:  # written, then left without a commit: rolled back
            record_event(work, None, "note")
            assert work.announcements
        assert _heard(listener, 0.5) == []
    finally:
        listener.close()
