"""A SQLite database file, looked at before ILL Desk opens it; and its backup copies.

Opening a file the ordinary way already writes to it: ILL Desk's connection settings switch the
journal to write-ahead logging (two bytes of the header) and make `-wal` and `-shm` files beside
it. So a file that may not be an ILL Desk database is first read here, read-only and without
those side files, and refused in words when it is missing, another program's file, or damaged.
Its bytes are then exactly as they were.

Upgrades leave a backup copy beside the database (`NAME.backup-LABEL-STAMP.sqlite`); the
message for a damaged file names the newest one.
"""

from __future__ import annotations

import enum
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from illdesk.store.errors import DatabaseDamaged, DatabaseUnavailable, NotAnIllDeskDatabase

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
# Result codes (the low byte of an extended code) that mean "this file is not sound".
DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})


class SqliteFile(enum.Enum):
    """What a database file holds, as far as opening it is concerned."""

    MISSING = "missing"
    EMPTY = "empty"  # no file content or no tables: a new database
    ILL_DESK = "ill_desk"


def is_damage(exc: BaseException) -> bool:
    """True when a sqlite3 error says the file is damaged or not a database."""
    code = getattr(exc, "sqlite_errorcode", None)
    return (
        isinstance(exc, sqlite3.DatabaseError) and code is not None and code & 0xFF in DAMAGE_CODES
    )


def examine(path: Path) -> SqliteFile:
    """What the file at `path` holds, read without changing it.

    Raises NotAnIllDeskDatabase (not SQLite, or another program's tables), DatabaseDamaged, or
    DatabaseUnavailable (a folder, no permission).
    """
    if not path.exists():
        return SqliteFile.MISSING
    if path.is_dir():
        raise NotAnIllDeskDatabase(
            f"{path} is a folder, not a database file. Give the database file's own name, such "
            "as sqlite:///path/to/workspace.sqlite."
        )
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"The database file {path} cannot be read ({exc.strerror or exc}). Check that you "
            "may read it and that its disk is connected."
        ) from exc
    if not header:
        return SqliteFile.EMPTY
    if not header.startswith(SQLITE_HEADER[: len(header)]):
        raise NotAnIllDeskDatabase(not_a_database(path))
    if len(header) < HEADER_SIZE:
        raise DatabaseDamaged(damaged(path, "the file ends inside its header"))
    tables = _table_names(path)
    if not tables:
        return SqliteFile.EMPTY
    if "alembic_version" not in tables:
        raise NotAnIllDeskDatabase(
            f"{path} is not an ILL Desk database: it is another program's database (ILL Desk "
            "did not make its tables). Check the address, or choose a new file for ILL Desk. "
            "The file was not changed."
        )
    return SqliteFile.ILL_DESK


def _table_names(path: Path) -> set[str]:
    # Read-only, and `immutable` when no write-ahead log exists: then SQLite makes no side
    # files and takes no locks. With a log present the file is in use or was not closed
    # cleanly, and only an ordinary read-only open sees the log's content.
    wal = path.with_name(path.name + "-wal")
    uri = path.resolve().as_uri() + ("?mode=ro" if wal.exists() else "?mode=ro&immutable=1")
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise DatabaseUnavailable(f"The database file {path} cannot be opened ({exc}).") from exc
    try:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        names = {str(name) for (name,) in rows}
        if "alembic_version" in names:
            connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise DatabaseDamaged(damaged(path, str(exc))) from exc
        raise DatabaseUnavailable(f"The database file {path} cannot be read ({exc}).") from exc
    finally:
        connection.close()
    return names


def not_a_database(path: Path) -> str:
    """Words for a file that is not a database at all."""
    return (
        f"{path} is not an ILL Desk database: it is not a database file at all (perhaps a text "
        "file, a spreadsheet or another program's file). Check the address for a typing "
        "mistake. The file was not changed."
    )


def damaged(path: Path, detail: str, *, found_while_working: bool = False) -> str:
    """Words for a damaged database file, saying where its backup copies are."""
    folder = path.parent
    copies = backup_copies(path)
    opening = f"The database file {path} is damaged, and ILL Desk cannot use it ({detail}). " + (
        "The action under way was not saved. " if found_while_working else "Nothing was changed. "
    )
    if not copies:
        return opening + (
            f"ILL Desk leaves a backup copy beside the database before every upgrade (in "
            f"{folder}, named {path.stem}.backup-…), but there is none there: restore "
            f"{path.name} from this computer's own backups, or ask whoever looks after them."
        )
    return opening + (
        f"Restore the newest backup copy, {copies[0].name}, in {folder} (ILL Desk leaves one "
        "there before every upgrade; work done since that copy was made must be entered "
        f"again). Close ILL Desk, move {path.name} aside together with any {path.name}-wal "
        f"and {path.name}-shm beside it, copy the backup to {path.name}, and start ILL Desk "
        "again."
    )


def backup_path(source: Path, label: str) -> Path:
    """Where a backup copy of `source` made now goes: beside it, named by label and time."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    suffix = source.suffix or ".sqlite"
    target = source.with_name(f"{source.stem}.backup-{label}-{stamp}{suffix}")
    count = 1
    while target.exists():  # two copies in one second: never one over the other
        count += 1
        target = source.with_name(f"{source.stem}.backup-{label}-{stamp}-{count}{suffix}")
    return target


def backup_copies(source: Path) -> list[Path]:
    """The backup copies beside `source`, newest first."""
    pattern = f"{source.stem}.backup-*{source.suffix or '.sqlite'}"
    try:
        found = [p for p in source.parent.glob(pattern) if p.is_file()]
    except OSError:
        return []
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name), reverse=True)


def backup(source: Path, label: str) -> Path:
    """Copy a SQLite database file beside itself (consistent even while in use)."""
    target = backup_path(source, label)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target
