"""The offline journal on the purge clock: scans a workstation kept while the server was
away, once dealt with (applied, or settled by a person) and older than the purge's cutoff,
are deleted from the journal file, their bytes overwritten. Scans still waiting and
exceptions still to decide stay: they are work not yet done."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from illdesk.store.offline_journal import APPLIED, SETTLED, OfflineJournal

_WHERE = "WHERE state IN (?, ?) AND at < ?"


def forget_replayed(journal: OfflineJournal, before: datetime, *, dry_run: bool = False) -> int:
    """Delete the dealt-with scans kept before `before`; how many (or, dry, would be)."""
    if not journal.path.exists():
        return 0  # this workstation never kept a scan offline: make no file
    values = (APPLIED, SETTLED, before.astimezone(UTC).isoformat())
    conn = sqlite3.connect(journal.path, timeout=30, isolation_level=None)
    try:
        if dry_run:
            return int(conn.execute(f"SELECT count(*) FROM scans {_WHERE}", values).fetchone()[0])
        conn.execute("PRAGMA secure_delete=ON")  # the deleted scans' bytes are zeroed
        with conn:
            gone = conn.execute(f"DELETE FROM scans {_WHERE}", values).rowcount
        if gone:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # nor kept in the WAL file
        return int(gone)
    finally:
        conn.close()
