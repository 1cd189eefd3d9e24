"""The offline journal on a workstation is on the purge clock: scans kept while the server was
away, once replayed (or settled by a person) and older than the purge period, are deleted
from the file, bytes and all; scans still waiting or to decide stay. The purge on the
command line and the desk's housekeeping both do it."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from illdesk.services.desk import offline
from illdesk.services.reports import privacy
from illdesk.services.reports.housekeeping import daily_housekeeping
from illdesk.services.session import DeskSession
from illdesk.store.offline_journal import APPLIED, EXCEPTION, SETTLED, WAITING, OfflineJournal
from illdesk.store.unit_of_work import Actor
from tests.integration.test_cli import illdesk

NOW = datetime.now(UTC)  # the purge and the housekeeping read the real clock
OLD = NOW - timedelta(days=200)  # past the default 90 days
RECENT = NOW - timedelta(days=10)


def keep(journal: OfflineJournal, card: str, state: str, at: datetime) -> None:
    scan_id = f"scan-{card}"
    journal.record(scan_id, card, "smart", None, "Ann Archer", "DESK-1")
    if state != WAITING:
        journal.settle(scan_id, state, f"outcome for {card}")
    with sqlite3.connect(journal.path) as conn:  # as if scanned then
        conn.execute("UPDATE scans SET at = ? WHERE scan_id = ?", (at.isoformat(), scan_id))


def a_journal(path: Path) -> OfflineJournal:
    journal = OfflineJournal(path)
    keep(journal, "21234000011111", APPLIED, OLD)
    keep(journal, "21234000022222", SETTLED, OLD)
    keep(journal, "21234000033333", EXCEPTION, OLD)
    keep(journal, "21234000044444", WAITING, OLD)
    keep(journal, "21234000055555", APPLIED, RECENT)
    return journal


def on_disk(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_replayed_scans_past_the_period_leave_the_file(tmp_path: Path) -> None:
    journal = a_journal(tmp_path / "offline-journal.sqlite")
    cutoff = NOW - timedelta(days=90)
    assert privacy.forget_replayed_scans(cutoff, dry_run=True, journal=journal) == 2
    assert len(journal.scans()) == 5  # a dry run only counts
    assert privacy.forget_replayed_scans(cutoff, journal=journal) == 2
    left = {s.raw: s.state for s in journal.scans()}
    assert left == {
        "21234000033333": EXCEPTION,  # still to decide
        "21234000044444": WAITING,  # not replayed yet
        "21234000055555": APPLIED,  # within the period
    }
    data = on_disk(journal.path)
    assert b"21234000011111" not in data and b"21234000022222" not in data
    assert b"21234000055555" in data
    assert privacy.forget_replayed_scans(cutoff, journal=journal) == 0


def test_no_journal_no_file(tmp_path: Path) -> None:
    journal = OfflineJournal(tmp_path / "never" / "offline-journal.sqlite")
    assert privacy.forget_replayed_scans(NOW, journal=journal) == 0
    assert not journal.path.exists() and not journal.path.parent.exists()


def test_the_purge_and_the_housekeeping_empty_this_workstations_journal(db_url, db) -> None:
    journal = a_journal(offline.journal_for().path)  # this workstation's, in its data folder
    dry = illdesk("--database", db_url, "privacy", "purge", "--dry-run").stdout
    assert "2 scan(s) kept offline on this workstation and since replayed would be" in dry
    session = DeskSession.for_actor(db, Actor(None, "Ann Archer", "DESK-1"))
    done = daily_housekeeping(session)
    assert done.journal_scans == 2
    assert sorted(s.raw for s in journal.scans()) == [
        "21234000033333",
        "21234000044444",
        "21234000055555",
    ]
