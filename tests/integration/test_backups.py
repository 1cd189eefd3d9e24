"""`illdesk backup` and `illdesk restore` on a real SQLite file and the real PostgreSQL server.

A backup made while a scan batch is committing holds every scan acknowledged before it began
and replays cleanly (`db check`); a restore keeps the database it replaces aside; a damaged or
foreign file is refused in words and changes nothing.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.cli import main
from illdesk.services.admin import backups
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk import requests
from illdesk.services.desk.scan import DeskMode
from illdesk.services.desk.scan_batch import BatchLine, run_batch
from illdesk.services.errors import InvalidInput
from illdesk.store.database import Database, DatabaseError, open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory


def _sent(uow: Callable[..., UnitOfWork], count: int) -> list[str]:
    seed_directory(uow)
    numbers = []
    for i in range(count):
        row = borrow(uow, f"Salmon and Rivers, part {i}", allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    return numbers


def _statuses(db: Database) -> dict[str, str]:
    with db.reading() as session:
        rows = session.execute(sa.text("SELECT number, status FROM requests"))
        return {str(number): str(status) for number, status in rows}


@pytest.fixture
def file_uow(sqlite_url: str, clock) -> Iterator[Callable[..., UnitOfWork]]:
    """Units of work on the SQLite file only (tests of the file's bytes)."""
    db = open_database(sqlite_url)

    def make(actor=ANN, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(db, actor, clock, read_only=read_only)

    yield make
    db.dispose()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _restored_copy(backup: Path, tmp_path: Path, db_url: str) -> str:
    """Where a backup can be looked at: a new file (SQLite) or the database itself (PG)."""
    if db_url.startswith("sqlite"):
        target = tmp_path / "restored.sqlite"
        backups.restore(f"sqlite:///{target}", backup)
        return f"sqlite:///{target}"
    backups.restore(db_url, backup)
    return db_url


@pytest.mark.slow
def test_a_backup_during_a_scan_batch_holds_every_acknowledged_scan(
    db_url: str, db: Database, uow, tmp_path: Path
) -> None:
    numbers = _sent(uow, 40)
    heard: list[BatchLine] = []
    enough = threading.Event()

    def on_line(line: BatchLine) -> None:
        heard.append(line)
        if len(heard) >= 10:
            enough.set()

    desk = open_database(db_url)  # the desk's own connection, as another workstation's
    failed: list[BaseException] = []

    def scan_all() -> None:
        try:
            run_batch(desk, ANN, numbers, DeskMode.RECEIVE, on_line=on_line)
        except BaseException as exc:
            failed.append(exc)
            enough.set()

    batch = threading.Thread(target=scan_all)
    batch.start()
    assert enough.wait(60)
    assert not failed, failed
    acknowledged = [line.scan for line in list(heard) if line.mark == "OK"]
    target = tmp_path / ("during.sqlite" if db_url.startswith("sqlite") else "during.dump")
    made = backups.make_backup(db_url, target)
    batch.join(120)
    desk.dispose()
    assert len(acknowledged) >= 10 and made.path == target
    assert len(heard) == len(numbers)  # the batch went on and finished while the copy was made
    copy_url = _restored_copy(target, tmp_path, db_url)
    copy = open_database(copy_url)
    try:
        status = _statuses(copy)
        assert {status[n] for n in acknowledged} == {"on_hold_shelf"}
        assert set(status) == set(numbers)
        report = check_database(UnitOfWork(copy, ANN))
        assert report.ok, report.problems
    finally:
        copy.dispose()


def test_restore_keeps_the_current_database_aside(db_url: str, db: Database, uow, tmp_path):
    first = _sent(uow, 2)
    target = tmp_path / "before.backup"
    backups.make_backup(db_url, target)
    later = borrow(uow, "Made after the backup", allow_duplicate=True).number
    done = backups.restore(db_url, target)
    assert done.kept_aside is not None and done.kept_aside.is_file()
    now = open_database(db_url)
    try:
        assert set(_statuses(now)) == set(first)  # the later request is gone from the database
    finally:
        now.dispose()
    # ... and is in the copy kept aside, which restores in its turn.
    backups.restore(db_url, done.kept_aside)
    again = open_database(db_url)
    try:
        assert later in _statuses(again)
    finally:
        again.dispose()


def _damage(good: Path, how: str, tmp_path: Path) -> Path:
    data = good.read_bytes()
    bad = tmp_path / f"{how}.sqlite"
    if how == "truncated":
        bad.write_bytes(data[: len(data) // 3])
    elif how == "scribbled":
        middle = len(data) // 2
        bad.write_bytes(data[:middle] + b"\xa5" * 8192 + data[middle + 8192 :])
    elif how == "empty":
        bad.write_bytes(b"")
    elif how == "text":
        bad.write_text("request,patron\nB-26-000001,Jo\n")
    return bad


@pytest.mark.parametrize("how", ["truncated", "scribbled", "empty", "text"])
def test_a_damaged_backup_is_refused_and_nothing_changes(
    sqlite_url: str, file_uow, tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _sent(file_uow, 30)
    good = tmp_path / "good.sqlite"
    backups.make_backup(sqlite_url, good)
    bad = _damage(good, how, tmp_path)
    live = Path(sa.make_url(sqlite_url).database or "")
    # The desk closes first: its background checkpoints would change the file's bytes.
    file_uow().db.dispose()
    before = _digest(live)
    with pytest.raises(DatabaseError) as refused:
        backups.restore(sqlite_url, bad)
    assert "Nothing was changed" in str(refused.value)
    assert _digest(live) == before
    assert main(["--database", sqlite_url, "restore", "--yes", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "Nothing was changed" in err and "Traceback" not in err
    assert _digest(live) == before


def test_a_backup_from_a_newer_ill_desk_is_refused(
    sqlite_url: str, file_uow, tmp_path: Path
) -> None:
    _sent(file_uow, 1)
    newer = tmp_path / "newer.sqlite"
    backups.make_backup(sqlite_url, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.close()
    with pytest.raises(InvalidInput, match="newer ILL Desk"):
        backups.restore(sqlite_url, newer)


def test_restore_puts_back_a_damaged_database(sqlite_url: str, file_uow, tmp_path: Path) -> None:
    numbers = _sent(file_uow, 3)
    good = tmp_path / "good.sqlite"
    backups.make_backup(sqlite_url, good)
    live = Path(sa.make_url(sqlite_url).database or "")
    file_uow().db.dispose()  # the desk closed
    live.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)  # the disk ate it
    done = backups.restore(sqlite_url, good)
    assert done.kept_aside is not None and done.kept_aside.read_bytes().startswith(b"SQLite")
    restored = open_database(sqlite_url)
    try:
        assert set(_statuses(restored)) == set(numbers)
    finally:
        restored.dispose()


def test_the_command_line_asks_first_and_refuses_an_existing_file(
    sqlite_url: str, file_uow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sent(file_uow, 1)
    target = tmp_path / "desk.backup"
    assert main(["--database", sqlite_url, "backup", str(target)]) == 0
    assert "1 requests" in capsys.readouterr().out
    assert main(["--database", sqlite_url, "backup", str(target)]) == 1
    assert "already exists" in capsys.readouterr().err
    # Standard input is not a terminal here: without --yes nothing is restored.
    assert main(["--database", sqlite_url, "restore", str(target)]) == 1
    assert "add --yes" in capsys.readouterr().err
    assert main(["--database", sqlite_url, "restore", "--yes", str(target)]) == 0
    out = capsys.readouterr().out
    assert "kept aside as" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from illdesk import __version__

    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.strip() == f"ILL Desk {__version__}"


@pytest.mark.postgres
@pytest.mark.parametrize("command", ["backup", "restore"])
def test_without_the_postgresql_tools_the_message_says_what_to_do(
    pg_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: str,
) -> None:
    """A desk computer without pg_dump and pg_restore (the README's packages do not bring
    them): the shared database is left alone and the message names the way out."""
    dump = tmp_path / "shared.dump"
    if command == "restore":
        backups.make_backup(pg_url, dump)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    asked = [command, str(dump)] if command == "backup" else [command, "--yes", str(dump)]
    assert main(["--database", pg_url, *asked]) == 1
    err = capsys.readouterr().err
    assert "postgresql-client" in err and "admin guide" in err, err
    assert "Traceback" not in err
    if command == "backup":
        assert not dump.exists() and not list(tmp_path.glob("shared.dump*"))
