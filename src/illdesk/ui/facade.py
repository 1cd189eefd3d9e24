"""The window's one way to the services: queries and changes, answered on the GUI thread.

In the manner of Anki's `QueryOp` and `CollectionOp`, a widget hands over a function of the
desk session and says what to do with its answer:

    services.query(lambda s: directory.list_libraries(s.read()), self._on_libraries)
    services.change(lambda s: lender_groups.save_group(s.write(), name, symbols), self._on_saved)

A query runs on a reader thread; a change runs on the one writer thread, so changes from the
whole window (the scanning desk's scans too) are made one at a time, in the order asked. The
answer, or the exception, comes back on the GUI thread, which never waits on the database.

Widgets import the service modules they need inside the function they hand over: the first
screen then shows without loading SQLAlchemy (see docs/decisions/0005).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from illdesk.services.session import DeskSession
from illdesk.ui.tasks import Progress, run_change, run_task, run_with_progress

T = TypeVar("T")
Work = Callable[[DeskSession], T]


class QueryOnly:
    """The session as a query sees it: it reads, and refuses to change anything, so that
    every change goes through the writer thread."""

    def __init__(self, session: DeskSession) -> None:
        self._session = session

    def write(self) -> Any:
        raise RuntimeError("A query changes nothing: hand the change to ServiceFacade.change.")

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


def _ignore(_exc: Exception) -> None:
    """For queries whose failure the widget shows some other way."""


class ServiceFacade:
    """The desk session plus the two ways of using it from the window (see the module text)."""

    def __init__(self, session: DeskSession) -> None:
        self.session = session

    @property
    def staff_name(self) -> str:
        return self.session.staff_name

    def act_as(self, staff_id: int, staff_name: str) -> None:
        """From now on, work is done in this person's name (after they signed in). Work
        asked for before keeps the name it was asked in."""
        self.session = self.session.as_staff(staff_id, staff_name)

    @property
    def workstation(self) -> str:
        return self.session.workstation

    @property
    def display_name(self) -> str:
        return self.session.display_name

    def query(
        self,
        work: Work[T],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] = _ignore,
    ) -> None:
        """Read in the background; `on_done(answer)` or `on_error(exc)` on the GUI thread."""
        session = cast(DeskSession, QueryOnly(self.session))
        run_task(lambda: work(session), on_done, on_error)

    def change(
        self,
        work: Work[T],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        """Change something on the writer thread, after every change asked for before."""
        session = self.session
        run_change(lambda: work(session), on_done, on_error)

    def long_change(
        self,
        work: Callable[[DeskSession, Progress], T],
        on_progress: Callable[[int, int], None],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> Progress:
        """A change over many requests, with progress and Cancel (each step commits alone)."""
        session = self.session
        return run_with_progress(
            lambda progress: work(session, progress), on_progress, on_done, on_error, writer=True
        )


def facade_for(database: Any, actor: Any) -> ServiceFacade:
    """A facade over an already open database for a known actor (tests, screenshots,
    benchmarks: the application itself uses `DeskSession.opening`)."""
    return ServiceFacade(DeskSession.for_actor(database, actor))
