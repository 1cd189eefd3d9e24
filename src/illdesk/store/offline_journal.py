"""The scanning desk's offline journal: a small SQLite file on the workstation itself.

When the shared server cannot be reached, each scan is written here, and the write is made
durable (`synchronous=FULL`, committed) before the desk answers "saved offline". The same file
keeps a snapshot of what the desk needs to check a scan while offline (open requests' numbers
and barcodes, patron cards and blocks), refreshed while online.

Replaying goes through `store.journal_replay`: it writes an `AppliedScan` row with the scan's id in
the same transaction as the scan's action, so a replay cut short (even by kill -9) and started
again applies every scan once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

WAITING, APPLIED, EXCEPTION, SETTLED = "waiting", "applied", "exception", "settled"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scans (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    scan_id TEXT NOT NULL UNIQUE,
    raw TEXT NOT NULL,
    mode TEXT NOT NULL,
    staff_id INTEGER,
    staff_name TEXT NOT NULL,
    workstation TEXT NOT NULL,
    at TEXT NOT NULL,
    known TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'waiting',
    outcome TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS snapshot (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    blocked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS snapshot_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS staff (
    staff_id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    badge TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    secret_hash TEXT NOT NULL DEFAULT ''
);
"""


@dataclass(frozen=True, slots=True)
class JournaledScan:
    """One scan kept in the journal."""

    seq: int
    scan_id: str
    raw: str
    mode: str
    staff_id: int | None
    staff_name: str
    workstation: str
    at: datetime
    known: str
    state: str
    outcome: str


@dataclass(frozen=True, slots=True)
class SnapshotEntry:
    """What the offline snapshot knows of a code: a request or a patron card."""

    kind: str  # "request" or "patron"
    label: str  # the request number, or the patron's name
    blocked: bool


@dataclass(frozen=True, slots=True)
class StaffCopy:
    """One active member of staff as the offline desk knows them: the PIN only as its stored
    hash (never the PIN itself), so a desk without its server can still check a sign-in."""

    staff_id: int
    name: str
    badge: str
    role: str
    secret_hash: str


@dataclass(frozen=True, slots=True)
class OfflineSignInRules:
    """The sign-in rules as the server had them at the last snapshot."""

    in_force: bool
    idle_lock_minutes: int


def _key(code: str) -> str:
    return "".join(code.split()).upper()


class OfflineJournal:
    """The journal file (made on first use); every method opens and closes its connection,
    so the scanning desk's writer thread and a replay can both use it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=FULL")
        conn.executescript(_SCHEMA)
        return conn

    def record(
        self,
        scan_id: str,
        raw: str,
        mode: str,
        staff_id: int | None,
        staff_name: str,
        workstation: str,
        known: str = "",
    ) -> int:
        """Keep one scan; when this returns it is on disk. Returns its place in the queue."""
        conn = self._connect()
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                cursor = conn.execute(
                    "INSERT INTO scans (scan_id, raw, mode, staff_id, staff_name, workstation, "
                    "at, known) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        scan_id,
                        raw,
                        mode,
                        staff_id,
                        staff_name,
                        workstation,
                        datetime.now(UTC).isoformat(),
                        known,
                    ),
                )
            return int(cursor.lastrowid or 0)
        finally:
            conn.close()

    def scans(self, states: Iterable[str] | None = None) -> list[JournaledScan]:
        """The journal in order (only those in `states`, when given)."""
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT seq, scan_id, raw, mode, staff_id, staff_name, workstation, at, known, "
                "state, outcome FROM scans ORDER BY seq"
            ).fetchall()
        finally:
            conn.close()
        wanted = set(states) if states is not None else None
        return [
            JournaledScan(
                int(r[0]),
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                datetime.fromisoformat(r[7]),
                r[8],
                r[9],
                r[10],
            )
            for r in rows
            if wanted is None or r[9] in wanted
        ]

    def waiting_count(self) -> int:
        conn = self._connect()
        try:
            row = conn.execute("SELECT count(*) FROM scans WHERE state = ?", (WAITING,)).fetchone()
            return int(row[0])
        finally:
            conn.close()

    def settle(self, scan_id: str, state: str, outcome: str) -> None:
        """Record what became of a scan (applied, an exception, or settled by a person)."""
        conn = self._connect()
        try:
            with conn:
                conn.execute(
                    "UPDATE scans SET state = ?, outcome = ? WHERE scan_id = ?",
                    (state, outcome, scan_id),
                )
        finally:
            conn.close()

    def counts(self) -> dict[str, int]:
        """How many scans are in each state (waiting, applied, exception, settled)."""
        conn = self._connect()
        try:
            rows = conn.execute("SELECT state, count(*) FROM scans GROUP BY state").fetchall()
            return {str(state): int(n) for state, n in rows}
        finally:
            conn.close()

    def settle_many(self, outcomes: Iterable[tuple[str, str, str]]) -> None:
        """Record several scans' outcomes (scan id, state, outcome) in one commit. Used by the
        replay: the shared database's applied_scans, not this file, is what says a scan was
        applied, so a crash before this commit loses nothing (the next replay finds them)."""
        conn = self._connect()
        conn.execute("PRAGMA synchronous=NORMAL")  # no wait for the disk (see above)
        try:
            with conn:
                conn.executemany(
                    "UPDATE scans SET state = ?, outcome = ? WHERE scan_id = ?",
                    [(state, outcome, scan_id) for scan_id, state, outcome in outcomes],
                )
        finally:
            conn.close()

    # ------------------------------------------------------------ the snapshot

    def replace_snapshot(self, entries: Iterable[tuple[str, SnapshotEntry]]) -> int:
        """Put a fresh snapshot in place of the old one; returns how many codes it holds."""
        conn = self._connect()
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM snapshot")
                conn.executemany(
                    "INSERT OR REPLACE INTO snapshot (code, kind, label, blocked) "
                    "VALUES (?, ?, ?, ?)",
                    (
                        (_key(code), e.kind, e.label, int(e.blocked))
                        for code, e in entries
                        if code.strip()
                    ),
                )
                conn.execute(
                    "INSERT OR REPLACE INTO snapshot_info (key, value) VALUES ('taken', ?)",
                    (datetime.now(UTC).isoformat(),),
                )
                count = conn.execute("SELECT count(*) FROM snapshot").fetchone()
            return int(count[0])
        finally:
            conn.close()

    def snapshot_taken(self) -> datetime | None:
        """When the snapshot was last taken (None: never, so offline scans cannot be checked)."""
        conn = self._connect()
        try:
            row = conn.execute("SELECT value FROM snapshot_info WHERE key = 'taken'").fetchone()
        finally:
            conn.close()
        return None if row is None else datetime.fromisoformat(row[0])

    def lookup(self, code: str) -> SnapshotEntry | None:
        """What the snapshot knows of a scanned code, if anything."""
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT kind, label, blocked FROM snapshot WHERE code = ?", (_key(code),)
            ).fetchone()
        finally:
            conn.close()
        return None if row is None else SnapshotEntry(row[0], row[1], bool(row[2]))

    # ------------------------------------------------------------ the staff list

    def replace_staff(self, people: Iterable[StaffCopy], rules: OfflineSignInRules) -> int:
        """Put a fresh copy of the active staff list and the sign-in rules in place."""
        conn = self._connect()
        try:
            with conn:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("DELETE FROM staff")
                conn.executemany(
                    "INSERT INTO staff (staff_id, name, badge, role, secret_hash) "
                    "VALUES (?, ?, ?, ?, ?)",
                    ((p.staff_id, p.name, p.badge, p.role, p.secret_hash) for p in people),
                )
                conn.executemany(
                    "INSERT OR REPLACE INTO snapshot_info (key, value) VALUES (?, ?)",
                    (
                        ("sign_in_in_force", "1" if rules.in_force else "0"),
                        ("idle_lock_minutes", str(rules.idle_lock_minutes)),
                    ),
                )
                count = conn.execute("SELECT count(*) FROM staff").fetchone()
            return int(count[0])
        finally:
            conn.close()

    def staff(self) -> list[StaffCopy]:
        """The staff list as copied at the last snapshot."""
        conn = self._connect()
        try:
            rows = conn.execute(
                "SELECT staff_id, name, badge, role, secret_hash FROM staff ORDER BY name"
            ).fetchall()
        finally:
            conn.close()
        return [StaffCopy(int(r[0]), r[1], r[2], r[3], r[4]) for r in rows]

    def sign_in_rules(self) -> OfflineSignInRules | None:
        """The sign-in rules copied at the last snapshot (None: never copied)."""
        conn = self._connect()
        try:
            rows = dict(
                conn.execute(
                    "SELECT key, value FROM snapshot_info "
                    "WHERE key IN ('sign_in_in_force', 'idle_lock_minutes')"
                ).fetchall()
            )
        finally:
            conn.close()
        if "sign_in_in_force" not in rows:
            return None
        return OfflineSignInRules(
            rows["sign_in_in_force"] == "1", int(rows.get("idle_lock_minutes", "0"))
        )
