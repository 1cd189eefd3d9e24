"""What the window says about the desk's link to the shared server, and what it does about it.

`link_now` reads only the workstation's own journal (cheap, never the server): whether the
last try at the server failed, how many scans wait and how many exceptions need a person.
`try_server` is the window's periodic try: it replays the waiting scans when the server
answers again (on the writer thread, so in order with the scans), or only checks that the
server answers. `refresh_snapshot` (in `offline`) runs while online so that offline scans are
checked against recent data. Decision 0015.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from illdesk.services.desk import offline
from illdesk.services.desk.offline import ReplaySummary
from illdesk.services.session import DatabaseProblem, DeskSession
from illdesk.store.errors import DatabaseUnavailable
from illdesk.store.offline_journal import EXCEPTION, WAITING, OfflineJournal


@dataclass(frozen=True, slots=True)
class DeskLink:
    """The desk's link to the server, as the status bar shows it."""

    offline: bool
    waiting: int
    exceptions: int
    replayed: ReplaySummary | None = None
    problem: str = ""

    @property
    def text(self) -> str:
        """The status bar's words (empty: nothing to say)."""
        parts = []
        if self.offline:
            parts.append(f"Offline: {self.waiting} scan(s) wait for the server")
        elif self.waiting:
            parts.append(f"{self.waiting} offline scan(s) wait to be replayed")
        if self.exceptions:
            parts.append(f"{self.exceptions} offline scan(s) to decide (Desk ▸ Offline journal)")
        return "; ".join(parts)


def link_now(journal: OfflineJournal) -> DeskLink:
    """The desk's state from its own journal alone (no server asked)."""
    counts = journal.counts()
    return DeskLink(offline.server_away(journal), counts.get(WAITING, 0), counts.get(EXCEPTION, 0))


def try_server(session: DeskSession, journal: OfflineJournal) -> DeskLink:
    """Try the server: replay what waits if it answers, or only check that it answers.

    Never raises for a server that is away: the answer says offline, with the reason.
    """
    replayed = None
    try:
        if journal.waiting_count():
            replayed = offline.replay(session, journal)
        else:
            with session.read() as uow:
                uow.session.execute(sa.select(sa.literal(1)))
    except (DatabaseUnavailable, DatabaseProblem) as exc:
        offline.mark_unreachable(journal)
        return _with(link_now(journal), problem=str(exc))
    offline.mark_reachable(journal)
    return _with(link_now(journal), replayed=replayed)


def refresh_snapshot(session: DeskSession, journal: OfflineJournal) -> int | None:
    """Refresh the offline snapshot from the server; None when it cannot be reached (the old
    snapshot stays)."""
    try:
        if not session.database.is_postgresql:
            return None  # a file on this computer is never away: nothing to keep for offline
        return offline.refresh_snapshot(session, journal)
    except (DatabaseUnavailable, DatabaseProblem):
        return None


def _with(link: DeskLink, *, replayed: ReplaySummary | None = None, problem: str = "") -> DeskLink:
    return DeskLink(link.offline, link.waiting, link.exceptions, replayed, problem)


def unreachable(exc: BaseException) -> bool:
    """Whether opening the database failed because the server could not be reached (rather
    than refused: a wrong name, a missing database, an upgrade needed)."""
    return isinstance(exc, DatabaseProblem) and isinstance(exc.__cause__, DatabaseUnavailable)
