"""Fuzz: 10,000 random and garbled scans get a message each and change nothing."""

from __future__ import annotations

import random

import sqlalchemy as sa

from illdesk.services.desk.scan import DeskMode, DeskState, handle_scan
from illdesk.store.database import open_database
from illdesk.store.schema import Event
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import seed_directory
from tests.integration.test_scan_service import sent


def test_ten_thousand_random_scans_never_crash_or_change_anything(sqlite_url, clock) -> None:
    # The scan path is the same code on both back ends; one real SQLite file is enough here.
    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    numbers = [sent(uow, f"Fuzz {i}") for i in range(3)]
    rng = random.Random(18626)
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-]$:/.+ \t\r\n\x00\x1b\x7fÄé漢\ufffd"
    with db.reading() as session:
        events = session.scalar(sa.select(sa.func.count(Event.id)))
    state = DeskState(mode=DeskMode.CHECK_OUT)  # no patron yet: item scans cannot act
    for i in range(10_000):
        if i % 5 == 0:
            base = rng.choice(numbers)
            cut = rng.randrange(len(base))
            raw = base[:cut] + rng.choice(alphabet) + base[cut + 1 :]  # one character garbled
        else:
            raw = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30)))
        result, state = handle_scan(uow(), raw, state)
        assert result.headline and (result.detail or result.next_step), raw
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count(Event.id))) == events
    db.dispose()
