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

from illdesk.store import sqlite_file
from illdesk.store.change_notices import Announcer
from illdesk.store.checkpoints import Checkpointer
from illdesk.store.connection_words import describe_connection_error, missing_on_server
from illdesk.store.errors import (
    DatabaseDamaged,
    DatabaseError,
    DatabaseMissing,
    DatabaseUnavailable,
    NotAnIllDeskDatabase,
    SchemaChangeRefused,
    UpgradeNeeded,
)
from illdesk.store.sqlite_references import references_checked_at_the_end

INSUFFICIENT_PRIVILEGE = "42501"  # PostgreSQL's SQLSTATE for "permission denied"

__all__ = [
    "Database",
    "DatabaseDamaged",
    "DatabaseError",
    "DatabaseMissing",
    "DatabaseUnavailable",
    "MigrationState",
    "NotAnIllDeskDatabase",
    "SchemaChangeRefused",
    "UpgradeNeeded",
    "inspect_database",
    "make_engine",
    "migration_state",
    "open_database",
    "parse_url",
    "upgrade",
]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


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


def make_engine(url: str | URL, *, create: bool = False) -> Engine:
    """An engine with ILL Desk's connection settings for the URL's back end.

    A SQLite file is made (with its folder) only when `create` is true; otherwise connecting
    to a file that is not there fails instead of leaving an empty database behind.
    """
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, create=create)
    return sa.create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=5,
        connect_args={"connect_timeout": 5, "application_name": "ILL Desk"},
    )


def sqlite_path(url: URL) -> Path | None:
    """The file of a SQLite address; None for an in-memory database or another back end."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database).expanduser()


def _sqlite_engine(url: URL, *, create: bool) -> Engine:
    path = sqlite_path(url)
    if path is None:
        engine = sa.create_engine(url, connect_args={"timeout": 10})
    else:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
            target, uri = str(path), False
        else:
            # mode=rw: open an existing file for reading and writing, never make a new one.
            target, uri = path.resolve().as_uri() + "?mode=rw", True
        engine = sa.create_engine(
            url,
            creator=lambda: sqlite3.connect(target, uri=uri, timeout=10, check_same_thread=False),
        )

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

    @event.listens_for(engine, "handle_error")
    def _on_error(context: sa.engine.ExceptionContext) -> None:
        # Damage found part-way through (a page that cannot be read) reaches the desk as the
        # same typed error, with the same words, as damage found when opening.
        original = context.original_exception
        if path is not None and sqlite_file.is_damage(original):
            words = sqlite_file.damaged(path, str(original), found_while_working=True)
            raise DatabaseDamaged(words) from original

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


def is_known_revision(revision: str) -> bool:
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
        missing = missing_on_server(engine.url, exc)
        if missing is not None:
            raise missing from exc
        raise DatabaseUnavailable(describe_connection_error(engine.url, exc)) from exc
    return MigrationState(current, head_revision(), has_tables)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the migrations up to `revision` in one transaction; a database role that may not
    change the tables (a workstation's) is refused in words, with nothing changed."""
    try:
        with engine.connect() as conn, references_checked_at_the_end(conn):
            # Alembic manages its own transaction on this connection.
            command.upgrade(_alembic_config(conn), revision)
            conn.commit()
    except sa.exc.ProgrammingError as exc:
        if getattr(exc.orig, "sqlstate", "") != INSUFFICIENT_PRIVILEGE:
            raise
        raise SchemaChangeRefused(
            f"The database role {engine.url.username or 'in use'} may not create or change "
            "ILL Desk's tables. Run `illdesk db upgrade` with the administrator's role (admin "
            "guide, “Two database roles”). Nothing was changed."
        ) from exc


def backup_sqlite(engine: Engine, label: str) -> Path:
    """Copy a SQLite database file beside itself (consistent even while in use)."""
    path = sqlite_path(engine.url)
    if path is None:
        raise DatabaseError("Only a database file can be backed up.")
    return sqlite_file.backup(path, label)


class Database:
    """An open, up-to-date database: its engine and session factories.

    `reading()` sessions begin deferred; `writing()` sessions begin immediately on SQLite so
    that a unit of work holds the write lock from its first statement.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = engine.url
        self._this_thread = threading.local()

        @event.listens_for(engine, "commit")
        def _on_commit(_conn: sa.Connection) -> None:
            self._this_thread.commits = self.commits_sent() + 1

        self._read = sessionmaker(bind=engine, expire_on_commit=False)
        writer = engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else engine
        self._write = sessionmaker(bind=writer, expire_on_commit=False)
        self._checkpointer = Checkpointer(engine) if self.is_sqlite else None
        self._memory: dict[str, tuple[float, Any]] = {}
        self._memory_lock = threading.Lock()
        # Change notices to the other workstations, sent after each commit (shared server).
        self._announcer = Announcer(engine.url) if self.is_postgresql else None

    def commits_sent(self) -> int:
        """How many COMMITs this thread has sent. When the connection is lost, a caller that
        compares this before and after its work knows whether a commit was under way, and so
        whether the work may have been saved after all."""
        return int(getattr(self._this_thread, "commits", 0))

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

    def announce(self, payloads: list[str]) -> None:
        """Tell the other workstations about committed events (store.change_notices)."""
        if self._announcer is not None:
            self._announcer.send(payloads)

    def dispose(self) -> None:
        if self._announcer is not None:
            self._announcer.close()
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self.engine.dispose()


def open_database(
    url: str | URL,
    *,
    create: bool = False,
    confirm_upgrade: Callable[[str], bool] | None = None,
) -> Database:
    """Open an ILL Desk database, upgrading it when an older ILL Desk made it.

    Nothing is made unless `create` is true, which only the set-up paths pass (the first
    start's local workspace, `db upgrade`, `db use`, the setup wizard, the demo): otherwise a
    SQLite file that is not there, or a database without tables, raises DatabaseMissing and is
    left as it was. A file that is not an ILL Desk database, or is damaged, is refused before
    anything is written to it (NotAnIllDeskDatabase, DatabaseDamaged).

    A new database gets every migration. An older SQLite file is backed up, then upgraded. An
    older PostgreSQL database is upgraded only if `confirm_upgrade(message)` says yes, because
    every workstation sharing it must be updated too; otherwise UpgradeNeeded is raised.
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None:
        found = sqlite_file.examine(path)
        if found is not sqlite_file.SqliteFile.ILL_DESK and not create:
            raise DatabaseMissing(_not_set_up(parsed, found))
    engine = make_engine(parsed, create=create)
    try:
        return _open(engine, create=create, confirm_upgrade=confirm_upgrade)
    except BaseException:
        engine.dispose()
        raise


def _open(
    engine: Engine, *, create: bool, confirm_upgrade: Callable[[str], bool] | None
) -> Database:
    state = migration_state(engine)
    if state.up_to_date:
        return Database(engine)
    if state.current is None and not state.has_tables:
        if not create:
            raise DatabaseMissing(_not_set_up(engine.url, sqlite_file.SqliteFile.EMPTY))
        log.info("Creating a new ILL Desk database")
        upgrade(engine)
        return Database(engine)
    if state.current is None:
        raise NotAnIllDeskDatabase(
            "This database holds tables that ILL Desk did not make. Choose an empty database "
            "or a file of its own. Nothing was changed."
        )
    if not is_known_revision(state.current):
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
    raise UpgradeNeeded(
        message.replace(" Upgrade now?", " Run `illdesk db upgrade` to upgrade it."),
        state.current,
        state.head,
    )


def inspect_database(url: str | URL) -> MigrationState:
    """Where the database at `url` stands, read without making or changing anything.

    A SQLite file that is not there yet, or is empty, stands before the first migration.
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    if path is not None and sqlite_file.examine(path) is not sqlite_file.SqliteFile.ILL_DESK:
        return MigrationState(None, head_revision(), has_tables=False)
    engine = make_engine(parsed)
    try:
        return migration_state(engine)
    finally:
        engine.dispose()


def _not_set_up(url: URL, found: sqlite_file.SqliteFile) -> str:
    address = url.render_as_string(hide_password=True)
    set_up = (
        "To start a new, empty ILL Desk database there, run: "
        f"illdesk --database {address} db upgrade"
    )
    if url.get_backend_name() != "sqlite":
        return (
            f"The database “{url.database}” on {url.host or 'localhost'} is empty: ILL Desk has "
            f"not been set up in it. Check the address for a typing mistake. {set_up}"
        )
    if found is sqlite_file.SqliteFile.MISSING:
        return (
            f"There is no ILL Desk database at {sqlite_path(url)}: no such file. Check the "
            f"address for a typing mistake; nothing was created. {set_up}"
        )
    return (
        f"{sqlite_path(url)} is an empty database: ILL Desk has not been set up in it. Check "
        f"the address for a typing mistake; nothing was changed. {set_up}"
    )
