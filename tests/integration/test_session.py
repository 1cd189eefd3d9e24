"""The desk session: the database opens on first use, once, whichever threads ask."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from illdesk.services.directory import entries as directory
from illdesk.services.session import (
    DatabaseNeedsUpgrade,
    DatabaseProblem,
    DeskSession,
    describe_url,
    explains_itself,
)
from illdesk.store.database import open_database


def test_nothing_opens_until_first_use_and_then_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'lazy.sqlite'}"
    opened: list[int] = []
    gate = threading.Barrier(8)

    def opener(upgrade: bool) -> object:
        opened.append(1)
        return open_database(url, create=True)

    session = DeskSession(opener, "Ann Archer", "DESK-1", url=url)
    assert not session.is_open and not (tmp_path / "lazy.sqlite").exists()
    assert session.display_name == f"Local file {tmp_path / 'lazy.sqlite'}"
    seen: list[object] = []

    def use() -> None:
        gate.wait()
        seen.append(session.database)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 1 and len({id(db) for db in seen}) == 1
    assert directory.list_staff(session.read()) == []
    session.close()


def test_a_database_that_cannot_be_opened_is_a_problem_in_words() -> None:
    session = DeskSession.opening("oracle://x/y", "Ann Archer", "DESK-1")
    with pytest.raises(DatabaseProblem) as problem:
        session.open()
    assert explains_itself(problem.value)
    assert not isinstance(problem.value, DatabaseNeedsUpgrade)


def test_where_the_data_lives_is_said_without_a_password() -> None:
    assert describe_url("postgresql://ann:secret@db.example.edu/ill") == (
        "Shared server db.example.edu/ill"
    )
    assert "secret" not in describe_url("postgresql+psycopg://ann:secret@db/ill")
