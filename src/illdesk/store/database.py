"""Opening a database: engine set-up for SQLite and PostgreSQL, and migrations on open.

SQLite (one workstation) runs in WAL mode with foreign keys on and `synchronous=FULL`, so a
committed action survives a power cut: the desk acknowledges a scan only after its commit.
Write transactions start with `BEGIN IMMEDIATE` so two writers queue up instead of failing
half-way. PostgreSQL (several workstations) goes through psycopg 3 with connection checks so a
server restart is survived.

A new database is made by running the migrations; an older one is upgraded on open, after a
backup copy (SQLite) or after a person has said yes (PostgreSQL).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """A problem with the database, explained for the person at the desk."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached or opened."""


class UpgradeNeeded(DatabaseError):
    """The database was made by an older ILL Desk and must be upgraded first."""

    def __init__(self, message: str, current: str | None, head: str) -> None:
        super().__init__(message)
        self.current = current
        self.head = head


@dataclass(frozen=True, slots=True)
class MigrationState:
    """Where a database stands against the migrations this ILL Desk carries."""

    current: str | None
    head: str
    has_tables: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def parse_url(url: str | URL) -> URL:
    """An SQLAlchemy URL, with PostgreSQL pinned to psycopg 3 (raises DatabaseError)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(
            f"“{url}” is not a database address. Use sqlite:///path/to/file.sqlite or "
            "postgresql://user@host/database."
        ) from exc
    if parsed.drivername in {"postgresql", "postgres", "postgresql+psycopg2"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in {"sqlite", "postgresql"}:
        raise DatabaseError("ILL Desk works with SQLite files and PostgreSQL servers only.")
    return parsed


def make_engine(url: str | URL) -> Engine:
    """An engine with ILL Desk's connection settings for the URL's back end."""
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed)
    return sa.create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=5,
        connect_args={"connect_timeout": 5, "application_name": "ILL Desk"},
    )


def _sqlite_engine(url: URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module so BEGIN is ours to emit.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        # Checkpoints run on ILL Desk's own background thread (see Checkpointer), not inside
        # whichever commit happens to fill the log: that commit would be a scan at the desk.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _alembic_config(connection: sa.Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration this ILL Desk carries."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(_alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False


def migration_state(engine: Engine) -> MigrationState:
    """Read the database's migration revision (raises DatabaseUnavailable)."""
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            has_tables = bool(sa.inspect(conn).get_table_names())
    except OperationalError as exc:
        raise DatabaseUnavailable(describe_connection_error(engine.url, exc)) from exc
    return MigrationState(current, head_revision(), has_tables)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one transaction."""
    with engine.connect() as conn:
        # Alembic manages its own transaction on this connection.
        command.upgrade(_alembic_config(conn), revision)
        conn.commit()


def backup_sqlite(engine: Engine, label: str) -> Path:
    """Copy a SQLite database file beside itself (consistent even while in use)."""
    database = engine.url.database
    if not database or database == ":memory:":
        raise DatabaseError("Only a database file can be backed up.")
    source = Path(database)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    target = source.with_name(f"{source.stem}.backup-{label}-{stamp}{source.suffix or '.sqlite'}")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


def describe_connection_error(url: URL, exc: Exception) -> str:
    """Words for staff when the database cannot be opened."""
    if url.get_backend_name() == "sqlite":
        return (
            f"The database file {url.database} cannot be opened ({_first_line(exc)}). "
            "Check that the folder exists, that you may write to it, and that the disk is not full."
        )
    return (
        f"The shared database on {url.host or 'localhost'} cannot be reached "
        f"({_first_line(exc)}). Check the network cable or Wi-Fi, and ask whoever looks after "
        "the server whether it is running. Work already saved is safe."
    )


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Checkpointer:
    """Copies the SQLite write-ahead log into the database file every few seconds.

    With automatic checkpoints the commit that fills the log pays for copying it (tens of
    milliseconds on an ordinary disk): a scan at the desk would stall. Here a daemon thread
    does it between scans instead. PASSIVE checkpoints never block readers or writers; one
    that cannot finish now simply finishes on a later round.
    """

    def __init__(self, engine: Engine, interval: float = 2.0) -> None:
        self.engine = engine
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.checkpoint()

    def checkpoint(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except sa.exc.DBAPIError as exc:  # a busy or vanished file: try again next round
            log.debug("WAL checkpoint skipped: %s", exc)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.checkpoint()


class Database:
    """An open, up-to-date database: its engine and session factories.

    `reading()` sessions begin deferred; `writing()` sessions begin immediately on SQLite so
    that a unit of work holds the write lock from its first statement.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        self._write = sessionmaker(bind=writer, expire_on_commit=False)
        self._checkpointer = Checkpointer(engine) if self.is_sqlite else None
        self._memory: dict[str, tuple[float, Any]] = {}
        self._memory_lock = threading.Lock()

    def remember(self, key: str, value: Any) -> None:
        """Keep a value read from the database for `recall` (settings, closed days)."""
        with self._memory_lock:
            self._memory[key] = (time.monotonic(), value)

    def recall(self, key: str, max_age: float) -> Any:
        """A remembered value no older than `max_age` seconds, or None."""
        with self._memory_lock:
            found = self._memory.get(key)
        if found is None or time.monotonic() - found[0] > max_age:
            return None
        return found[1]

    def forget(self, key: str) -> None:
        """Drop a remembered value (after changing it)."""
        with self._memory_lock:
            self._memory.pop(key, None)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def is_postgresql(self) -> bool:
        return self.url.get_backend_name() == "postgresql"

    @property
    def display_name(self) -> str:
        """Where the data lives, without any password."""
        if self.is_sqlite:
            return f"Local file {self.url.database}"
        return f"Shared server {self.url.host or 'localhost'}/{self.url.database}"

    def reading(self) -> Session:
        return self._read()

    def writing(self) -> Session:
        return self._write()

    def dispose(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self.engine.dispose()


def open_database(
    url: str | URL,
    *,
    confirm_upgrade: Callable[[str], bool] | None = None,
) -> Database:
    """Open (and create or upgrade) a database.

    A new database gets every migration. An older SQLite file is backed up, then upgraded. An
    older PostgreSQL database is upgraded only if `confirm_upgrade(message)` says yes, because
    every workstation sharing it must be updated too; otherwise UpgradeNeeded is raised.
    """
    engine = make_engine(url)
    state = migration_state(engine)
    if state.up_to_date:
        return Database(engine)
    if state.current is None and not state.has_tables:
        log.info("Creating a new ILL Desk database")
        upgrade(engine)
        return Database(engine)
    if state.current is None:
        raise DatabaseError(
            "This database holds tables that ILL Desk did not make. Choose an empty database "
            "or a file of its own."
        )
    if not _known_revision(state.current):
        raise DatabaseError(
            f"This database was made by a newer ILL Desk (revision {state.current}). Update ILL "
            "Desk on this workstation before opening it."
        )
    if engine.url.get_backend_name() == "sqlite":
        backup = backup_sqlite(engine, f"rev{state.current}")
        log.info("Backed up the database before upgrading it to %s: %s", state.head, backup)
        upgrade(engine)
        return Database(engine)
    message = (
        f"The shared database needs an upgrade (from {state.current} to {state.head}) before "
        "this ILL Desk can use it. Every workstation that uses it must run this version of ILL "
        "Desk afterwards. Make sure a backup of the server exists. Upgrade now?"
    )
    if confirm_upgrade is not None and confirm_upgrade(message):
        upgrade(engine)
        return Database(engine)
    engine.dispose()
    raise UpgradeNeeded(
        message.replace(" Upgrade now?", " Run `illdesk db upgrade` to upgrade it."),
        state.current,
        state.head,
    )
