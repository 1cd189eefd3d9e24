"""Three workstations as separate processes scanning the same packages at once, on the real
PostgreSQL server: each item is received once, by one desk, and the other two are told which
desk did it (never a silent overwrite, never a traceback)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory

DESKS = ("DESK-1", "DESK-2", "DESK-3")


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def test_three_desks_racing_receive_each_item_once_and_name_the_winner(
    pg_db: Database, pg_url: str
) -> None:
    def uow(actor=ANN, **kw) -> UnitOfWork:
        return UnitOfWork(pg_db, actor, **kw)

    seed_directory(uow)
    numbers = []
    for i in range(12):
        row = borrow(uow, f"Ferries of Puget Sound, part {i}", allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    orders = [numbers, numbers[::-1], random.Random(15).sample(numbers, len(numbers))]

    def desk_scanning(desk: str, order: list[str]) -> subprocess.Popen[str]:
        command = [sys.executable, "-m", "illdesk", "--database", pg_url]
        command += ["--workstation", desk, "scan", "--mode", "receive", *order]
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ)
        )

    processes = [desk_scanning(desk, order) for desk, order in zip(DESKS, orders, strict=True)]
    outputs = {}
    for desk, process in zip(DESKS, processes, strict=True):
        out, err = process.communicate(timeout=300)
        assert process.returncode in (0, 1), err
        assert "Traceback" not in err
        outputs[desk] = out

    with pg_db.reading() as session:
        rows = session.execute(
            sa.text(
                "SELECT r.number, e.workstation FROM events e JOIN requests r "
                "ON r.id = e.request_id WHERE e.action = 'receive' AND e.undone_by IS NULL"
            )
        ).all()
    winner = {number: desk for number, desk in rows}
    assert len(rows) == len(numbers) and set(winner) == set(numbers)  # each received once
    for number in numbers:
        for desk, out in outputs.items():
            lines = [line for line in out.splitlines() if number in line]
            assert lines, (desk, number, out)
            if desk != winner[number]:
                # The desk that lost the race is told which desk received it.
                assert any(winner[number] in line for line in lines), (desk, number, lines)
