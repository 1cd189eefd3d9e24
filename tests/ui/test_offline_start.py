"""A desk started while the shared server is away: the window opens with the scanning desk
working offline (checked against the snapshot taken earlier), keeps trying the server, and
once it answers the rest of the window comes and the scans kept are replayed. Real
PostgreSQL behind a real TCP proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from illdesk.app import open_window
from illdesk.core.desk_decision import DeskMode
from illdesk.services.access import sign_in
from illdesk.services.desk import offline, requests
from illdesk.services.directory import entries as directory
from illdesk.services.session import DeskSession
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui import offline_desk
from illdesk.ui.desk_lock import NOBODY
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.offline_desk import OfflineDesk
from tests.conftest import ANN, BO
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.helpers import borrow, seed_directory

TIMEOUT = 20_000


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def _status(db: Database, number: str) -> str:
    with db.reading() as session:
        found = session.execute(
            sa.text("SELECT status FROM requests WHERE number = :n"), {"n": number}
        ).scalar_one()
    return str(found)


def test_a_desk_started_without_its_server_scans_offline_then_catches_up(
    qtbot, pg_db: Database, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(offline_desk, "REOPEN_MS", 300)
    monkeypatch.setattr(offline_desk, "TRY_SERVER_MS", 300)

    def as_bo(**kw: bool) -> UnitOfWork:
        return UnitOfWork(pg_db, BO, **kw)

    seed_directory(as_bo)
    row = borrow(as_bo, "Glaciers of the North Cascades")
    requests.perform(as_bo(), row.number, "approve")
    requests.perform(as_bo(), row.number, "send")
    # Yesterday, while online, this desk took its snapshot.
    offline.refresh_snapshot(DeskSession.for_actor(pg_db, ANN), offline.journal_for())

    server = sa.make_url(pg_url)
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through = server.set(host="127.0.0.1", port=proxy.port)
        proxy.cut()  # this morning the server is away
        session = DeskSession.opening(
            through.render_as_string(hide_password=False), ANN.staff_name, ANN.workstation
        )
        window = open_window(ServiceFacade(session))
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.scan_desk is not None, timeout=TIMEOUT)
        link = window.findChild(OfflineDesk)
        assert link is not None
        qtbot.waitUntil(lambda: link.label.text().startswith("Offline"), timeout=TIMEOUT)
        assert "works offline" in window.statusBar().currentMessage()
        assert not window.startup_problem

        desk = window.scan_desk
        assert desk is not None
        desk.set_mode(DeskMode.RECEIVE)
        with qtbot.waitSignal(desk.result_shown, timeout=TIMEOUT) as shown:
            desk.submit_scan(row.number)
        assert shown.args[0].headline == "Saved offline"
        assert row.number in shown.args[0].detail or row.number == shown.args[0].number

        proxy.restore()  # the server is back: the window finishes opening, the scan is sent
        qtbot.waitUntil(lambda: window.live is not None, timeout=TIMEOUT)
        qtbot.waitUntil(lambda: _status(pg_db, row.number) == "on_hold_shelf", timeout=TIMEOUT)
        qtbot.waitUntil(lambda: not link.label.isVisible(), timeout=TIMEOUT)
        desk.shutdown()
        if window.live is not None:
            window.live.stop()
        window.close()
        session.close()


def _staff_with_pins(db: Database) -> int:
    """A supervisor and a student assistant with PINs (sign-in is then in force); returns the
    student's staff number."""
    boss = directory.add_staff(UnitOfWork(db, BO), "Ines Okafor", role="supervisor")
    as_boss = Actor(boss.id, boss.name, "DESK-2")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Ines Okafor", "2468")
    theo = directory.add_staff(UnitOfWork(db, as_boss), "Theo Lindqvist", role="student")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Theo Lindqvist", "1357")
    sign_in.set_badge(UnitOfWork(db, as_boss), "Theo Lindqvist", "21234567890123")
    db.forget("access.in_force")
    return theo.id


def test_a_desk_started_without_its_server_asks_who_scans_and_checks_the_pin_offline(
    qtbot, pg_db: Database, pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(offline_desk, "REOPEN_MS", 300)
    monkeypatch.setattr(offline_desk, "TRY_SERVER_MS", 300)

    def as_bo(**kw: bool) -> UnitOfWork:
        return UnitOfWork(pg_db, BO, **kw)

    seed_directory(as_bo)
    row = borrow(as_bo, "Glaciers of the North Cascades")
    requests.perform(as_bo(), row.number, "approve")
    requests.perform(as_bo(), row.number, "send")
    theo_id = _staff_with_pins(pg_db)
    journal = offline.journal_for()
    offline.refresh_snapshot(DeskSession.for_actor(pg_db, ANN), journal)  # while online

    server = sa.make_url(pg_url)
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as proxy:
        through = server.set(host="127.0.0.1", port=proxy.port)
        proxy.cut()
        # The desk remembers whoever signed in last; that is not who scans this morning.
        session = DeskSession.opening(
            through.render_as_string(hide_password=False), "Ines Okafor", ANN.workstation
        )
        window = open_window(ServiceFacade(session))
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.desk_lock is not None, timeout=TIMEOUT)
        lock = window.desk_lock
        assert lock is not None
        qtbot.waitUntil(lambda: lock.locked, timeout=TIMEOUT)
        assert window.who_label.text() == NOBODY
        dialog = lock.dialog
        assert dialog is not None

        dialog.who.setText("21234567890123")  # Theo's badge
        dialog.pin.setText("9999")
        dialog.submit()
        qtbot.waitUntil(lambda: "do not match" in dialog.message.text(), timeout=TIMEOUT)
        assert lock.locked
        with qtbot.waitSignal(lock.person_changed, timeout=TIMEOUT) as signed:
            dialog.pin.setText("1357")
            dialog.submit()
        assert signed.args == ["Theo Lindqvist"]
        assert not lock.locked
        assert "Theo Lindqvist" in window.who_label.text()

        desk = window.scan_desk
        assert desk is not None
        desk.set_mode(DeskMode.RECEIVE)
        with qtbot.waitSignal(desk.result_shown, timeout=TIMEOUT) as shown:
            desk.submit_scan(row.number)
        assert shown.args[0].headline == "Saved offline"
        kept = journal.scans()[-1]
        assert (kept.staff_id, kept.staff_name) == (theo_id, "Theo Lindqvist")

        proxy.restore()
        qtbot.waitUntil(lambda: _status(pg_db, row.number) == "on_hold_shelf", timeout=TIMEOUT)
        with pg_db.reading() as conn:
            who = conn.execute(
                sa.text(
                    "SELECT e.staff_id, e.staff_name, e.workstation FROM events e "
                    "JOIN requests r ON r.id = e.request_id "
                    "WHERE r.number = :n AND e.action = 'receive'"
                ),
                {"n": row.number},
            ).one()
        assert tuple(who) == (theo_id, "Theo Lindqvist", ANN.workstation)
        desk.shutdown()
        if window.live is not None:
            window.live.stop()
        window.close()
        session.close()
    # The copy of the staff list on this computer holds PIN hashes, never a PIN.
    stored = b"".join(p.read_bytes() for p in journal.path.parent.glob(journal.path.name + "*"))
    assert b"1357" not in stored and b"2468" not in stored
    assert b"scrypt$" in stored
