"""Making one notice: who it goes to, by which channel, and its text, written into the outbox.

Used in the transaction of whatever causes the notice (an action's further record, the daily
run), so it reads the request with plain SELECTs: the one writer has just changed the row with
a plain UPDATE, and an ORM object loaded earlier would still show the old due date.

The channel: a patron without an e-mail address, one who asked for paper, and every patron in
a correctional facility get a letter (addressed through the facility); the others an e-mail. A
library gets an e-mail when its directory entry has an address, else a letter.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import SimpleNamespace
from typing import Any, cast

import sqlalchemy as sa

from illdesk.core.notice_types import BY_KIND, Audience
from illdesk.core.vocabulary import PatronType
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.settings import LibrarySettings
from illdesk.services.notices import template_store
from illdesk.services.notices.fields import library_values, values_for
from illdesk.services.notices.templating import CompiledTemplate, TemplateRefused, render
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

EMAIL = "email"
LETTER = "letter"

_REQUESTS = cast(sa.Table, Request.__table__)
_PATRONS = cast(sa.Table, Patron.__table__)
_LIBRARIES = cast(sa.Table, Library.__table__)
_NOTICES = cast(sa.Table, Notice.__table__)
_INSERT = _NOTICES.insert()


@dataclass(frozen=True, slots=True)
class Parties:
    """A request's row with its patron's and partner library's rows (None when absent)."""

    request: Any
    patron: Any
    library: Any


def read_parties(uow: UnitOfWork, request_id: int) -> Parties:
    """The request, its patron and its partner library as they are stored now (one query:
    it runs in every scan that tells someone, so one round trip to the server, not three)."""
    row = uow.session.connection().execute(_PARTIES, {"request_id": request_id}).one()
    req = SimpleNamespace(**dict(zip(_REQUESTS.c.keys(), row[:_PATRON_AT], strict=True)))
    patron = _part(row, _PATRONS, _PATRON_AT)
    library = _part(row, _LIBRARIES, _LIBRARY_AT)
    return Parties(req, patron, library)


_PARTIES = (
    sa.select(_REQUESTS, _PATRONS, _LIBRARIES)
    .select_from(
        _REQUESTS.outerjoin(_PATRONS, _PATRONS.c.id == _REQUESTS.c.patron_id).outerjoin(
            _LIBRARIES, _LIBRARIES.c.id == _REQUESTS.c.library_id
        )
    )
    .where(_REQUESTS.c.id == sa.bindparam("request_id"))
)
_PATRON_AT = len(_REQUESTS.c)
_LIBRARY_AT = _PATRON_AT + len(_PATRONS.c)


def _part(row: sa.Row[Any], table: sa.Table, start: int) -> SimpleNamespace | None:
    """One table's columns of the joined row, by name (None: the outer join found none)."""
    values = row[start : start + len(table.c)]
    if values[list(table.c.keys()).index("id")] is None:
        return None
    return SimpleNamespace(**dict(zip(table.c.keys(), values, strict=True)))


def channel_for(audience: Audience, parties: Parties) -> tuple[str, str]:
    """(channel, recipient) for a notice to the request's patron or partner library."""
    if audience is Audience.LIBRARY:
        lib = parties.library
        if lib is not None and lib.email:
            return EMAIL, lib.email
        return LETTER, lib.name if lib is not None else ""
    p = parties.patron
    if p is None:
        return LETTER, ""
    name = f"{p.given_name} {p.surname}".strip()
    paper = (
        p.notice_channel == "paper"
        or p.facility_id is not None
        or p.patron_type == PatronType.CORRECTIONAL.value
        or not p.email
    )
    return (LETTER, name) if paper else (EMAIL, p.email)


def message_id_for(settings: LibrarySettings) -> str:
    """A Message-ID fixed when the notice is made, so a resend after a crash repeats it."""
    return f"<{uuid.uuid4().hex}@{_domain(settings)}>"


def _domain(settings: LibrarySettings) -> str:
    sender = settings.smtp.from_address or settings.home.email
    return sender.rpartition("@")[2] or "illdesk.invalid"


@dataclass
class Batch:
    """What the notices made in one transaction share: the time, today's library fields,
    the Message-ID's domain, and each type's compiled template (looked up once)."""

    now: datetime
    today: date
    base: dict[str, str]
    domain: str
    templates: dict[str, CompiledTemplate] = field(default_factory=dict)

    @classmethod
    def start(cls, uow: UnitOfWork, settings: LibrarySettings) -> Batch:
        now = uow.now()
        today = now.astimezone().date()
        return cls(now, today, library_values(settings, today), _domain(settings))

    def template(self, uow: UnitOfWork, kind: str) -> CompiledTemplate:
        if kind not in self.templates:
            self.templates[kind] = template_store.template_for(uow, kind)
        return self.templates[kind]


def compose(
    uow: UnitOfWork,
    parties: Parties,
    kind: str,
    *,
    event_id: int | None = None,
    params: Mapping[str, Any] | None = None,
    run_key: str | None = None,
    settings: LibrarySettings | None = None,
    batch: Batch | None = None,
) -> dict[str, Any]:
    """The row of one notice, rendered and addressed (not yet written). `batch` carries what
    many notices made together share (the daily run)."""
    settings = settings or library_settings.load(uow)
    batch = batch or Batch.start(uow, settings)
    audience = BY_KIND[kind].audience
    channel, recipient = channel_for(audience, parties)
    patron = parties.patron if audience is Audience.PATRON else None
    values = values_for(
        parties.request,
        patron,
        parties.library,
        settings,
        batch.today,
        params or {},
        base=batch.base,
    )
    row: dict[str, Any] = {
        "request_id": parties.request.id,
        "patron_id": parties.patron.id
        if audience is Audience.PATRON and parties.patron is not None
        else None,
        "library_id": parties.library.id
        if audience is Audience.LIBRARY and parties.library is not None
        else None,
        "event_id": event_id,
        "kind": kind,
        "status": "queued",
        "created_at": batch.now,
        "sent_at": None,
        "detail": "",
        "channel": channel,
        "recipient": recipient,
        "params": {k: str(v) for k, v in (params or {}).items()},
        "run_key": run_key,
        "message_id": f"<{uuid.uuid4().hex}@{batch.domain}>",
        "attempts": 0,
        "next_try_at": None,
        "error": "",
        "subject": "",
        "body_text": "",
        "body_html": "",
        "letter": "",
    }
    try:
        out = render(batch.template(uow, kind), values)
    except TemplateRefused as exc:
        # The desk's action goes on; the notice waits, failed, for staff to fix the template.
        row.update(status="failed", error=f"The {kind} template cannot be used: {exc}")
        return row
    row.update(subject=out.subject, body_text=out.text, body_html=out.html, letter=out.letter)
    if channel == EMAIL and not recipient:
        row.update(status="failed", error="No e-mail address to send to.")
    return row


def write(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Insert notices (one statement for many rows)."""
    if rows:
        uow.session.connection().execute(_INSERT, rows)
