"""What keeps the figures and the patron data in order without anyone asking: months that
ended long enough ago freeze, and patron data past the library's retention period is purged
(on the shared database, and in this workstation's offline journal).

The desk window runs this when the database opens and every hour after (a desk left open
overnight does the next day's share in the morning); a library without an open desk runs
`illdesk report freeze --due` and `illdesk privacy purge` from a daily task. It works in the
name of ILL Desk itself, not of whoever is signed in: the library's settings decided it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from illdesk.services.reports import archive, privacy
from illdesk.services.session import DeskSession
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork

log = logging.getLogger(__name__)
# Requests purged per run: a backlog (the first run after the setting was shortened) is taken
# in hourly portions, so that the desk's own changes never wait long behind it.
MOST_PER_RUN = 5000


@dataclass(frozen=True, slots=True)
class Housekeeping:
    """What one run did."""

    frozen: tuple[str, ...]
    purged: privacy.PurgeResult
    journal_scans: int = 0  # scans deleted from this workstation's offline journal


def daily_housekeeping(session: DeskSession) -> Housekeeping:
    """Freeze the months that are due, then purge the patron data that is due."""
    database = session.database
    clock = session.read().clock

    def system() -> UnitOfWork:
        return UnitOfWork(database, SYSTEM, clock)

    frozen = tuple(archive.freeze_due(system()))
    purged = privacy.purge(system(), most=MOST_PER_RUN)
    scans = privacy.forget_replayed_scans(purged.cutoff)
    if frozen or purged.requests or scans:
        # Counts only: nothing that names a patron goes to the log.
        log.info(
            "Housekeeping: froze %s; purged patron data from %d requests (%d notices, %d "
            "patrons anonymised) and %d old scans from the offline journal",
            ", ".join(frozen) or "no month", purged.requests, purged.notices, purged.patrons,
            scans,
        )  # fmt: skip
    return Housekeeping(frozen, purged, scans)
