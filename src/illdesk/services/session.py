"""The desk's handle on its database: who is working, where, and units of work on demand.

The window and the command line never import `illdesk.store`. They hold a `DeskSession` and
hand it to the services: `session.read()` for a query, `session.write()` for a change. The
session opens its database on first use, so the window can be on screen before SQLAlchemy,
Alembic and the migrations have even been imported; `store` is therefore imported inside the
methods here, never at the top of the module.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from illdesk.services.errors import ServiceError

if TYPE_CHECKING:
    from illdesk.store.database import Database
    from illdesk.store.unit_of_work import Actor, UnitOfWork

Opener = Callable[[bool], "Database"]  # its argument: upgrade an older database


class DatabaseProblem(ServiceError):
    """The database cannot be opened or used; the message says what to do."""


class DatabaseNeedsUpgrade(DatabaseProblem):
    """A shared database made by an older ILL Desk: upgrading it needs a person's yes."""


def explains_itself(exc: BaseException) -> bool:
    """Whether `exc` carries a message written for staff (a refusal, a database that cannot
    be opened or reached, no keyring), to be shown as it is rather than as a traceback."""
    from illdesk.services.admin.workstation import KeyringUnavailable  # noqa: PLC0415
    from illdesk.store.database import DatabaseError  # noqa: PLC0415

    return isinstance(exc, ServiceError | DatabaseError | KeyringUnavailable)


def describe_url(url: str) -> str:
    """Where the data lives, in words and without any password (no database needed)."""
    if url.startswith("sqlite"):
        return f"Local file {url.split(':///', 1)[-1]}"
    parts = urlsplit(url)
    return f"Shared server {parts.hostname or 'localhost'}/{parts.path.lstrip('/')}"


class DeskSession:
    """One person at one workstation, working on one database.

    Safe to share between threads: the database opens once, under a lock, on whichever
    thread first needs it (the window's worker, so the GUI thread never waits for it).
    """

    def __init__(
        self,
        database: Database | Opener,
        staff_name: str,
        workstation: str,
        *,
        staff_id: int | None = None,
        url: str = "",
    ) -> None:
        self.staff_name = staff_name
        self.workstation = workstation
        self.staff_id = staff_id
        self._opener: Opener | None = None
        self._database: Database | None = None
        if callable(database):
            self._opener = database
        else:
            self._database = database
        self._url = url
        self._lock = threading.Lock()

    @classmethod
    def for_actor(cls, database: Database, actor: Actor) -> DeskSession:
        """A session for someone already known as an `Actor` (tests, scripts, benchmarks)."""
        return cls(database, actor.staff_name, actor.workstation, staff_id=actor.staff_id)

    @classmethod
    def opening(
        cls,
        url: str,
        staff_name: str,
        workstation: str,
        *,
        create: bool | None = None,
    ) -> DeskSession:
        """A session whose database opens on first use: an older SQLite file upgraded (after
        a backup), an older shared database only by `open(upgrade=True)`. A database that is
        not there is made only with `create` (by default: for this workstation's local
        workspace only; every other one is made by a set-up step)."""

        def open_now(upgrade: bool) -> Database:
            from illdesk.services.admin import workstation as settings  # noqa: PLC0415
            from illdesk.store import database as store  # noqa: PLC0415

            try:
                return store.open_database(
                    settings.with_password(url),
                    create=settings.is_local_workspace(url) if create is None else create,
                    confirm_upgrade=(lambda _message: True) if upgrade else None,
                )
            except store.UpgradeNeeded as exc:
                raise DatabaseNeedsUpgrade(str(exc)) from exc
            except store.DatabaseError as exc:
                raise DatabaseProblem(str(exc)) from exc

        return cls(open_now, staff_name, workstation, url=url)

    @property
    def database(self) -> Database:
        """The open database (opened now if this is the first use)."""
        return self._open(upgrade=False)

    def _open(self, upgrade: bool) -> Database:
        with self._lock:
            if self._database is None:
                assert self._opener is not None
                self._database = self._opener(upgrade)
            return self._database

    def open(self, *, upgrade: bool = False) -> str:
        """Open the database now (on a worker), upgrading an older shared database only when
        `upgrade` says a person agreed; returns where the data lives."""
        return self._open(upgrade).display_name

    @property
    def is_open(self) -> bool:
        return self._database is not None

    @property
    def actor(self) -> Actor:
        """Who is working, as written on every event."""
        from illdesk.store.unit_of_work import Actor  # noqa: PLC0415

        return Actor(self.staff_id, self.staff_name, self.workstation)

    @property
    def display_name(self) -> str:
        """Where the data lives, without any password."""
        if self._database is not None:
            return self._database.display_name
        return describe_url(self._url) if self._url else "(database not open yet)"

    def read(self) -> UnitOfWork:
        """A read-only unit of work for one query."""
        from illdesk.store.unit_of_work import UnitOfWork  # noqa: PLC0415

        return UnitOfWork(self.database, self.actor, read_only=True)

    def write(self) -> UnitOfWork:
        """A unit of work for one change."""
        from illdesk.store.unit_of_work import UnitOfWork  # noqa: PLC0415

        return UnitOfWork(self.database, self.actor)

    def as_staff(self, staff_id: int | None, staff_name: str) -> DeskSession:
        """The same database, worked on by someone else (their events carry their name).

        Never opens the database itself: a desk whose server cannot be reached still lets
        someone sign in (against the offline copy of the staff list), and the twin opens the
        database through this session when it is first used."""
        shared: Database | Opener = self._database if self._database is not None else self._open
        twin = DeskSession(shared, staff_name, self.workstation, staff_id=staff_id)
        twin._url = self._url
        return twin

    def close(self) -> None:
        """Let go of the database's connections (at the end of the run)."""
        with self._lock:
            if self._database is not None:
                self._database.dispose()
