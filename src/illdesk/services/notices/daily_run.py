"""The daily run: the notices no action causes, made once a day (`illdesk notices run`).

- overdue stages to our patrons (borrowing, checked out past the patron's due date) and to
  libraries holding our items (lending, on loan past the due date), by the settings'
  `notices.borrowing` and `notices.lending` stages;
- pickup reminders for items waiting on the hold shelf longer than `pickup_reminder_days`,
  while they still wait, to patrons who can come to collect them (`services.notices.pickup`);
- reminders before the due date (`reminder_days_before` of each direction's stages; off, 0,
  by default), once per due date.

Idempotent: each notice carries a run key (type, request, the due date or the day the item
went on the shelf), unique in the outbox, so running twice, or on two workstations, makes
nothing new. A request that moves to a later stage gets that stage's notice once; a new due
date (a renewal) starts the stages again. The work is done in bulk: one query per table for
the candidates, one for the keys already made, one insert.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

import sqlalchemy as sa

from illdesk.core.notice_settings import NoticeSettings, OverdueStages
from illdesk.core.request_status import Status
from illdesk.core.vocabulary import Direction
from illdesk.services.admin import settings as library_settings
from illdesk.services.notices import composer, pickup
from illdesk.services.notices.composer import Parties
from illdesk.services.notices.outbox import prune_sent
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

_REQUESTS = cast(sa.Table, Request.__table__)
_PATRONS = cast(sa.Table, Patron.__table__)
_LIBRARIES = cast(sa.Table, Library.__table__)
_CHUNK = 900  # bound parameters per IN list (SQLite allows 999 in older builds)


@dataclass(frozen=True, slots=True)
class MadeNotice:
    """One notice the run made, for the command line's list."""

    request_number: str
    kind: str
    channel: str
    recipient: str


@dataclass(frozen=True, slots=True)
class _Due:
    request_id: int
    kind: str
    run_key: str
    params: dict[str, Any]
    request: Any  # the request's row (the columns a notice reads)


# The columns a notice reads (composer.channel_for, fields.values_for): far fewer than a
# request's row holds, which makes reading 40,000 of them several times quicker.
_REQUEST_COLUMNS = (
    "id", "number", "direction", "patron_id", "library_id", "patron_due_date",
    "lender_due_date", "status_since", "title", "article_title", "author", "journal_title",
    "item_barcode", "lender_reference",
)  # fmt: skip
_PATRON_COLUMNS = (
    "id", "given_name", "surname", "card_barcode", "inmate_number", "pickup_location",
    "email", "notice_channel", "facility_id", "patron_type",
)  # fmt: skip
_LIBRARY_COLUMNS = ("id", "name", "symbol", "email")


def _request_columns() -> list[sa.Column[Any]]:
    return [_REQUESTS.c[name] for name in _REQUEST_COLUMNS]


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _due_column(direction: Direction) -> tuple[sa.Column[Any], Status]:
    """The due date that counts in this direction, and the status of an item that is out."""
    if direction is Direction.BORROWING:
        return _REQUESTS.c.patron_due_date, Status.CHECKED_OUT
    return _REQUESTS.c.lender_due_date, Status.ON_LOAN


def _overdue(
    conn: sa.Connection, day: date, direction: Direction, stages: OverdueStages, prefix: str
) -> list[_Due]:
    due_col, status = _due_column(direction)
    rows = conn.execute(
        sa.select(*_request_columns()).where(
            _REQUESTS.c.direction == direction.value,
            _REQUESTS.c.status == status.value,
            due_col < day - timedelta(days=stages.grace_days),
        )
    )
    found = []
    for row in rows:
        due = getattr(row, due_col.name)
        days = (day - due).days
        level = stages.level(days)
        if level:
            kind = f"{prefix}{level}"
            key = f"{kind}:{row.id}:{due.isoformat()}"
            found.append(_Due(row.id, kind, key, {"days_overdue": days}, row))
    return found


def _due_soon(
    conn: sa.Connection, day: date, direction: Direction, stages: OverdueStages, kind: str
) -> list[_Due]:
    """Reminders for items due within `reminder_days_before` days (none when it is 0)."""
    if stages.reminder_days_before <= 0:
        return []
    due_col, status = _due_column(direction)
    rows = conn.execute(
        sa.select(*_request_columns()).where(
            _REQUESTS.c.direction == direction.value,
            _REQUESTS.c.status == status.value,
            due_col >= day,
            due_col <= day + timedelta(days=stages.reminder_days_before),
        )
    )
    return [
        _Due(row.id, kind, f"{kind}:{row.id}:{getattr(row, due_col.name).isoformat()}", {}, row)
        for row in rows
    ]


def _pickup(conn: sa.Connection, day: date, settings: NoticeSettings) -> list[_Due]:
    found = []
    for row in pickup.due_today(conn, day, settings, _request_columns()):
        shelved = pickup.shelved_on(row)
        found.append(
            _Due(
                row.id,
                pickup.KIND,
                f"{pickup.KIND}:{row.id}:{shelved.isoformat()}",
                {"days_on_shelf": (day - shelved).days},
                row,
            )
        )
    return found


def _by_id(
    conn: sa.Connection, table: sa.Table, columns: Sequence[str], ids: set[int]
) -> dict[int, Any]:
    out: dict[int, Any] = {}
    chosen = [table.c[name] for name in columns]
    for part in _chunks(sorted(ids)):
        for row in conn.execute(sa.select(*chosen).where(table.c.id.in_(part))):
            out[row.id] = row
    return out


def due_notices(uow: UnitOfWork, day: date) -> list[_Due]:
    """What the run would make for `day`, before removing what was made already."""
    settings = library_settings.load(uow)
    conn = uow.session.connection()
    ns = settings.notices
    return [
        *_overdue(conn, day, Direction.BORROWING, ns.borrowing, "overdue_"),
        *_overdue(conn, day, Direction.LENDING, ns.lending, "library_overdue_"),
        *_pickup(conn, day, ns),
        *_due_soon(conn, day, Direction.BORROWING, ns.borrowing, "due_soon"),
        *_due_soon(conn, day, Direction.LENDING, ns.lending, "library_due_soon"),
    ]


def run_daily(uow: UnitOfWork, day: date | None = None) -> list[MadeNotice]:
    """Make the day's notices (one transaction); what was made, in request order."""
    with uow:
        day = day or uow.today()
        settings = library_settings.load(uow)
        conn = uow.session.connection()
        candidates = due_notices(uow, day)
        made_keys: set[str] = set()
        keys = [d.run_key for d in candidates]
        for part in _chunks(keys):
            found = conn.execute(sa.select(Notice.run_key).where(Notice.run_key.in_(part)))
            made_keys.update(str(k) for k in found.scalars() if k)
        todo = [d for d in candidates if d.run_key not in made_keys]
        requests = {d.request_id: d.request for d in todo}
        patrons = _by_id(
            conn,
            _PATRONS,
            _PATRON_COLUMNS,
            {r.patron_id for r in requests.values() if r.patron_id},
        )
        libraries = _by_id(
            conn,
            _LIBRARIES,
            _LIBRARY_COLUMNS,
            {r.library_id for r in requests.values() if r.library_id},
        )
        batch = composer.Batch.start(uow, settings)
        rows = []
        made = []
        for d in todo:
            req = requests[d.request_id]
            parties = Parties(req, patrons.get(req.patron_id), libraries.get(req.library_id))
            row = composer.compose(
                uow,
                parties,
                d.kind,
                params=d.params,
                run_key=d.run_key,
                settings=settings,
                batch=batch,
            )
            if row["patron_id"] is None and row["library_id"] is None:
                continue
            rows.append(row)
            made.append(MadeNotice(req.number, d.kind, row["channel"], row["recipient"]))
        composer.write(uow, rows)
        pickup.withdraw_outdated(uow, day, settings.notices)
        prune_sent(uow, settings.notices.keep_sent_days, day)
        uow.commit()
    return sorted(made, key=lambda m: (m.request_number, m.kind))
