"""Notices sent by e-mail to a real SMTP server on loopback, and read back from it."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyrings.alt.file import PlaintextKeyring

from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.notices import mailer, outbox, smtp_password
from tests.integration.helpers import borrow, seed_directory
from tests.integration.smtp_server import LoopbackSMTP, free_port, self_signed


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


@pytest.fixture
def file_keyring(tmp_path: Path):
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def smtp():
    server = LoopbackSMTP().start()
    yield server
    server.stop()


def configure(uow, port: int, **more: str) -> None:
    values = {
        "smtp.host": "127.0.0.1",
        "smtp.port": str(port),
        "smtp.security": "none",
        "smtp.from": "ill@library.example.edu",
        "smtp.timeout_seconds": "2",
        "notices.reply_to": "ill-desk@library.example.edu",
        "home.name": "Bibliothèque Universitaire",
        **more,
    }
    with uow() as w:
        s = library_settings.load(w)
        for name, value in values.items():
            s = library_settings.with_value(s, name, value)
        library_settings.save(w, s)
        w.commit()


def set_email(uow, card: str, email: str) -> None:
    import sqlalchemy as sa

    from illdesk.store.schema import Patron

    with uow() as w:
        w.session.execute(sa.update(Patron).where(Patron.card_barcode == card).values(email=email))
        w.commit()


def on_shelf(uow, title: str = "Ἰλιάς: a river atlas") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def states(uow) -> list[str]:
    return sorted(n.status for n in outbox.list_notices(uow()))


def test_a_notice_arrives_with_its_headers_encodings_and_body(uow, smtp) -> None:
    configure(uow, smtp.port)
    number = on_shelf(uow)
    report = mailer.send_queued(uow)
    assert (report.sent, report.failed, report.deferred, report.problem) == (1, 0, 0, "")
    (msg,) = smtp.mailbox.messages()
    (to, raw, _utf8) = smtp.mailbox.received[0]
    assert to == ["jo@example.edu"]
    assert msg["Subject"] == "Ready for pickup: Ἰλιάς: a river atlas"
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0].lower()  # RFC 2047 in the header
    assert msg["From"].addresses[0].display_name == "Bibliothèque Universitaire"
    assert msg["Reply-To"].addresses[0].addr_spec == "ill-desk@library.example.edu"
    assert msg["Date"].datetime is not None
    (sent,) = outbox.list_notices(uow(), "sent")
    assert msg["Message-ID"] == outbox_message_id(uow, sent.id)
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    assert "Dear Jo Müller," in text and number in text
    assert "<p>Dear Jo Müller,</p>" in html
    # Sent once: a second run has nothing to send.
    assert mailer.send_queued(uow).sent == 0 and len(smtp.mailbox.received) == 1


def outbox_message_id(uow, notice_id: int) -> str:
    from illdesk.store.notice_schema import Notice

    with uow() as w:
        return str(w.session.get(Notice, notice_id).message_id)


def test_a_non_ascii_address_goes_by_smtputf8(uow, smtp) -> None:
    configure(uow, smtp.port)
    set_email(uow, "21234000012347", "jö@exämple.org")
    on_shelf(uow)
    assert mailer.send_queued(uow).sent == 1
    (to, raw, utf8) = smtp.mailbox.received[0]
    assert to == ["jö@exämple.org"] and utf8
    assert "jö@exämple.org" in raw.decode("utf-8")


def test_an_unreachable_server_leaves_notices_queued_and_they_go_once_it_is_back(uow) -> None:
    port = free_port()
    configure(uow, port)
    on_shelf(uow, "One")
    on_shelf(uow, "Two")
    report = mailer.send_queued(uow)
    assert report.sent == 0 and report.deferred == 2 and "cannot be reached" in report.problem
    assert states(uow) == ["queued", "queued"]
    waiting = outbox.list_notices(uow(), "queued")
    assert all(n.attempts == 1 and "cannot be reached" in n.error for n in waiting)
    # The back-off keeps the automatic sender away; staff's "send now" does not wait.
    server = LoopbackSMTP(port=port).start()
    try:
        assert mailer.send_queued(uow).sent == 0
        assert mailer.send_queued(uow, respect_backoff=False).sent == 2
        assert mailer.send_queued(uow, respect_backoff=False).sent == 0
        subjects = sorted(m["Subject"] for m in server.mailbox.messages())
        assert subjects == ["Ready for pickup: One", "Ready for pickup: Two"]
    finally:
        server.stop()


def test_4xx_waits_5xx_fails_with_the_reason(uow, smtp) -> None:
    configure(uow, smtp.port)
    set_email(uow, "21234000099995", "gone@example.edu")
    smtp.mailbox.refuse["jo@example.edu"] = "451 4.3.0 Mailbox busy, try later"
    smtp.mailbox.refuse["gone@example.edu"] = "550 5.1.1 No such user"
    on_shelf(uow)
    from illdesk.core.citation import Citation
    from illdesk.core.vocabulary import Direction, Format, Service
    from illdesk.services.desk.requests import NewRequest, create_request

    other = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Delta"),
            patron_card="21234000099995",
            lenders=("ORE",),
        ),
    )
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), other.number, action)
    report = mailer.send_queued(uow)
    assert (report.sent, report.failed, report.deferred) == (0, 1, 1)
    (failed,) = outbox.list_notices(uow(), "failed")
    assert failed.request_number == other.number and "550 5.1.1 No such user" in failed.error
    (waiting,) = outbox.list_notices(uow(), "queued")
    assert "451" in waiting.error and waiting.attempts == 1
    # A permanent refusal is not tried again; the temporary one goes when the server agrees.
    smtp.mailbox.refuse.clear()
    report = mailer.send_queued(uow, respect_backoff=False)
    assert (report.sent, report.failed) == (1, 0)
    assert [to for to, _raw, _u in smtp.mailbox.received] == [["jo@example.edu"]]


@pytest.mark.filterwarnings("ignore:Session.login_data is deprecated")
@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_refused_password_stops_the_batch_and_keeps_the_notices(uow, file_keyring) -> None:
    server = LoopbackSMTP(user="ill", password="right horse").start()
    try:
        configure(uow, server.port, **{"smtp.user": "ill"})
        on_shelf(uow)
        smtp_password.store("127.0.0.1", "ill", "wrong horse")
        report = mailer.send_queued(uow)
        assert "refused the user name or password" in report.problem
        assert states(uow) == ["queued"] and not server.mailbox.received
        smtp_password.store("127.0.0.1", "ill", "right horse")
        assert mailer.send_queued(uow).sent == 1
    finally:
        server.stop()


def test_starttls_with_a_certificate_made_here(uow, tmp_path: Path) -> None:
    server_ctx, client_ctx = self_signed(tmp_path)
    server = LoopbackSMTP(tls_context=server_ctx).start()
    try:
        configure(uow, server.port, **{"smtp.security": "starttls"})
        on_shelf(uow)
        # Without trusting the certificate the server is not used, and nothing is lost.
        refused = mailer.send_queued(uow)
        assert refused.sent == 0 and "cannot be reached" in refused.problem
        report = mailer.send_queued(uow, respect_backoff=False, context=client_ctx)
        assert report.sent == 1 and len(server.mailbox.received) == 1
    finally:
        server.stop()


def test_implicit_tls_with_a_certificate_made_here(uow, tmp_path: Path) -> None:
    server_ctx, client_ctx = self_signed(tmp_path)
    server = LoopbackSMTP(tls_context=server_ctx, implicit_tls=True).start()
    try:
        configure(uow, server.port, **{"smtp.security": "tls"})
        on_shelf(uow, "Über Gletscher")
        plain = mailer.send_queued(uow)  # the default trust store does not know our certificate
        assert plain.sent == 0 and "cannot be reached" in plain.problem
        report = mailer.send_queued(uow, respect_backoff=False, context=client_ctx)
        assert report.sent == 1
        (message,) = server.mailbox.messages()
        assert message["Subject"] == "Ready for pickup: Über Gletscher"
    finally:
        server.stop()
