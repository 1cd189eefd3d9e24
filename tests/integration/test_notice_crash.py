"""kill -9 in the middle of a sending batch: after a new run every notice has arrived, once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from illdesk.services.desk import requests
from illdesk.services.notices import outbox
from tests.integration.helpers import borrow, seed_directory
from tests.integration.smtp_server import LoopbackSMTP, Mailbox
from tests.integration.test_notice_mail import configure


class SlowMailbox(Mailbox):
    """Takes its time before it accepts a message, as a busy server does: a client killed
    meanwhile has not had the server's 250, and the message is not delivered."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.15)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_a_send_killed_midway_loses_nothing_and_sends_nothing_twice(uow, db_url: str) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("one database is enough for the crash")
    server = LoopbackSMTP()
    server.mailbox = SlowMailbox()
    server.start()
    try:
        configure(uow, server.port, **{"smtp.timeout_seconds": "1"})
        for i in range(24):
            row = borrow(uow, f"Volume {i}", allow_duplicate=True)
            for action in ("approve", "send", "receive"):
                requests.perform(uow(), row.number, action)
        sender = subprocess.Popen(
            [sys.executable, "-m", "illdesk", "--database", db_url, "notices", "send"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while len(server.mailbox.received) < 8 and time.monotonic() < deadline:
            time.sleep(0.02)
        # Kill while the server is still working on the next message (before its 250). The
        # few milliseconds between a server's 250 and the sender's commit stay open: a kill
        # exactly there sends that one again, with the same Message-ID (decision 0012).
        time.sleep(0.07)
        os.kill(sender.pid, signal.SIGKILL)
        sender.wait(timeout=30)
        arrived_before = len(server.mailbox.received)
        assert 8 <= arrived_before < 24
        states = sorted(n.status for n in outbox.list_notices(uow()))
        assert states.count("sent") >= arrived_before - 1 and "queued" in states
        time.sleep(2.5)  # the dead sender's claim is older than twice the server timeout
        again = subprocess.run(
            [sys.executable, "-m", "illdesk", "--database", db_url, "notices", "send"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert again.returncode == 0, again.stderr
        ids = [m["Message-ID"] for m in server.mailbox.messages()]
        assert len(ids) == 24 and len(set(ids)) == 24
        assert sorted({n.status for n in outbox.list_notices(uow())}) == ["sent"]
    finally:
        server.stop()
