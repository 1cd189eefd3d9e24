"""As a new user would check notices: a demo workspace, the SMTP settings pointed at a mail
server on loopback, the demo's overdues made and sent, the server stopped in the middle of the
batch and started again; every e-mail notice arrives, once; the letters come out as a PDF.

Everything through the `illdesk` command in a workspace of its own (ILLDESK_HOME)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium

from tests.integration.smtp_server import LoopbackSMTP, Mailbox


class SlowMailbox(Mailbox):
    """A server that takes a moment over each message, so it can be stopped mid-batch."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(0.15)
        return await super().handle_DATA(server, session, envelope)


def illdesk(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ILLDESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "illdesk", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


def listed(home: Path, state: str) -> list[str]:
    out = illdesk(home, "notices", "list", "--state", state)
    assert out.returncode == 0, out.stderr
    return [line for line in out.stdout.splitlines()[:-1] if line.strip()]


def test_a_new_user_sends_the_demos_overdues_through_a_server_that_stops_midway(
    tmp_path: Path,
) -> None:
    home = tmp_path / "workspace"
    made = illdesk(home, "demo", "--requests", "400", "--patrons", "60", "--libraries", "12")
    assert made.returncode == 0, made.stderr
    server = LoopbackSMTP()
    server.mailbox = SlowMailbox()
    server.start()
    try:
        for name, value in (
            ("smtp.host", "127.0.0.1"),
            ("smtp.port", str(server.port)),
            ("smtp.security", "none"),
            ("smtp.from", "ill@library.example.edu"),
            ("smtp.timeout_seconds", "5"),
        ):
            done = illdesk(home, "settings", "set", name, value)
            assert done.returncode == 0, done.stderr
        run = illdesk(home, "notices", "run")
        assert run.returncode == 0, run.stderr
        assert "overdue_" in run.stdout
        emails = [line for line in listed(home, "queued") if " email " in line]
        letters = [line for line in listed(home, "queued") if " letter " in line]
        assert len(emails) >= 6, "the demo has enough overdue loans for a batch"
        # Send, and stop the server once a few messages are in.
        env = {**os.environ, "ILLDESK_HOME": str(home)}
        sending = subprocess.Popen(
            [sys.executable, "-m", "illdesk", "notices", "send"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        deadline = time.monotonic() + 120
        while len(server.mailbox.received) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        server.stop()
        out, err = sending.communicate(timeout=120)
        assert sending.returncode == 1, out
        assert "waiting" in out and "notices wait" in err
        first = len(server.mailbox.received)
        assert 3 <= first < len(emails)
        waiting = [line for line in listed(home, "queued") if " email " in line]
        assert len(waiting) == len(emails) - first
        assert all("[" in line for line in waiting)  # each says why it waits
        # The server is back: the rest go, and nothing that arrived goes again.
        server.start()
        again = illdesk(home, "notices", "send")
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith(f"Sent {len(emails) - first}, refused 0, waiting 0.")
        assert illdesk(home, "notices", "send").stdout.startswith("Sent 0,")
    finally:
        server.stop()
    ids = Counter(m["Message-ID"] for m in server.mailbox.messages())
    assert len(ids) == len(emails) and set(ids.values()) == {1}
    sent_ids = {line.split()[0] for line in listed(home, "sent")}
    assert {line.split()[0] for line in emails} <= sent_ids
    for message in server.mailbox.messages():
        assert message["Subject"] and message["Date"] and message["Reply-To"] is not None
        assert "-000" in message.get_content()  # names its request (B-26-000123)
    subjects = " ".join(str(m["Subject"]) for m in server.mailbox.messages()).lower()
    assert "overdue" in subjects
    # The letters: one page each, marked printed; a second print has nothing left.
    pdf = tmp_path / "letters.pdf"
    printed = illdesk(home, "notices", "print", "--pdf", str(pdf))
    assert printed.returncode == 0, printed.stderr
    if letters:
        assert len(pdfium.PdfDocument(pdf)) == len(letters)
    assert "No letters to print." in illdesk(home, "notices", "print", "--pdf", str(pdf)).stdout
    assert illdesk(home, "notices", "run").stdout.strip() == "Made 0 notice(s)."
