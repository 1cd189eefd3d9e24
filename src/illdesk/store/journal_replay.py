"""Replaying the offline journal into the shared database: batches of scans, once each.

`ReplayBatch` is one transaction for several journaled scans; each scan runs in a savepoint
of its own (`ReplayUnitOfWork`), which also writes an `AppliedScan` row with the scan's id, so
a replay cut short (even by kill -9) and started again applies every scan once
(`applied_among` says which the server already has). Decision 0015.
"""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import Any, Self

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, SessionTransaction

from illdesk.store.connection_words import describe_connection_error
from illdesk.store.database import Database, DatabaseUnavailable
from illdesk.store.journal_schema import AppliedScan
from illdesk.store.offline_journal import JournaledScan
from illdesk.store.unit_of_work import Actor, UnitOfWork, utc_now

REPLAYED_AT = "replayed_at"  # in a replayed scan's event details: when it reached the server


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
