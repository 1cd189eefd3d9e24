"""Live refresh between workstations as separate processes on the real PostgreSQL server."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from illdesk.services.desk import live
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory

OTHER_DESK = textwrap.dedent(
    """
    import sys, time
    from illdesk.services.desk import live
    from illdesk.services.session import DeskSession

    session = DeskSession.opening(sys.argv[1], "Bo Brandt", "DESK-2")

    def changes(found, everything):
        for c in found:
            print(f"CHANGE {c.event_id} {c.request_id} {c.action} {c.workstation} {time.time()}",
                  flush=True)
        if everything:
            print("EVERYTHING", flush=True)

    def state(text):
        print(f"STATE {text}", flush=True)

    listening = live.listen(session, changes, state)
    sys.stdin.readline()
    listening.stop()
    """
)


class OtherDesk:
    """A second workstation in its own process, printing what it hears."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", OTHER_DESK, url],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=dict(os.environ),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def wait_for(self, prefix: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                break
            if line.startswith(prefix):
                return line
        raise AssertionError(f"the other desk never said {prefix!r}")

    def wait_for_change(self, request_id: int, action: str = "", timeout: float = 15.0) -> str:
        """The first line about that request (and action), skipping any others."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.wait_for("CHANGE", timeout=max(0.01, deadline - time.monotonic()))
            parts = line.split()
            if int(parts[2]) == request_id and (not action or parts[3] == action):
                return line
        raise AssertionError(f"the other desk never heard of request {request_id}")

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.close()
        self.process.wait(10)
        self.reader.join(5)
        assert self.process.stdout is not None
        self.process.stdout.close()


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    db = open_database(pg_url)
    yield db
    db.dispose()


def test_a_change_shows_at_the_other_desk_and_a_gap_is_caught_up(
    pg_db: Database, pg_url: str
) -> None:
    def uow(actor: Actor = ANN, **kw: bool) -> UnitOfWork:
        return UnitOfWork(pg_db, actor, **kw)

    seed_directory(uow)
    other = OtherDesk(pg_url)
    try:
        other.wait_for("STATE live")
        made = time.time()
        first = borrow(uow, "Salmon and Rivers")
        line = other.wait_for_change(first.id)
        _, _event, request_id, action, workstation, seen = line.split()
        assert int(request_id) == first.id and workstation == "DESK-1" and action
        assert float(seen) - made < 1.0, "seen at the other desk within a second"

        # The other desk's connection dies; what is written meanwhile is caught up after.
        admin = sa.create_engine(pg_db.url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            killed = conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = 'ILL Desk live' AND datname = current_database()"
                )
            ).all()
        admin.dispose()
        assert killed
        missed = borrow(uow, "Written during the gap")
        other.wait_for("STATE reconnecting")
        other.wait_for_change(missed.id)  # read back from the table, no notice was heard

        # An "in processing" mark shows at the other desk, with who and where.
        live.mark_in_processing(uow(), missed.number)
        other.wait_for_change(missed.id, live.MARK_ACTION)
        theirs = live.mark_on(uow(Actor(None, "Bo Brandt", "DESK-2")), missed.number)
        assert theirs is not None
        assert theirs.text.startswith("In processing by Ann Archer at DESK-1 since ")
        assert live.mark_on(uow(), missed.number) is None  # not shown to its own desk
        live.clear_mark(uow(), missed.number)
        assert live.mark_on(uow(Actor(None, "Bo Brandt", "DESK-2")), missed.number) is None
    finally:
        other.close()


def test_no_listener_on_a_local_file(sqlite_url: str) -> None:
    from illdesk.services.session import DeskSession

    session = DeskSession.opening(sqlite_url, "Ann Archer", "DESK-1")
    assert live.listen(session, lambda *_: None, lambda _: None) is None
    session.close()
