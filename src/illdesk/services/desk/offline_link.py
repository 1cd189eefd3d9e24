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

from illdesk.services.access import sign_in
from illdesk.services.access.offline_sign_in import desk_rules_offline, sign_in_offline
from illdesk.services.access.sign_in import DeskRules, SignedIn
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


def desk_rules_here(session: DeskSession, journal: OfflineJournal) -> DeskRules:
    """Must people sign in at this desk, and when does it lock: the server's answer, or the
    copy kept with the offline snapshot while the server cannot be reached."""
    if not offline.is_offline(journal):
        try:
            return sign_in.desk_rules(session.read())
        except (DatabaseUnavailable, DatabaseProblem) as exc:
            if not _away(exc):
                raise
            offline.mark_unreachable(journal)
    rules = desk_rules_offline(journal)
    if rules is None:
        raise DatabaseProblem(
            "The server cannot be reached, and this computer has no copy of the sign-in "
            "rules yet. ILL Desk keeps trying."
        )
    return rules


def sign_in_here(session: DeskSession, journal: OfflineJournal, who: str, secret: str) -> SignedIn:
    """Sign in at this desk: against the server's staff list, or, while the server cannot be
    reached, against the copy kept with the offline snapshot (PIN hashes only)."""
    if not offline.is_offline(journal):
        try:
            return sign_in.sign_in(session.write(), who, secret)
        except (DatabaseUnavailable, DatabaseProblem) as exc:
            if not _away(exc):
                raise
            offline.mark_unreachable(journal)
    return sign_in_offline(journal, who, secret)


def _away(exc: BaseException) -> bool:
    return isinstance(exc, DatabaseUnavailable) or unreachable(exc)


def unreachable(exc: BaseException) -> bool:
    """Whether opening the database failed because the server could not be reached (rather
    than refused: a wrong name, a missing database, an upgrade needed)."""
    return isinstance(exc, DatabaseProblem) and isinstance(exc.__cause__, DatabaseUnavailable)
