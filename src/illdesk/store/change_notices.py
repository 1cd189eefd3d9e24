"""Telling the other workstations about a change once it is committed (PostgreSQL).

Every event written on a shared server is announced on the `illdesk_changes` channel
(store.live_changes listens to it) with its id, request, action and workstation. The
announcement is sent right after the transaction that wrote the event has committed, never
before (nobody hears of a change they cannot read yet), in a small transaction of its own on
a connection kept for it, with `synchronous_commit` off: PostgreSQL holds one lock across the
commit of every transaction that notifies, and a notice that does not wait for the disk holds
it only a moment (migration 0026). A notice lost to a crash or a dropped connection only
delays the other desks' refresh; the change itself is saved, and a listener catches up from
the events table when it reconnects.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading

import psycopg
from sqlalchemy.engine import URL

log = logging.getLogger(__name__)
CHANNEL = "illdesk_changes"
_SEND = (
    "SELECT set_config('synchronous_commit', 'off', true), pg_notify(%s, payload) "
    "FROM unnest(%s::text[]) AS payload"
)


def payload(event_id: int, request_id: int | None, action: str, workstation: str) -> str:
    """What a listener reads of one event (store.live_changes parses it)."""
    return json.dumps({"e": event_id, "r": request_id, "a": action, "w": workstation})


class Announcer:
    """One workstation's sender of change notices (thread-safe; one connection, kept)."""

    def __init__(self, url: URL) -> None:
        self._conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def send(self, payloads: list[str]) -> None:
        """Announce committed events; never raises (a lost notice only delays a refresh)."""
        if not payloads:
            return
        with self._lock:
            for attempt in (1, 2):  # a connection dropped since last time: one new try
                try:
                    if self._conn is None or self._conn.closed:
                        self._conn = psycopg.connect(
                            self._conninfo,
                            autocommit=True,
                            connect_timeout=5,
                            application_name="ILL Desk (changes)",
                        )
                    self._conn.execute(_SEND, (CHANNEL, payloads))
                    return
                except psycopg.Error as exc:
                    self.close_unlocked()
                    if attempt == 2:
                        log.info("Change notice not sent (%s)", type(exc).__name__)

    def close(self) -> None:
        with self._lock:
            self.close_unlocked()

    def close_unlocked(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
        self._conn = None
