"""Write-ahead log checkpoints for a SQLite database, off the desk's own thread."""

from __future__ import annotations

import logging
import threading

import sqlalchemy as sa
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)


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
