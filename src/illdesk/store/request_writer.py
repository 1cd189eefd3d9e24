"""The one writer of an action on a request.

Every action, from the scanning desk, the window, the command line, a package or a daily run,
is decided by the status machine (`core.workflow.apply`, and for a scan `core.desk_decision`)
and written here, by `write_action`, in the caller's transaction:

1. the request's changed columns, with one prepared UPDATE checked against its version (a
   request changed by another workstation meanwhile raises `StaleDataError`);
2. the lender string's changed answers, new lenders and removed ones;
3. the library a borrowing request is grouped by, which follows the lender asked last;
4. the event, recording every changed field before and after (what undo and replay read);
5. whatever else the action must write in the same transaction: `further` records such as a
   patron notice today, a charge or a copyright record tomorrow (see `FurtherRecord`).

The scan desk calls `write_action` with a request it read as plain columns
(`store.request_records`); everything else calls `perform`, which takes a loaded ORM request and
leaves it showing what was stored. Both are the same statements: there is no second copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import object_session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core import state_codec, workflow
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action, RequestState, RotaEntry
from illdesk.store.requests import STATE_COLUMNS, to_state
from illdesk.store.schema import Event, Library, Request
from illdesk.store.schema import RotaEntry as RotaRow
from illdesk.store.unit_of_work import UnitOfWork

# A record an action writes besides the request and its event, in the same transaction. It
# gets the unit of work and the new event (to point at it, so undo can find it) and returns a
# sentence for staff, or "" when it wrote nothing worth saying.
FurtherRecord = Callable[[UnitOfWork, Event], str]


@dataclass(frozen=True, slots=True)
class StoredRequest:
    """What the writer needs to know of the stored row it changes."""

    id: int
    number: str
    version: int
    library_symbol: str | None  # the library the request is grouped by now
    # When the current status began; recorded with a change of status so undo can put it back.
    status_since: datetime | None = None


@dataclass(frozen=True, slots=True)
class Written:
    """What `write_action` stored."""

    event: Event  # the new event (not in the session)
    values: dict[str, Any]  # the request columns written, version included
    rota_changed: bool
    told: str  # what the further records said, for the desk


# The event detail holding [old, new] of the request's `status_since` when the status changed.
STATUS_SINCE = "status_since"

_REQUESTS = cast(sa.Table, Request.__table__)
_ROTA = cast(sa.Table, RotaRow.__table__)
_LIBRARIES = cast(sa.Table, Library.__table__)
# Built once: building a statement per action cost as much as SQLite's own work on a scan.
_UPDATE_REQUEST = _REQUESTS.update().where(
    _REQUESTS.c.id == sa.bindparam("match_id"),
    _REQUESTS.c.version == sa.bindparam("match_version"),
)
_INSERT_EVENT = cast(sa.Table, Event.__table__).insert()
_EVENT_ID = cast(sa.Table, Event.__table__).c.id
_UPDATE_ROTA = _ROTA.update().where(
    _ROTA.c.request_id == sa.bindparam("match_request"),
    _ROTA.c.position == sa.bindparam("match_position"),
)
_INSERT_ROTA = _ROTA.insert()
_DELETE_ROTA_FROM = _ROTA.delete().where(
    _ROTA.c.request_id == sa.bindparam("match_request"),
    _ROTA.c.position >= sa.bindparam("match_position"),
)
_LIBRARY_ID = sa.select(_LIBRARIES.c.id).where(_LIBRARIES.c.symbol == sa.bindparam("symbol"))


def write_action(
    uow: UnitOfWork,
    stored: StoredRequest,
    before: RequestState,
    after: RequestState,
    action: str,
    details: Mapping[str, Any],
    *,
    columns: Mapping[str, Any] | None = None,
    further: Sequence[FurtherRecord] = (),
) -> Written:
    """Write one action: the request's columns (version-checked), its lender string, the
    library it follows, its event and the further records, in the caller's transaction.

    `columns` are request columns outside the status machine that the action sets (undo of
    an edit restores citation fields with it); the event must already record them.
    """
    now = uow.now()
    values: dict[str, Any] = {"updated_at": now}
    if before.status is not after.status:
        values["status"] = after.status.value
        values["status_since"] = now
    for name in STATE_COLUMNS:
        if getattr(before, name) != getattr(after, name):
            values[name] = getattr(after, name)
    values.update(columns or {})
    recorded = {**details, **uow.event_note}
    if "status" in values and stored.status_since is not None:
        # Not a field of the status machine, but a column the action changes: the event keeps
        # its old value so that undo restores when the earlier status began.
        recorded[STATUS_SINCE] = [
            stored.status_since.isoformat(),
            values["status_since"].isoformat(),
        ]
    connection = uow.session.connection()
    if after.direction is Direction.BORROWING:
        # A borrowing request is grouped (queues, packages) by the lender asked last.
        current = after.current_lender
        symbol = current.symbol if current else None
        if symbol != stored.library_symbol:
            values["library_id"] = (
                None
                if symbol is None
                else connection.execute(_LIBRARY_ID, {"symbol": symbol}).scalar()
            )
    values["version"] = stored.version + 1
    updated = connection.execute(
        _UPDATE_REQUEST, {**values, "match_id": stored.id, "match_version": stored.version}
    )
    if updated.rowcount != 1:
        # What the ORM raises for a version mismatch: callers turn it into a Conflict.
        raise StaleDataError(f"{stored.number} was changed by another workstation meanwhile.")
    rota_changed = after.rota != before.rota
    if rota_changed:
        _write_rota(connection, stored.id, before.rota, after.rota)
    event_values: dict[str, Any] = {
        "request_id": stored.id,
        "at": now,
        "staff_id": uow.actor.staff_id,
        "staff_name": uow.actor.staff_name,
        "workstation": uow.actor.workstation,
        "action": action,
        "from_status": before.status.value,
        "to_status": after.status.value,
        "details": recorded,
        "undone_by": None,
    }
    key = connection.execute(_INSERT_EVENT, event_values).inserted_primary_key
    assert key is not None
    event = Event(id=key[0], **event_values)
    uow.announce(event.id, stored.id, action)
    told = " ".join(filter(None, (record(uow, event) for record in further)))
    return Written(event, values, rota_changed, told)


@dataclass(frozen=True, slots=True)
class QuietWrite:
    """One request's share of `write_quiet_actions`: which request (id, version, status),
    the columns the action sets, and what its event records."""

    request_id: int
    version: int
    status: str
    columns: Mapping[str, Any]
    details: Mapping[str, Any]


def write_quiet_actions(uow: UnitOfWork, action: str, writes: Sequence[QuietWrite]) -> None:
    """Write the same action on many requests when it changes no status, lender string or
    lender (the purge): one version-checked UPDATE and one INSERT of events for all of them,
    in the caller's transaction. Every write must set the same columns."""
    if not writes:
        return
    now = uow.now()
    connection = uow.session.connection()
    updates = [
        {
            **w.columns,
            "updated_at": now,
            "version": w.version + 1,
            "match_id": w.request_id,
            "match_version": w.version,
        }
        for w in writes
    ]
    done = connection.execute(_UPDATE_REQUEST, updates)
    if connection.dialect.supports_sane_multi_rowcount:
        changed = done.rowcount
    else:
        changed = connection.execute(
            sa.select(sa.func.count()).where(
                _REQUESTS.c.id.in_([w.request_id for w in writes]),
                _REQUESTS.c.updated_at == now,
            )
        ).scalar_one()
    if changed != len(writes):
        raise StaleDataError("A request was changed by another workstation meanwhile.")
    actor = uow.actor
    inserted = connection.execute(
        _INSERT_EVENT.returning(_EVENT_ID) if uow.db.is_postgresql else _INSERT_EVENT,
        [
            {
                "request_id": w.request_id,
                "at": now,
                "staff_id": actor.staff_id,
                "staff_name": actor.staff_name,
                "workstation": actor.workstation,
                "action": action,
                "from_status": w.status,
                "to_status": w.status,
                "details": dict(w.details),
                "undone_by": None,
            }
            for w in writes
        ],
    )
    if uow.db.is_postgresql:
        for event_id, w in zip(inserted.scalars(), writes, strict=True):
            uow.announce(event_id, w.request_id, action)


def _write_rota(
    connection: sa.Connection,
    request_id: int,
    before: tuple[RotaEntry, ...],
    after: tuple[RotaEntry, ...],
) -> None:
    """Store a lender string by position: changed entries updated, new ones added, the ones
    past its end removed."""
    for position, entry in enumerate(after):
        row = {
            "symbol": entry.symbol,
            "answer": entry.answer.value,
            "reason": entry.reason,
            "note": entry.note,
        }
        if position >= len(before):
            connection.execute(
                _INSERT_ROTA, {**row, "request_id": request_id, "position": position}
            )
        elif before[position] != entry:
            connection.execute(
                _UPDATE_ROTA, {**row, "match_request": request_id, "match_position": position}
            )
    if len(before) > len(after):
        connection.execute(
            _DELETE_ROTA_FROM, {"match_request": request_id, "match_position": len(after)}
        )


def event_details(
    before: RequestState,
    after: RequestState,
    params: Mapping[str, Any],
    today: date,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What an action's event records: every changed field, the parameters, the day."""
    details: dict[str, Any] = {
        "changes": state_codec.encode_changes(workflow.diff(before, after)),
        "params": state_codec.encode_params(params),
        "today": today.isoformat(),
    }
    if extra:
        details.update(extra)
    return details


# ---------------------------------------------------------------- a loaded request


@dataclass(frozen=True, slots=True)
class Performed:
    """What `perform_action` did."""

    event: Event
    after: RequestState
    told: str


def stored_request(req: Request) -> StoredRequest:
    """The writer's view of a loaded request."""
    return StoredRequest(
        req.id,
        req.number,
        req.version,
        req.library.symbol if req.library else None,
        req.status_since,
    )


def perform_action(
    uow: UnitOfWork,
    req: Request,
    action: Action,
    ctx: workflow.Context,
    *,
    extra: Mapping[str, Any] | None = None,
    further: Sequence[FurtherRecord] = (),
) -> Performed:
    """Apply an action to a loaded request through the status machine and write it with the
    one writer; `req` then shows what is stored (raises TransitionError when not allowed)."""
    session = uow.session
    if session.new or session.dirty or session.deleted:
        session.flush()  # the writer's version check must see what the caller changed
    before = to_state(req)
    after, transition = workflow.apply(before, action, ctx)
    params = workflow.check_params(transition, ctx.params)
    details = event_details(before, after, params, ctx.today, extra)
    written = write_action(
        uow, stored_request(req), before, after, action.value, details, further=further
    )
    show_written(req, written)
    return Performed(written.event, after, written.told)


def perform(
    uow: UnitOfWork,
    req: Request,
    action: Action,
    ctx: workflow.Context,
    *,
    extra: Mapping[str, Any] | None = None,
) -> tuple[Event, RequestState]:
    """`perform_action` for callers that write no further records: (event, new state)."""
    done = perform_action(uow, req, action, ctx, extra=extra)
    return done.event, done.after


def show_written(req: Request, written: Written) -> None:
    """Make a loaded request show what the writer stored, with nothing left for a flush."""
    session = object_session(req)
    for name, value in written.values.items():
        set_committed_value(req, name, value)
    if session is None:
        return
    if "library_id" in written.values:
        session.expire(req, ["library"])
    if written.rota_changed:
        if "rota" not in sa.inspect(req).unloaded:
            for row in list(req.rota):
                session.expire(row)
        session.expire(req, ["rota"])
