"""Hearing other workstations' changes on PostgreSQL: LISTEN, and catching up after a gap.

A `ChangeListener` keeps one connection of its own (autocommit, outside the pool) listening on
the channel the `events` trigger notifies (migration 0017). It remembers the last event id it
passed on. Whenever it (re)connects it first listens, then reads every event after that id
from the table, so notices lost while the connection was down are made up for, and none is
passed on twice. It wakes twice a second to see whether it should stop; it never polls the
table while the connection is up.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

import psycopg
import sqlalchemy as sa

from illdesk.store.database import Database

log = logging.getLogger(__name__)

CHANNEL = "illdesk_changes"
CATCH_UP_LIMIT = 5000  # more missed than this: the listener says "catch up everything"


@dataclass(frozen=True, slots=True)
class ChangeNotice:
    """One event written somewhere: which, on which request, what, from which workstation."""

    event_id: int
    request_id: int | None
    action: str
    workstation: str


# What the listener passes on: a batch of changes, and `everything` when too many were missed
# to list (the window then reloads all it shows).
OnChanges = Callable[[list[ChangeNotice], bool], None]
OnState = Callable[[str], None]  # "live", "reconnecting: <why>", "stopped"


def _conninfo(db: Database) -> str:
    return db.url.set(drivername="postgresql").render_as_string(hide_password=False)


class ChangeListener:
    """A background thread passing on other workstations' changes (see the module text)."""

    def __init__(
        self,
        db: Database,
        on_changes: OnChanges,
        on_state: OnState,
        *,
        retry_seconds: float = 1.0,
        gather_seconds: float = 0.05,
    ) -> None:
        if not db.is_postgresql:
            raise ValueError("Live changes need a PostgreSQL database.")
        self.db = db
        self.on_changes = on_changes
        self.on_state = on_state
        self.retry_seconds = retry_seconds
        self.gather_seconds = gather_seconds
        self.last_event_id = self._newest_event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="illdesk-live", daemon=True)
        self._conn: psycopg.Connection | None = None

    def _newest_event(self) -> int:
        with self.db.engine.connect() as conn:
            newest = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM events")).scalar()
            return int(newest or 0)

    def start(self) -> ChangeListener:
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        """Stop listening (returns within about half a second)."""
        self._stop.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with psycopg.connect(
                    _conninfo(self.db),
                    autocommit=True,
                    connect_timeout=5,
                    application_name="ILL Desk live",
                ) as conn:
                    self._conn = conn
                    conn.execute(f"LISTEN {CHANNEL}")
                    self._catch_up(conn)
                    self.on_state("live")
                    self._listen(conn)
            except psycopg.Error as exc:
                if self._stop.is_set():
                    break
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "lost"
                log.info("Live changes: connection lost (%s)", type(exc).__name__)
                self.on_state(f"reconnecting: {reason}")
                self._stop.wait(self.retry_seconds)
            finally:
                self._conn = None
        self.on_state("stopped")

    def _catch_up(self, conn: psycopg.Connection) -> None:
        rows = conn.execute(
            "SELECT id, request_id, action, workstation FROM events WHERE id > %s "
            "ORDER BY id LIMIT %s",
            (self.last_event_id, CATCH_UP_LIMIT + 1),
        ).fetchall()
        if not rows:
            return
        if len(rows) > CATCH_UP_LIMIT:
            newest = conn.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()
            self.last_event_id = int(newest[0]) if newest else self.last_event_id
            self.on_changes([], True)
            return
        self._pass_on([ChangeNotice(int(r[0]), r[1], str(r[2]), str(r[3])) for r in rows])

    def _listen(self, conn: psycopg.Connection) -> None:
        while not self._stop.is_set():
            batch: list[ChangeNotice | None] = []
            for notify in conn.notifies(timeout=0.5):
                batch.append(_parse(notify.payload))
                break  # the first one wakes us; the rest of its batch is gathered below
            if not batch:
                continue
            # Gather what arrives together (a batch of actions) into one refresh.
            batch.extend(
                _parse(more.payload) for more in conn.notifies(timeout=self.gather_seconds)
            )
            self._pass_on([notice for notice in batch if notice is not None])

    def _pass_on(self, notices: list[ChangeNotice]) -> None:
        # Event id 0: a notice that is no event (an "in processing" mark set or cleared).
        fresh = [n for n in notices if n.event_id > self.last_event_id or n.event_id == 0]
        if not fresh:
            return
        self.last_event_id = max([self.last_event_id, *(n.event_id for n in fresh)])
        self.on_changes(fresh, False)


def _parse(payload: str) -> ChangeNotice | None:
    try:
        data = json.loads(payload)
        return ChangeNotice(int(data["e"]), data.get("r"), str(data["a"]), str(data.get("w", "")))
    except (ValueError, KeyError, TypeError):
        log.warning("Live changes: a notice that could not be read was ignored")
        return None
