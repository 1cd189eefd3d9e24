"""Backing up and restoring a database: `illdesk backup FILE`, `illdesk restore FILE`.

A backup is one consistent moment of the database, made while ILL Desk is in use (a SQLite
file through SQLite's online backup; a shared PostgreSQL database through pg_dump). Restoring
first keeps what is there now aside as a backup copy of its own, so a restore is never the
end of anything: the copy kept aside can be restored in turn. See docs/decisions/0016.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from illdesk.core.backup_rules import copies_to_remove, daily_copy_due
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin import workstation
from illdesk.services.errors import InvalidInput
from illdesk.services.session import DeskSession
from illdesk.store import backups as files
from illdesk.store import database as store
from illdesk.store import sqlite_file
from illdesk.store.backups import BackupFile

__all__ = [
    "BackupFile",
    "DailyBackup",
    "Restored",
    "back_up_open_database",
    "daily_backup",
    "describe",
    "examine",
    "make_backup",
    "restore",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Restored:
    """A restore done: what was put back, and where the previous database was kept."""

    backup: BackupFile
    kept_aside: Path | None
    where: str


def examine(source: Path) -> BackupFile:
    """What a backup file holds (raises DatabaseError in words when it cannot be restored)."""
    return files.examine_backup(source)


def describe(info: BackupFile) -> str:
    """One line about a backup for the person deciding whether to restore it."""
    made = info.made_at.astimezone().strftime("%Y-%m-%d %H:%M")
    held = f", {info.requests} requests" if info.requests is not None else ""
    kind = "a local database file" if info.kind == "sqlite" else "a PostgreSQL dump"
    return f"{info.path.name}: {kind} saved {made}{held}, {info.size / 1e6:.1f} MB"


def make_backup(url: str, target: Path) -> BackupFile:
    """Copy the database at `url` to `target` while it may be in use; returns the checked copy."""
    if target.exists():
        raise InvalidInput(
            f"{target} already exists. Choose a new file name for the backup; nothing was changed."
        )
    if not target.parent.is_dir():
        raise InvalidInput(f"The folder {target.parent} does not exist. Nothing was saved.")
    parsed = workstation.with_password(url)
    path = store.sqlite_path(parsed)
    if parsed.get_backend_name() == "postgresql":
        files.backup_postgresql(parsed, target)
        return files.examine_pg_dump(target)
    if path is None:
        raise InvalidInput("Only a database file or a shared PostgreSQL database can be backed up.")
    if path.resolve() == target.resolve():
        raise InvalidInput("The backup must go to another file than the database itself.")
    if sqlite_file.examine(path) is not sqlite_file.SqliteFile.ILL_DESK:
        raise InvalidInput(f"There is no ILL Desk database at {path} to back up.")
    files.backup_sqlite(path, target)
    return files.examine_sqlite_backup(target)


def restore(url: str, source: Path) -> Restored:
    """Put the backup at `source` in place of the database at `url`, keeping the current one
    aside first. The backup is checked before anything is touched; one made by an older ILL
    Desk is upgraded when it is next opened (with a backup copy before, as always)."""
    info = files.examine_backup(source)
    parsed = workstation.with_password(url)
    path = store.sqlite_path(parsed)
    if info.revision is not None and not store.is_known_revision(info.revision):
        raise InvalidInput(
            f"{source} was made by a newer ILL Desk (revision {info.revision}). Update ILL Desk "
            "on this computer first; nothing was changed."
        )
    if parsed.get_backend_name() == "postgresql":
        if info.kind != "postgresql":
            raise InvalidInput(
                f"{source} is a local database file; a shared database is restored from a "
                "PostgreSQL dump (made with `illdesk backup` while using that database)."
            )
        aside_folder = workstation.data_dir() / "backups"
        aside_folder.mkdir(parents=True, exist_ok=True)
        aside = sqlite_file.backup_path(aside_folder / f"{parsed.database}.dump", "before-restore")
        files.backup_postgresql(parsed, aside)
        files.restore_postgresql(source, parsed)
        return Restored(info, aside, f"the shared database {parsed.database}")
    if path is None:
        raise InvalidInput("Only a database file or a shared PostgreSQL database can be restored.")
    if info.kind != "sqlite":
        raise InvalidInput(
            f"{source} is a PostgreSQL dump; it is restored while using the shared database it "
            "came from, not into a local file."
        )
    if path.resolve() == source.resolve():
        raise InvalidInput("That backup file is the database itself; choose a backup copy.")
    kept = _keep_aside(path)
    files.restore_sqlite(source, path)
    store.open_database(parsed).dispose()  # upgrades a backup from an older ILL Desk
    return Restored(info, kept, f"the local file {path}")


def _keep_aside(path: Path) -> Path | None:
    """Keep the database now at `path` as a backup copy beside it (None: there was none)."""
    aside = sqlite_file.backup_path(path, "before-restore")
    try:
        found = sqlite_file.examine(path)
    except store.DatabaseError:  # damaged or not ours: keep its bytes as they are
        files.move_aside(path, aside)
        return aside
    if found is sqlite_file.SqliteFile.MISSING:
        return None
    if found is sqlite_file.SqliteFile.EMPTY:
        files.move_aside(path, aside)
        return aside
    files.backup_sqlite(path, aside)
    return aside


DAILY = "daily"


@dataclass(frozen=True, slots=True)
class DailyBackup:
    """What the automatic daily backup did: the copy made (None: none was due), the old
    daily copies removed."""

    made: Path | None
    removed: tuple[Path, ...]


def daily_backup(session: DeskSession, today: date | None = None) -> DailyBackup:
    """Make today's automatic copy of a local database file, once a day, and keep only the
    newest `backups.keep_daily` of those copies (a shared database is the server's business:
    nothing is done for it)."""
    database = session.database
    path = store.sqlite_path(database.url)
    if path is None:
        return DailyBackup(None, ())
    with session.read() as uow:
        rules = library_settings.load(uow).backups
    today = today or datetime.now().astimezone().date()
    copies = _daily_copies(path)
    newest = _local_day(copies[0]) if copies else None
    made = None
    if daily_copy_due(rules, newest, today):
        made = sqlite_file.backup_path(path, DAILY)
        files.backup_sqlite(path, made)
        copies = [made, *copies]
        log.info("Made the daily backup copy %s", made.name)
    removed = tuple(copies_to_remove(copies, rules.keep_daily)) if rules.daily else ()
    for old in removed:
        old.unlink(missing_ok=True)
    return DailyBackup(made, removed)


def _daily_copies(path: Path) -> list[Path]:
    """The daily copies beside the database, newest first."""
    pattern = f"{path.stem}.backup-{DAILY}-*{path.suffix or '.sqlite'}"
    found = [p for p in path.parent.glob(pattern) if p.is_file()]
    return sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)


def _local_day(copy: Path) -> date:
    """The day (on this computer's calendar) a copy was made, from its file's time."""
    return datetime.fromtimestamp(copy.stat().st_mtime).astimezone().date()


def back_up_open_database(session: DeskSession, target: Path) -> BackupFile:
    """`make_backup` of the database this session has open (the window's Desk menu)."""
    return make_backup(session.database.url.render_as_string(hide_password=False), target)
