"""Backup files of a database, made while ILL Desk is in use, checked, and put back.

SQLite: SQLite's own online backup copies every page in one step under a read transaction, so
the copy is one consistent moment of the database even while scans are being committed (in WAL
mode readers never stop writers). The copy is turned into a single self-contained file (no
write-ahead log beside it) and checked before it is reported as made.

PostgreSQL: the server's own `pg_dump` (custom format) when it is installed; putting one back
uses `pg_restore` in a single transaction, so a damaged dump changes nothing.

A file offered for restoring is read first and refused in words when it is not a backup of an
ILL Desk database, is damaged, or was made by a newer ILL Desk.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from illdesk.store.errors import DatabaseDamaged, DatabaseError, NotAnIllDeskDatabase
from illdesk.store.sqlite_file import SQLITE_HEADER, is_damage

PG_DUMP_MAGIC = b"PGDMP"
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class BackupFile:
    """What a backup file holds, as far as restoring it is concerned."""

    path: Path
    kind: str  # "sqlite" or "postgresql"
    revision: str | None
    requests: int | None  # None when it cannot be counted without restoring (a dump)
    made_at: datetime
    size: int


def _damaged_backup(path: Path, detail: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"The backup file {path} is damaged and cannot be restored ({detail}). Nothing was "
        "changed. Choose another backup copy, such as an older one."
    )


def _not_a_backup(path: Path, what: str) -> NotAnIllDeskDatabase:
    return NotAnIllDeskDatabase(
        f"{path} is not a backup of an ILL Desk database: {what}. Nothing was changed. Check "
        "the file name; backups are made with `illdesk backup FILE`."
    )


# --- SQLite ---------------------------------------------------------------------------------


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy the live SQLite database at `source` to `target` (one consistent moment)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)  # all pages in one step: one snapshot of the database
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"The backup could not be made ({exc}). Nothing was changed.") from exc
    finally:
        src.close()
    examine_sqlite_backup(partial)
    partial.replace(target)


def examine_sqlite_backup(path: Path) -> BackupFile:
    """Read a SQLite backup file without changing it; raise when it cannot be restored."""
    size = path.stat().st_size
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise _not_a_backup(path, "it is not a database file")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _damaged_backup(path, str(exc)) from exc
    try:
        verdict = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
        if verdict != ["ok"]:
            raise _damaged_backup(path, "; ".join(verdict[:3]))
        tables = {str(r[0]) for r in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables or "requests" not in tables:
            raise _not_a_backup(path, "it is another program's database")
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        (count,) = connection.execute("SELECT count(*) FROM requests").fetchone()
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise _damaged_backup(path, str(exc)) from exc
        raise _damaged_backup(path, f"it cannot be read: {exc}") from exc
    finally:
        connection.close()
    made = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupFile(path, "sqlite", str(revision), int(count), made, size)


def move_aside(path: Path, aside: Path) -> None:
    """Rename a database file and its side files (a damaged one that cannot be copied)."""
    path.replace(aside)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))


def restore_sqlite(backup: Path, target: Path) -> None:
    """Write the backup's content into the database file at `target`.

    SQLite's backup runs into the live file under its lock, so another connection that has the
    file open sees the restored content on its next transaction instead of a vanished file.
    """
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        dst = sqlite3.connect(target, timeout=30)
        try:
            dst.execute("PRAGMA journal_mode=WAL")  # what ILL Desk's connections use
            src.backup(dst)
        finally:
            dst.close()
    except sqlite3.Error as exc:
        raise DatabaseError(
            f"The backup could not be written into {target} ({exc}). Close ILL Desk on this "
            "computer and try again."
        ) from exc
    finally:
        src.close()


# --- PostgreSQL -----------------------------------------------------------------------------


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DatabaseError(
            f"Backing up or restoring a shared PostgreSQL database needs PostgreSQL's own tool "
            f"{name}, which is not installed on this computer. Install the PostgreSQL client "
            f"programs (on Debian or Ubuntu: sudo apt install postgresql-client), or ask "
            "whoever looks after the server to make the backup there (see the admin guide)."
        )
    return found


def _pg_arguments(url: URL) -> tuple[list[str], dict[str, str]]:
    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)  # to the child only, never on its command line
    return [*args, "--no-password"], env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DatabaseError(f"{what} ({detail[-1] if detail else 'no reason given'}).")


def backup_postgresql(url: URL, target: Path) -> None:
    """Dump the shared database to `target` with pg_dump (consistent: one snapshot)."""
    args, env = _pg_arguments(url)
    partial = target.with_name(target.name + ".partial")
    command = [_pg_tool("pg_dump"), *args, "--format=custom", "--file", str(partial)]
    try:
        _run([*command, str(url.database)], env, "The backup could not be made")
        examine_pg_dump(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def examine_pg_dump(path: Path) -> BackupFile:
    """Read a pg_dump file's table of contents; raise when it cannot be restored."""
    with path.open("rb") as handle:
        magic = handle.read(len(PG_DUMP_MAGIC))
    if magic != PG_DUMP_MAGIC:
        raise _not_a_backup(path, "it is neither a database file nor a PostgreSQL dump")
    done = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise _damaged_backup(path, lines[-1] if lines else "its contents cannot be read")
    if "TABLE DATA public alembic_version" not in done.stdout:
        raise _not_a_backup(path, "it is a dump of another program's database")
    made = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    return BackupFile(path, "postgresql", None, None, made, path.stat().st_size)


def restore_postgresql(backup: Path, url: URL) -> None:
    """Replace the shared database's content with the dump, all or nothing."""
    args, env = _pg_arguments(url)
    command = [
        _pg_tool("pg_restore"),
        *args,
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        "--dbname",
        str(url.database),
        str(backup),
    ]
    _run(command, env, "The backup could not be restored; the database was left as it was")


def examine_backup(path: Path) -> BackupFile:
    """What a backup file of either kind holds (raises when it cannot be restored)."""
    if not path.is_file():
        raise DatabaseError(f"There is no backup file at {path}.")
    with path.open("rb") as handle:
        start = handle.read(len(SQLITE_HEADER))
    if start.startswith(PG_DUMP_MAGIC):
        return examine_pg_dump(path)
    if not start:
        raise _damaged_backup(path, "the file is empty")
    return examine_sqlite_backup(path)
