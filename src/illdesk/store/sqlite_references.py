"""SQLite's foreign keys during an upgrade: not enforced while tables are rebuilt, every
reference checked before the commit.

SQLite changes a table by copying it, dropping the old one and renaming the copy (Alembic's
batch mode); while foreign keys are enforced, dropping a table that other rows point at
(patrons at their facility) is refused (docs/decisions/0016).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from illdesk.store.errors import DatabaseError


@contextmanager
def references_checked_at_the_end(conn: sa.Connection) -> Iterator[None]:
    """Foreign keys not enforced while the migrations run on this connection (the pragma
    counts only outside a transaction, hence the raw connection); `refuse_broken_references`
    checks every reference before the commit (migrations/env.py)."""
    raw = conn.connection.driver_connection if conn.dialect.name == "sqlite" else None
    if raw is None:
        yield
        return
    raw.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        raw.execute("PRAGMA foreign_keys=ON")


def refuse_broken_references(conn: sa.Connection) -> None:
    """Raise DatabaseError if a row points at one that is not there (SQLite; inside the
    migrations' transaction, which the error then rolls back)."""
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, _row, parent, _key = broken[0]
        raise DatabaseError(
            f"The upgrade was stopped and nothing was changed: {len(broken)} row(s) of "
            f"{table} point at {parent} rows that are not there. Restore the newest backup "
            "copy, or ask whoever looks after ILL Desk to check the database file."
        )
