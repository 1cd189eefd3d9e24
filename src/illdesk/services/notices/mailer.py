"""Sending the outbox's e-mails through the library's SMTP server.

One notice at a time, each in two short transactions around the talk with the server:

1. claim it (`queued` -> `sending`, the claim time in `next_try_at`) and commit, so a second
   workstation sending at the same time skips it and a crash leaves a visible trace;
2. hand it to the server; when the server has accepted it (250 after DATA) mark it `sent` and
   commit at once.

What the server says decides what happens next: a temporary refusal (4xx) or a server that
cannot be reached puts the notice back in the queue with a back-off (2, 4, 8 ... minutes, at
most an hour); a permanent refusal (5xx: a bad address, a message refused) marks it `failed`
with the reason, and it is not tried again until staff put it back. A refused user name or
password stops the batch and leaves every notice queued: that is the settings' fault, not the
notices'. A notice left `sending` by a crash is tried again once the claim is older than twice
the server timeout, with the same Message-ID, so a receiving system can tell a repeat.

Bodies are patron data: nothing here logs a subject, a body or an address.
"""

from __future__ import annotations

import mimetypes
import smtplib
import ssl
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.settings import LibrarySettings
from illdesk.services.notices import pickup, smtp_password
from illdesk.store.notice_schema import Notice
from illdesk.store.unit_of_work import UnitOfWork

MAX_BACKOFF_MINUTES = 60
# The largest file a notice carries; most mail servers refuse messages over 25 MB encoded.
MAX_ATTACHMENT_BYTES = 18_000_000
# Notices claimed per commit; a crash leaves at most this many to wait for a stale claim.
CLAIM_BATCH = 20


@dataclass
class SendReport:
    """What one sending batch did; `problem` says in words why it stopped early."""

    sent: int = 0
    failed: int = 0
    deferred: int = 0
    problem: str = ""
    failures: list[str] = field(default_factory=list)


class ServerProblem(Exception):
    """The server cannot be used now (unreachable, refused the login); the batch stops."""

    def __init__(self, message: str, *, keep_trying: bool) -> None:
        super().__init__(message)
        self.keep_trying = keep_trying


def _mailbox(name: str, address: str) -> Address:
    local, _, domain = address.strip().rpartition("@")
    return Address(display_name=name, username=local, domain=domain)


def build_message(n: Notice, settings: LibrarySettings, when: datetime) -> EmailMessage:
    """The e-mail of one notice: RFC 5322 headers (non-ASCII encoded by RFC 2047, or sent
    as UTF-8 where the server offers SMTPUTF8), plain text and, when there is one, HTML."""
    msg = EmailMessage()
    sender = settings.smtp.from_address or settings.home.email
    msg["From"] = _mailbox(settings.home.name, sender)
    msg["To"] = _mailbox("", n.recipient)
    reply_to = settings.notices.reply_to or settings.home.email
    if reply_to:
        msg["Reply-To"] = _mailbox(settings.home.name, reply_to)
    msg["Subject"] = n.subject
    msg["Date"] = format_datetime(when.astimezone())
    msg["Message-ID"] = n.message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(n.body_text)
    if n.body_html:
        msg.add_alternative(n.body_html, subtype="html")
    attached = str((n.params or {}).get("attachment", ""))
    if attached:
        _attach(msg, Path(attached))
    return msg


class AttachmentProblem(Exception):
    """The file a notice should carry cannot be sent; the words say why and what to do."""


def _attach(msg: EmailMessage, path: Path) -> None:
    """Put the file of a delivered copy in the message (read when the message is built)."""
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            raise AttachmentProblem(
                f"The file {path.name} is {size // 1_000_000} MB, too large for e-mail "
                f"(at most {MAX_ATTACHMENT_BYTES // 1_000_000} MB): edit the notice to give "
                "a link instead."
            )
        data = path.read_bytes()
    except OSError as exc:
        raise AttachmentProblem(
            f"The file {path.name} cannot be read ({exc.strerror or exc}); put it back "
            "where it was, or edit the notice to give a link, then put the notice back."
        ) from None
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    maintype, _, subtype = kind.partition("/")
    msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=path.name)


def _connect(settings: LibrarySettings, context: ssl.SSLContext | None) -> smtplib.SMTP:
    s = settings.smtp
    if not s.host:
        raise ServerProblem(
            "No mail server is set: illdesk settings set smtp.host NAME (and smtp.port, "
            "smtp.security, smtp.user, smtp.from).",
            keep_trying=False,
        )
    context = context or ssl.create_default_context()
    server: smtplib.SMTP | None = None
    try:
        if s.security == "tls":
            server = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout_seconds, context=context)
        else:
            server = smtplib.SMTP(s.host, s.port, timeout=s.timeout_seconds)
            if s.security == "starttls":
                server.starttls(context=context)
        if s.user:
            server.login(s.user, smtp_password.get(s.host, s.user) or "")
    except smtplib.SMTPAuthenticationError as exc:
        _close(server)
        raise ServerProblem(
            f"The mail server refused the user name or password ({exc.smtp_code}). Check "
            "smtp.user and the password (illdesk notices password); the notices wait.",
            keep_trying=False,
        ) from None
    except (OSError, smtplib.SMTPException) as exc:
        _close(server)
        raise ServerProblem(
            f"The mail server {s.host}:{s.port} cannot be reached now ({_why(exc)}); the "
            "notices wait and are tried again.",
            keep_trying=True,
        ) from None
    return server


def _close(server: smtplib.SMTP | None) -> None:
    if server is not None:
        server.close()


def _why(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"{exc.smtp_code} {text}".strip()
    return type(exc).__name__ if not str(exc) else str(exc)


def _due(
    uow: UnitOfWork,
    settings: LibrarySettings,
    respect_backoff: bool,
    limit: int,
    only: Sequence[int] | None = None,
) -> list[int]:
    now = uow.now()
    stale = now - timedelta(seconds=2 * settings.smtp.timeout_seconds)
    waiting = sa.and_(Notice.status == "queued")
    if respect_backoff:
        waiting = sa.and_(waiting, sa.or_(Notice.next_try_at.is_(None), Notice.next_try_at <= now))
    crashed = sa.and_(Notice.status == "sending", Notice.next_try_at < stale)
    query = sa.select(Notice.id).where(Notice.channel == "email", sa.or_(waiting, crashed))
    if only is not None:
        query = query.where(Notice.id.in_(list(only)))
    return list(uow.session.scalars(query.order_by(Notice.created_at, Notice.id).limit(limit)))


def _claim(uow: UnitOfWork, notice_id: int, stale: datetime) -> Notice | None:
    """Claim one notice for sending (None when another sender took it meanwhile)."""
    claimed = uow.session.execute(
        sa.update(Notice)
        .where(
            Notice.id == notice_id,
            sa.or_(
                Notice.status == "queued",
                sa.and_(Notice.status == "sending", Notice.next_try_at < stale),
            ),
        )
        .values(status="sending", next_try_at=uow.now())
    )
    if not getattr(claimed, "rowcount", 0):
        return None
    return uow.session.get(Notice, notice_id)


def _settle(new_uow: Callable[[], UnitOfWork], notice_id: int, **values: Any) -> None:
    with new_uow() as uow:
        uow.session.execute(sa.update(Notice).where(Notice.id == notice_id).values(**values))
        uow.commit()


def backoff(attempts: int) -> timedelta:
    """How long a notice waits after its `attempts`-th failed try."""
    return timedelta(minutes=min(2 ** max(attempts, 1), MAX_BACKOFF_MINUTES))


def send_queued(
    new_uow: Callable[[], UnitOfWork],
    *,
    respect_backoff: bool = True,
    limit: int = 100_000,
    context: ssl.SSLContext | None = None,
    only: Sequence[int] | None = None,
) -> SendReport:
    """Send every queued e-mail that is due (all of them with `respect_backoff=False`, as
    staff asking "send now" mean; only the notices `only` names when given); returns what
    happened, in numbers and words."""
    report = SendReport()
    with new_uow() as uow:
        settings = library_settings.load(uow)
        # A pickup reminder that is no longer true (the item collected, its date past)
        # does not go, even when the mail server was away since it was made.
        pickup.withdraw_outdated(uow, uow.today(), settings.notices)
        uow.commit()
        ids = _due(uow, settings, respect_backoff, limit, only)
    if not ids:
        return report
    try:
        server = _connect(settings, context)
    except ServerProblem as exc:
        report.problem = str(exc)
        report.deferred = len(ids)
        if exc.keep_trying:
            _defer_all(new_uow, ids, str(exc))
        return report
    try:
        for start in range(0, len(ids), CLAIM_BATCH):
            claimed = _claim_batch(new_uow, settings, ids[start : start + CLAIM_BATCH], report)
            for position, (notice_id, attempts, message) in enumerate(claimed):
                try:
                    _send_one(new_uow, server, notice_id, attempts, message, report)
                except ServerProblem as exc:
                    report.problem = str(exc)
                    rest = [i for i, _a, _m in claimed[position:]] + ids[start + CLAIM_BATCH :]
                    report.deferred += len(rest)
                    _defer_all(new_uow, rest, str(exc))
                    return report
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return report


def _claim_batch(
    new_uow: Callable[[], UnitOfWork],
    settings: LibrarySettings,
    ids: list[int],
    report: SendReport,
) -> list[tuple[int, int, EmailMessage]]:
    """Claim a few notices in one commit; (id, this try's number, message) of each."""
    out = []
    with new_uow() as uow:
        stale = uow.now() - timedelta(seconds=2 * settings.smtp.timeout_seconds)
        for notice_id in ids:
            n = _claim(uow, notice_id, stale)
            if n is None:
                continue
            try:
                out.append((notice_id, n.attempts + 1, build_message(n, settings, uow.now())))
            except AttachmentProblem as exc:  # that notice fails; the others go
                n.status, n.error, n.next_try_at = "failed", str(exc), None
                report.failed += 1
                report.failures.append(f"notice {notice_id}: {exc}")
        uow.commit()
    return out


def _send_one(
    new_uow: Callable[[], UnitOfWork],
    server: smtplib.SMTP,
    notice_id: int,
    attempts: int,
    message: EmailMessage,
    report: SendReport,
) -> None:
    try:
        server.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, text = next(iter(exc.recipients.values()))
        _answer(new_uow, notice_id, attempts, code, text, report)
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code == 421:  # the server is closing the connection: all of them wait
            raise ServerProblem(
                f"The mail server closed the connection ({_why(exc)}).", keep_trying=True
            ) from None
        _answer(new_uow, notice_id, attempts, exc.smtp_code, exc.smtp_error, report)
    except (OSError, smtplib.SMTPException) as exc:
        raise ServerProblem(
            f"The mail server stopped answering ({_why(exc)}); the notices wait.", keep_trying=True
        ) from None
    else:
        # Committed at once: from here on a crash cannot send this notice again.
        _settle(
            new_uow,
            notice_id,
            status="sent",
            sent_at=new_uow().now(),
            attempts=attempts,
            error="",
            next_try_at=None,
        )
        report.sent += 1


def _answer(
    new_uow: Callable[[], UnitOfWork],
    notice_id: int,
    attempts: int,
    code: int,
    text: bytes | str,
    report: SendReport,
) -> None:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    if 400 <= code < 500:
        later = new_uow().now() + backoff(attempts)
        _settle(
            new_uow,
            notice_id,
            status="queued",
            attempts=attempts,
            next_try_at=later,
            error=f"The mail server asked to try later ({code} {said}).",
        )
        report.deferred += 1
        return
    reason = f"The mail server refused it ({code} {said}); it is not tried again."
    _settle(new_uow, notice_id, status="failed", attempts=attempts, next_try_at=None, error=reason)
    report.failed += 1
    report.failures.append(f"notice {notice_id}: {reason}")


def _defer_all(new_uow: Callable[[], UnitOfWork], ids: list[int], why: str) -> None:
    """Put notices back in the queue after the server could not be used (each keeps its own
    number of tries, for its back-off)."""
    with new_uow() as uow:
        now = uow.now()
        for n in uow.session.scalars(sa.select(Notice).where(Notice.id.in_(ids))):
            if n.status not in {"queued", "sending"}:
                continue
            n.attempts += 1
            n.status, n.next_try_at, n.error = "queued", now + backoff(n.attempts), why
        uow.commit()
