"""The unit of work: one transaction, one actor, one clock.

Every service takes a UnitOfWork, does its work inside `with uow:`, and calls `uow.commit()`
once. Leaving the block without a commit rolls everything back, so an action and its event row
are saved together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from illdesk.store.change_notices import payload
from illdesk.store.connection_words import describe_connection_error
from illdesk.store.database import Database, DatabaseUnavailable
from illdesk.store.errors import WRITE_REFUSED, WriteRefused


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is working, and at which workstation: written on every event."""

    staff_id: int | None
    staff_name: str
    workstation: str


SYSTEM = Actor(None, "ILL Desk", "")


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnitOfWork:
    """A session over one transaction. Not re-entrant: make a new one per use case."""

    session: Session

    def __init__(
        self,
        db: Database,
        actor: Actor = SYSTEM,
        clock: Callable[[], datetime] = utc_now,
        *,
        read_only: bool = False,
    ) -> None:
        self.db = db
        self.actor = actor
        self.clock = clock
        self.read_only = read_only
        # Added to the details of every event this unit of work writes (a replayed offline
        # scan says when it was applied, its event being dated when it was scanned).
        self.event_note: dict[str, Any] = {}
        # Notices of the events written, sent to the other workstations after the commit.
        self.announcements: list[str] = []

    def __enter__(self) -> Self:
        self.session = self.db.reading() if self.read_only else self.db.writing()
        # Values read once per transaction (settings, the calendar): cleared with the session.
        self.cache: dict[str, Any] = {}
        self.announcements = []
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            # A read-only unit of work has nothing to undo, and rollback() would first expire
            # every object it loaded (10 ms of a 200-row search on 10^6 requests, measured);
            # close() below ends its transaction just the same.
            if not self.read_only:
                self.session.rollback()
        except DBAPIError:
            pass  # the connection is gone; there is nothing left to roll back
        finally:
            self.session.close()
        self.raise_in_words(exc)

    def raise_in_words(self, exc: BaseException | None) -> None:
        """A database error that ended the work, told in words for staff (others pass)."""
        if isinstance(exc, OperationalError):
            raise DatabaseUnavailable(describe_connection_error(self.db.url, exc)) from exc
        if isinstance(exc, IntegrityError):
            # Use cases catch the conflicts they expect (a card used twice) inside the unit of
            # work; one that reaches here is shown in words, never as the database's own text.
            raise WriteRefused(WRITE_REFUSED) from exc

    def now(self) -> datetime:
        """The time of this unit of work's changes (UTC)."""
        return self.clock()

    def today(self) -> date:
        """Today's date at the desk (local time)."""
        return self.clock().astimezone().date()

    def commit(self) -> None:
        """Make the work durable; when this returns, the action may be acknowledged. The
        other workstations are then told of the events it wrote."""
        self.session.commit()
        self.send_announcements()

    def announce(self, event_id: int, request_id: int | None, action: str) -> None:
        """Tell the other workstations about this event once the work is committed."""
        if self.db.is_postgresql:
            self.announcements.append(payload(event_id, request_id, action, self.actor.workstation))

    def send_announcements(self) -> None:
        if self.announcements:
            self.db.announce(self.announcements)
            self.announcements = []
