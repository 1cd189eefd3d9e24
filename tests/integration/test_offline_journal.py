"""The scanning desk with the server cut in the middle of a batch: scans kept in the offline
journal, replayed in order when it is back, exceptions listed, each scan applied once even
when a replay is killed (kill -9) and started again. Real PostgreSQL, a real TCP proxy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.core.desk_decision import DeskMode
from illdesk.services.desk import offline, requests
from illdesk.services.desk.desk_state import DeskState
from illdesk.services.session import DeskSession
from illdesk.store.database import Database, open_database
from illdesk.store.offline_journal import OfflineJournal
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN, BO
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def _sent(db: Database, count: int) -> list[str]:
    def uow(actor=ANN, **kw) -> UnitOfWork:
        return UnitOfWork(db, actor, **kw)

    seed_directory(uow)
    numbers = []
    for i in range(count):
        row = borrow(uow, f"Salmon and Rivers, part {i}", allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    return numbers


def _statuses(db: Database) -> dict[str, str]:
    with db.reading() as session:
        return dict(session.execute(sa.text("SELECT number, status FROM requests")).all())


def _receives(db: Database) -> dict[str, int]:
    with db.reading() as session:
        rows = session.execute(
            sa.text(
                "SELECT r.number, count(*) FROM events e JOIN requests r ON r.id = e.request_id "
                "WHERE e.action = 'receive' AND e.undone_by IS NULL GROUP BY r.number"
            )
        ).all()
    return {number: int(n) for number, n in rows}


def test_server_cut_mid_batch_scans_kept_then_replayed(
    pg_db: Database, pg_url: str, tmp_path: Path
) -> None:
    numbers = _sent(pg_db, 6)
    server = sa.make_url(pg_url)
    journal = OfflineJournal(tmp_path / "journal.sqlite")
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through = server.set(host="127.0.0.1", port=proxy.port)
        desk_db = open_database(through.render_as_string(hide_password=False))
        desk = DeskSession.for_actor(desk_db, ANN)
        assert offline.refresh_snapshot(desk, journal) >= 6
        state = replace(DeskState(), mode=DeskMode.RECEIVE)
        for number in numbers[:2]:
            result, state = offline.scan_or_journal(desk, journal, number, state)
            assert result.event_id is not None, result

        proxy.cut()  # the network goes, in the middle of the batch
        answers = []
        for code in [*numbers[2:], "NOSUCHCODE7"]:
            result, state = offline.scan_or_journal(desk, journal, code, state)
            answers.append(result)
        desk_db.dispose()
    assert all(a.headline == "Saved offline" for a in answers)
    assert "not in this desk's offline list" in answers[-1].detail
    assert journal.waiting_count() == 5 and offline.is_offline(journal)
    assert [_statuses(pg_db)[n] for n in numbers] == ["on_hold_shelf"] * 2 + ["sent"] * 4

    # Meanwhile another desk received one of them.
    bo = DeskSession.for_actor(pg_db, BO)
    offline.handle_scan(bo.write(), numbers[3], replace(DeskState(), mode=DeskMode.RECEIVE))

    # The server is back: replay in order, in Ann's name; what cannot be applied is listed.
    summary = offline.replay(DeskSession.for_actor(pg_db, ANN), journal)
    assert (summary.applied, summary.exceptions, summary.already) == (3, 2, 0)
    assert [_statuses(pg_db)[n] for n in numbers] == ["on_hold_shelf"] * 6
    listed = {scan.raw: scan.outcome for scan in offline.exceptions(journal)}
    assert set(listed) == {numbers[3], "NOSUCHCODE7"}
    assert all(count == 1 for count in _receives(pg_db).values())
    with pg_db.reading() as session:
        who = session.execute(
            sa.text(
                "SELECT e.staff_name, e.workstation FROM events e JOIN requests r "
                "ON r.id = e.request_id WHERE r.number = :n AND e.action = 'receive'"
            ),
            {"n": numbers[4]},
        ).one()
    assert tuple(who) == (ANN.staff_name, ANN.workstation)
    # Nothing is applied twice by a second replay.
    again = offline.replay(DeskSession.for_actor(pg_db, ANN), journal)
    assert (again.applied, again.exceptions) == (0, 0)


def test_replay_killed_and_restarted_applies_each_scan_once(
    pg_db: Database, pg_url: str, tmp_path: Path
) -> None:
    numbers = _sent(pg_db, 40)
    data = tmp_path / "data"
    journal = OfflineJournal(data / "offline-journal.sqlite")
    for number in numbers:
        journal.record(f"scan-{number}", number, "receive", None, "Ann Archer", "DESK-1")
    env = dict(os.environ, ILLDESK_DATA_DIR=str(data))
    command = [sys.executable, "-m", "illdesk", "--database", pg_url, "journal", "replay"]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert first.stdout is not None
    done = 0
    for line in first.stdout:
        if " done " in line:
            done += 1
        if done == 8:
            os.kill(first.pid, signal.SIGKILL)
            break
    first.wait(30)
    first.stdout.close()
    assert first.returncode == -signal.SIGKILL
    partly = _receives(pg_db)
    assert 8 <= len(partly) < 40

    second = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert second.returncode == 0, second.stderr
    assert "Replayed the offline journal" in second.stdout
    receives = _receives(pg_db)
    assert sorted(receives) == sorted(numbers) and set(receives.values()) == {1}
    with pg_db.reading() as session:
        assert session.execute(sa.text("SELECT count(*) FROM applied_scans")).scalar() == 40
    assert {s.state for s in journal.scans()} == {"applied"}
    listed = subprocess.run(
        [sys.executable, "-m", "illdesk", "journal", "list"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "0 waiting for the server, 0 exception(s) to decide." in listed.stdout


def test_a_replayed_scan_keeps_the_time_it_was_scanned(pg_db: Database, tmp_path: Path) -> None:
    (number,) = _sent(pg_db, 1)
    journal = OfflineJournal(tmp_path / "journal.sqlite")
    journal.record("scan-1", number, DeskMode.RECEIVE.value, None, ANN.staff_name, "DESK-1")
    (kept,) = journal.scans()
    time.sleep(1.2)  # the server comes back a while later
    summary = offline.replay(DeskSession.for_actor(pg_db, ANN), journal)
    assert summary.applied == 1
    with pg_db.reading() as session:
        at, status_since, details = session.execute(
            sa.text(
                "SELECT e.at, r.status_since, e.details FROM events e JOIN requests r "
                "ON r.id = e.request_id WHERE r.number = :n AND e.action = 'receive'"
            ),
            {"n": number},
        ).one()
    # Dated when it was scanned, to the microsecond; the details say when it was applied.
    assert _utc(at) == kept.at and _utc(status_since) == kept.at
    replayed = datetime.fromisoformat(details["replayed_at"])
    assert replayed - kept.at >= timedelta(seconds=1.2)
    with UnitOfWork(pg_db, ANN, read_only=True) as uow:
        line = next(e for e in requests.get_detail(uow, number).history if e.action == "receive")
    assert _utc(line.at) == kept.at
    assert line.summary.startswith(f"scanned offline, applied {replayed.astimezone():%Y-%m-%d}")


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
