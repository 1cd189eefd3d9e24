"""The scanning desk without the shared server: scans kept in a local journal, replayed later.

`scan_or_journal` is the desk's scan: it acts at once when the database answers; when the
server cannot be reached it checks the scan against the local snapshot, keeps it in the
journal (on disk before it answers) and says "saved offline". `replay` applies the waiting
scans in the order they were made, in the name of whoever scanned them; what cannot be applied
(done meanwhile elsewhere, moved on, unknown, a blocked patron) goes to the exceptions list
for a person to decide. Decision 0015.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import sqlalchemy as sa

from illdesk.core.desk_decision import DeskMode
from illdesk.core.request_status import TERMINAL
from illdesk.core.vocabulary import PatronStatus
from illdesk.services.access.offline_sign_in import copy_staff
from illdesk.services.admin import workstation
from illdesk.services.desk.desk_state import DeskState
from illdesk.services.desk.scan import handle_scan
from illdesk.services.desk.scan_texts import Level, ScanResult
from illdesk.services.session import DatabaseProblem, DeskSession
from illdesk.store.errors import DatabaseUnavailable
from illdesk.store.journal_replay import ReplayBatch, ReplayUnitOfWork, applied_among
from illdesk.store.offline_journal import (
    APPLIED,
    EXCEPTION,
    SETTLED,
    WAITING,
    JournaledScan,
    OfflineJournal,
    SnapshotEntry,
)
from illdesk.store.schema import Patron, Request
from illdesk.store.unit_of_work import Actor, UnitOfWork

__all__ = ["JournaledScan", "OfflineJournal", "ReplaySummary", "journal_for", "replay"]

RETRY_SECONDS = 10.0
REPLAY_BATCH = 20  # journaled scans replayed in one transaction (decision 0015)
_offline_until: dict[Path, float] = {}  # per journal: when to try the server again
_unreachable: set[Path] = set()  # journals whose last try at the server failed

OFFLINE_MODES = frozenset(
    {DeskMode.SMART, DeskMode.RECEIVE, DeskMode.CHECK_OUT, DeskMode.PATRON_RETURN, DeskMode.PACK}
)


def journal_for(path: Path | None = None) -> OfflineJournal:
    """This workstation's journal (in its data folder unless a path is given)."""
    return OfflineJournal(path or workstation.data_dir() / "offline-journal.sqlite")


def refresh_snapshot(session: DeskSession, journal: OfflineJournal) -> int:
    """Copy what an offline scan is checked against: open requests' numbers and barcodes,
    patron cards and whether they are blocked; and the staff list with the sign-in rules, so
    that a desk without its server still asks who is scanning. Returns how many codes it
    holds."""
    copy_staff(session.read(), journal)
    finished = [status.value for status in TERMINAL]
    with session.read() as uow:
        requests = uow.session.execute(
            sa.select(Request.number, Request.item_barcode, Request.temp_barcode).where(
                Request.status.not_in(finished)
            )
        ).all()
        patrons = uow.session.execute(
            sa.select(Patron.card_barcode, Patron.surname, Patron.given_name, Patron.status)
        ).all()
    entries: list[tuple[str, SnapshotEntry]] = []
    for number, item, temp in requests:
        entry = SnapshotEntry("request", number, False)
        entries.extend((code, entry) for code in (number, item, temp) if code)
    for card, surname, given, status in patrons:
        name = f"{given} {surname}".strip()
        entries.append((card, SnapshotEntry("patron", name, status == PatronStatus.BLOCKED)))
    return journal.replace_snapshot(entries)


def scan_or_journal(
    session: DeskSession, journal: OfflineJournal, raw: str, state: DeskState
) -> tuple[ScanResult, DeskState]:
    """The desk's scan: done now, or kept offline when the server cannot be reached.

    After a failed try the desk stays offline for `RETRY_SECONDS` before it tries the server
    again, so a batch scanned during a cut does not wait for a timeout on every item.
    """
    if time.monotonic() < _offline_until.get(journal.path, 0.0):
        return journal_scan(session, journal, raw, state)
    try:
        # Scans kept while offline go first, so the server sees every scan in scan order.
        earlier = replay(session, journal) if journal.waiting_count() else None
        result, state = handle_scan(session.write(), raw, state)
    except (DatabaseUnavailable, DatabaseProblem):
        mark_unreachable(journal)
        return journal_scan(session, journal, raw, state)
    mark_reachable(journal)
    if earlier is not None:
        told = f"The server is back: the scans kept offline were replayed ({earlier.text})"
        result = replace(result, next_step=" ".join(p for p in (result.next_step, told) if p))
    return result, state


def mark_unreachable(journal: OfflineJournal) -> None:
    """The server did not answer: the desk works offline, and tries again in a while."""
    _offline_until[journal.path] = time.monotonic() + RETRY_SECONDS
    _unreachable.add(journal.path)


def mark_reachable(journal: OfflineJournal) -> None:
    """The server answered: the desk is online again."""
    _offline_until.pop(journal.path, None)
    _unreachable.discard(journal.path)


def server_away(journal: OfflineJournal) -> bool:
    """Whether the last try at the server from this desk failed (until one succeeds)."""
    return journal.path in _unreachable


def is_offline(journal: OfflineJournal) -> bool:
    """Whether the desk is working offline now (its last try at the server failed)."""
    return time.monotonic() < _offline_until.get(journal.path, 0.0)


def journal_scan(
    session: DeskSession, journal: OfflineJournal, raw: str, state: DeskState
) -> tuple[ScanResult, DeskState]:
    """Keep a scan for later (the server is away); the answer says what was checked."""
    code = raw.strip()
    if state.mode not in OFFLINE_MODES:
        return ScanResult(
            Level.ERROR,
            "Offline: not in this mode",
            f"The server cannot be reached, and {state.mode.label} needs it.",
            "Use receive, check-out, patron return or pack mode until the server is back.",
        ), state
    known = journal.lookup(code)
    if known is not None and known.kind == "patron" and known.blocked:
        return ScanResult(
            Level.ERROR,
            "Patron blocked",
            f"{known.label}'s card is blocked (as of the last snapshot).",
            "Nothing was saved. Set the items aside for a supervisor.",
        ), state
    scan_id = str(uuid.uuid4())
    journal.record(
        scan_id,
        code,
        state.mode.value,
        session.staff_id,
        session.staff_name,
        session.workstation,
        known.label if known is not None else "",
    )
    waiting = journal.waiting_count()
    if known is None:
        detail = f"{code} is not in this desk's offline list; it is checked on replay."
        level = Level.WARNING
    else:
        detail = f"{known.label} ({'patron' if known.kind == 'patron' else 'request'})."
        level = Level.INFO
    if known is not None and known.kind == "patron":
        state = replace(state, patron_card=code, patron_name=known.label)
    return ScanResult(
        level,
        "Saved offline",
        detail,
        f"{waiting} scan(s) wait for the server. They are applied when it is back.",
        number=known.label if known is not None and known.kind == "request" else "",
    ), state


@dataclass(frozen=True, slots=True)
class ReplaySummary:
    """What a replay did."""

    applied: int
    exceptions: int
    already: int  # applied by an earlier replay that was cut short

    @property
    def text(self) -> str:
        parts = [f"{self.applied} applied", f"{self.exceptions} to decide"]
        if self.already:
            parts.append(f"{self.already} were already applied")
        return ", ".join(parts) + "."


def replay(
    session: DeskSession,
    journal: OfflineJournal,
    on_scan: Callable[[JournaledScan, str, str], None] | None = None,
) -> ReplaySummary:
    """Apply the waiting scans in order; each applied once, whatever happened before.

    `on_scan(scan, state, outcome)` is told after each one (progress, the command line).
    Raises DatabaseProblem if the server is still away (the rest keep waiting).
    """
    db = session.database
    already = 0
    state = DeskState()
    waiting = journal.scans([WAITING])
    if not waiting:
        return ReplaySummary(0, 0, 0)
    first = waiting[0]
    done_before = applied_among(
        UnitOfWork(db, Actor(first.staff_id, first.staff_name, first.workstation), read_only=True),
        [scan.scan_id for scan in waiting],
    )
    counts = {APPLIED: 0, EXCEPTION: 0}
    outcomes: list[tuple[JournaledScan, str, str]] = []  # this batch's, told once it commits
    batch = ReplayBatch(db)
    try:
        for scan in waiting:
            if scan.scan_id in done_before:
                journal.settle_many([(scan.scan_id, APPLIED, "Applied by an earlier replay.")])
                already += 1
                continue
            actor = Actor(scan.staff_id, scan.staff_name, scan.workstation)
            mode = DeskMode(scan.mode)
            if state.mode is not mode:
                state = replace(DeskState(), mode=mode, options=state.options)
            result, state = handle_scan(ReplayUnitOfWork(batch, actor, scan), scan.raw, state)
            outcomes.append((scan, _verdict(journal, scan, result), _words(result)))
            if len(outcomes) >= REPLAY_BATCH:
                _commit(batch, journal, outcomes, counts, on_scan)
        _commit(batch, journal, outcomes, counts, on_scan)
    finally:
        batch.close()  # what was not committed waits for the next replay
    return ReplaySummary(counts[APPLIED], counts[EXCEPTION], already)


def _verdict(journal: OfflineJournal, scan: JournaledScan, result: ScanResult) -> str:
    if result.event_id is not None or (result.ok and result.level is Level.SUCCESS):
        return APPLIED
    if result.ok and scan.known and _is_patron(journal, scan.raw):
        return APPLIED  # a patron's card: who is served
    return EXCEPTION


def _words(result: ScanResult) -> str:
    return " ".join(p for p in (result.headline, result.detail) if p)


def _commit(
    batch: ReplayBatch,
    journal: OfflineJournal,
    outcomes: list[tuple[JournaledScan, str, str]],
    counts: dict[str, int],
    on_scan: Callable[[JournaledScan, str, str], None] | None,
) -> None:
    """Commit a batch of replayed scans, then write their outcomes to the journal file."""
    batch.commit()
    journal.settle_many([(scan.scan_id, verdict, words) for scan, verdict, words in outcomes])
    for scan, verdict, words in outcomes:
        counts[verdict] += 1
        if on_scan is not None:
            on_scan(scan, verdict, words)
    outcomes.clear()


def _is_patron(journal: OfflineJournal, code: str) -> bool:
    known = journal.lookup(code)
    return known is not None and known.kind == "patron"


def exceptions(journal: OfflineJournal) -> list[JournaledScan]:
    """The scans a person has to decide on."""
    return journal.scans([EXCEPTION])


def settle_exception(journal: OfflineJournal, scan_id: str, note: str) -> None:
    """A person decided (did it by hand, or set it aside): it leaves the exceptions list."""
    journal.settle(scan_id, SETTLED, note or "Settled by hand.")
