"""The scanning desk's offline journal: a small SQLite file on the workstation itself.

When the shared server cannot be reached, each scan is written here, and the write is made
durable (`synchronous=FULL`, committed) before the desk answers "saved offline". The same file
keeps a snapshot of what the desk needs to check a scan while offline (open requests' numbers
and barcodes, patron cards and blocks), refreshed while online.

Replaying goes through `ReplayUnitOfWork`: it writes an `AppliedScan` row with the scan's id in
the same transaction as the scan's action, so a replay cut short (even by kill -9) and started
again applies every scan once.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, SessionTransaction

from illdesk.store.connection_words import describe_connection_error
from illdesk.store.database import Database, DatabaseUnavailable
from illdesk.store.journal_schema import AppliedScan
from illdesk.store.unit_of_work import Actor, UnitOfWork, utc_now

WAITING, APPLIED, EXCEPTION, SETTLED = "waiting", "applied", "exception", "settled"
REPLAYED_AT = "replayed_at"  # in a replayed scan's event details: when it reached the server

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


class ReplayBatch:
    """One transaction of the shared database for several journaled scans in a row.

    Each scan runs in a savepoint of its own (`ReplayUnitOfWork`), so one that cannot be
    applied leaves the others; `commit` makes the whole batch durable at once (one commit's
    wait instead of one a scan). A batch cut short (the server gone, kill -9) is rolled back
    whole, its applied-scan rows with it, so the next replay applies those scans, once.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._session: Session | None = None
        self.cache: dict[str, Any] = {}  # settings and the like, read once a batch
        self.announcements: list[str] = []  # sent to the other desks once the batch commits

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = self.db.writing()
        return self._session

    def commit(self) -> None:
        """Make every scan of the batch durable (DatabaseUnavailable if the server went)."""
        if self._session is None:
            return
        try:
            self._session.commit()
        except OperationalError as exc:
            raise DatabaseUnavailable(describe_connection_error(self.db.url, exc)) from exc
        finally:
            self.close()
        self.db.announce(self.announcements)
        self.announcements = []

    def close(self) -> None:
        """End the batch; what was not committed is rolled back."""
        if self._session is not None:
            with contextlib.suppress(DBAPIError):
                self._session.rollback()
            self._session.close()
        self._session = None
        self.cache = {}
        self.announcements = []


class ReplayUnitOfWork(UnitOfWork):
    """A unit of work for one journaled scan inside a `ReplayBatch`: a savepoint of the
    batch's transaction. Its changes are dated when the scan was made (its events say when
    they were applied too), and its commit also records that the scan was applied."""

    def __init__(self, batch: ReplayBatch, actor: Actor, scan: JournaledScan) -> None:
        super().__init__(batch.db, actor, lambda: scan.at)
        self.batch = batch
        self.scan_id = scan.scan_id
        self.applied_at = utc_now()
        self.event_note = {REPLAYED_AT: self.applied_at.isoformat()}
        self._savepoint: SessionTransaction | None = None

    def __enter__(self) -> Self:
        self.session = self.batch.session
        self.cache = self.batch.cache
        self.announcements = []  # handed to the batch when this scan's savepoint is kept
        self._savepoint = self.session.begin_nested()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._savepoint is not None and self._savepoint.is_active:
            with contextlib.suppress(DBAPIError):
                self._savepoint.rollback()
        self.raise_in_words(exc)

    def commit(self) -> None:
        """Keep this scan's work in the batch (durable when the batch commits)."""
        self.session.add(
            AppliedScan(
                scan_id=self.scan_id,
                workstation=self.actor.workstation,
                applied_at=self.applied_at,
            )
        )
        assert self._savepoint is not None
        self._savepoint.commit()
        self.batch.announcements.extend(self.announcements)


def applied_among(uow: UnitOfWork, scan_ids: list[str]) -> set[str]:
    """Which of these journaled scans the shared database has applied (one query a 500)."""
    found: set[str] = set()
    with uow:
        for start in range(0, len(scan_ids), 500):
            chunk = scan_ids[start : start + 500]
            found.update(
                uow.session.scalars(
                    sa.select(AppliedScan.scan_id).where(AppliedScan.scan_id.in_(chunk))
                )
            )
    return found
