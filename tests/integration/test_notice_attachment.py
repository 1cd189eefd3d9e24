"""A delivered copy's file goes with the patron's e-mail, read back from a real SMTP server on
loopback; a file that has gone missing fails that notice with the reason and the rest go."""

from __future__ import annotations

from pathlib import Path

import pytest

from illdesk.core.vocabulary import Service
from illdesk.services.desk import requests
from illdesk.services.notices import mailer, outbox
from tests.integration.helpers import borrow, seed_directory
from tests.integration.smtp_server import LoopbackSMTP
from tests.integration.test_notice_mail import configure


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


@pytest.fixture
def smtp():
    server = LoopbackSMTP().start()
    yield server
    server.stop()


def delivered(uow, title: str, **params: str) -> str:
    row = borrow(uow, title, service=Service.COPY, allow_duplicate=True)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "clear_copyright", {"copyright_code": "ccg"})
    requests.perform(uow(), row.number, "send")
    requests.perform(uow(), row.number, "deliver_copy", params)
    return row.number


def test_the_copy_goes_with_the_e_mail_and_a_missing_file_fails_with_the_reason(
    uow, smtp, tmp_path: Path
) -> None:
    configure(uow, smtp.port)
    scan = tmp_path / "Lachs – Kapitel 3.pdf"
    scan.write_bytes(b"%PDF-1.4\n% a scanned article\n%%EOF\n")
    gone = tmp_path / "missing.pdf"
    good = delivered(uow, "Salmon runs", file=str(scan))
    bad = delivered(uow, "Salmon weirs", file=str(gone))
    report = mailer.send_queued(uow, respect_backoff=False)
    assert (report.sent, report.failed) == (1, 1)
    (message,) = smtp.mailbox.messages()
    assert "Salmon runs" in str(message["Subject"])
    (part,) = list(message.iter_attachments())
    assert part.get_filename() == "Lachs – Kapitel 3.pdf"
    assert part.get_content_type() == "application/pdf"
    assert part.get_content() == scan.read_bytes()
    failed = {n.request_number: n for n in outbox.list_notices(uow(), "failed")}
    assert set(failed) == {bad}
    assert "missing.pdf cannot be read" in failed[bad].error
    assert good not in failed
