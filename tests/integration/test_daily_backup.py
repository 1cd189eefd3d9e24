"""The local workspace's automatic daily copy: made once a day beside the database, only the
newest `backups.keep_daily` kept, the copies made before upgrades and restores left alone."""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.core.backup_rules import BackupSettings, copies_to_remove, daily_copy_due
from illdesk.services.admin import backups
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.session import DeskSession
from illdesk.store.database import open_database

TODAY = date.today()


def _session(url: str) -> DeskSession:
    return DeskSession(open_database(url), "Ann Archer", "DESK-1")


def _age(path: Path, days: int) -> None:
    """Pretend a copy was made `days` days ago."""
    when = time.time() - days * 86400
    os.utime(path, (when, when))


def _set(session: DeskSession, name: str, value: str) -> None:
    with session.write() as uow:
        changed = library_settings.with_value(library_settings.load(uow), name, value)
        library_settings.save(uow, changed)
        uow.commit()


def test_once_a_day_and_only_the_newest_kept(sqlite_url: str) -> None:
    session = _session(sqlite_url)
    folder = Path(sa.make_url(sqlite_url).database or "").parent
    upgrade_copy = folder / "desk.backup-rev0009-20260101-120000.sqlite"
    upgrade_copy.write_bytes(b"kept as it is")
    try:
        first = backups.daily_backup(session, TODAY)
        assert first.made is not None and first.made.name.startswith("desk.backup-daily-")
        assert backups.examine(first.made).requests == 0  # a checked, restorable copy
        assert backups.daily_backup(session, TODAY).made is None  # once a day
        _age(first.made, 1)  # made yesterday: today's is due
        assert backups.daily_backup(session, TODAY).made is not None
        _set(session, "backups.keep_daily", "3")
        made = [first.made]
        for day in range(1, 5):  # four more days, one copy each
            done = backups.daily_backup(session, TODAY + timedelta(days=day))
            assert done.made is not None
            made.append(done.made)
        left = sorted(folder.glob("desk.backup-daily-*.sqlite"))
        assert left == sorted(made[-3:])  # the three newest
        assert upgrade_copy.read_bytes() == b"kept as it is"
    finally:
        session.close()


def test_switched_off_makes_none(sqlite_url: str) -> None:
    session = _session(sqlite_url)
    try:
        _set(session, "backups.daily", "false")
        assert backups.daily_backup(session, TODAY) == backups.DailyBackup(None, ())
    finally:
        session.close()


@pytest.mark.postgres
def test_a_shared_database_is_left_to_the_server(pg_url: str) -> None:
    session = _session(pg_url)
    try:
        assert backups.daily_backup(session, TODAY) == backups.DailyBackup(None, ())
    finally:
        session.close()


def test_keeping_no_copy_is_refused(sqlite_url: str) -> None:
    session = _session(sqlite_url)
    try:
        with pytest.raises(InvalidInput, match=r"1 to 365 daily backup copies"):
            _set(session, "backups.keep_daily", "0")
    finally:
        session.close()


def test_the_rules() -> None:
    rules = BackupSettings(keep_daily=2)
    assert daily_copy_due(rules, None, TODAY)
    assert not daily_copy_due(rules, TODAY, TODAY)
    assert daily_copy_due(rules, TODAY - timedelta(days=1), TODAY)
    assert not daily_copy_due(BackupSettings(daily=False), None, TODAY)
    assert copies_to_remove(["c", "b", "a"], 2) == ["a"]
