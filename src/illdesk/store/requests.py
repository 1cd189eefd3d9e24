"""Reading and writing requests: state mapping, numbering, the event log and undo."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session, object_session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core import state_codec, workflow
from illdesk.core.citation import Citation, match_key
from illdesk.core.numbers import format_number, normalize_number
from illdesk.core.search_text import search_words
from illdesk.core.vocabulary import Direction, RotaAnswer, Service
from illdesk.core.workflow import STATE_FIELDS, Action, RequestState, RotaEntry, Status
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Event, Library, NumberSequence, Patron, Request
from illdesk.store.schema import RotaEntry as RotaRow
from illdesk.store.unit_of_work import UnitOfWork

CITATION_COLUMNS = (
    "title",
    "author",
    "journal_title",
    "article_title",
    "volume",
    "issue",
    "pages",
    "year",
    "edition",
    "publisher",
    "place",
    "isbn",
    "issn",
    "oclc_number",
    "doi",
)


def by_number(session: Session, number: str, *, for_update: bool = False) -> Request | None:
    """The request with this number (typed or scanned form), or None."""
    canonical = normalize_number(number) or number.strip().upper()
    query = sa.select(Request).where(Request.number == canonical)
    if for_update:
        query = query.with_for_update(of=Request)
    return session.scalars(query).first()


def to_state(req: Request) -> RequestState:
    """The status-machine view of a stored request."""
    return _state(req, _rota_of(req))


def _state(req: Request | RequestRecord, rota: tuple[RotaEntry, ...]) -> RequestState:
    return RequestState(
        direction=Direction(req.direction),
        service=Service(req.service),
        status=Status(req.status),
        rota=rota,
        lender_due_date=req.lender_due_date,
        patron_due_date=req.patron_due_date,
        renewals=req.renewals,
        renewal_pending=req.renewal_pending,
        recalled=req.recalled,
        damaged=req.damaged,
        copyright_code=req.copyright_code,
        conditions=req.conditions,
        reason=req.reason,
        restrictions=req.restrictions,
        item_barcode=req.item_barcode,
        temp_barcode=req.temp_barcode,
        note=req.note,
    )


def _rota_of(req: Request) -> tuple[RotaEntry, ...]:
    # A lending request has no lender string (we are the lender): skip the query for it.
    if req.direction == Direction.LENDING.value and "rota" in sa.inspect(req).unloaded:
        return ()
    return tuple(RotaEntry(r.symbol, RotaAnswer(r.answer), r.reason, r.note) for r in req.rota)


def write_state(req: Request, state: RequestState, now: datetime) -> None:
    """Copy a status-machine state onto the stored request (rota rows included)."""
    if req.status != state.status.value:
        req.status = state.status.value
        req.status_since = now
    for name in STATE_FIELDS:
        if name in {"direction", "service", "status", "rota"}:
            continue
        value = getattr(state, name)
        if getattr(req, name) != value:
            setattr(req, name, value)
    if state.rota or "rota" not in sa.inspect(req).unloaded:
        write_rota(req, state.rota)
    if state.direction is Direction.BORROWING:
        _follow_lender(req, state)
    req.updated_at = now


def _follow_lender(req: Request, state: RequestState) -> None:
    """A borrowing request's library is the lender asked last: queues group by it."""
    current = state.current_lender
    symbol = current.symbol if current else None
    if (req.library.symbol if req.library else None) == symbol:
        return
    session = object_session(req)
    if symbol is None or session is None:
        req.library = None
        return
    req.library = library_by_symbol(session, symbol)


def write_rota(req: Request, rota: tuple[RotaEntry, ...]) -> None:
    rows = list(req.rota)
    for position, entry in enumerate(rota):
        if position < len(rows):
            row = rows[position]
            for name in ("symbol", "answer", "reason", "note"):
                value = getattr(entry, name)
                value = value.value if isinstance(value, RotaAnswer) else value
                if getattr(row, name) != value:
                    setattr(row, name, value)
        else:
            req.rota.append(
                RotaRow(
                    position=position,
                    symbol=entry.symbol,
                    answer=entry.answer.value,
                    reason=entry.reason,
                    note=entry.note,
                )
            )
    if len(rows) > len(rota):
        del req.rota[len(rota) :]


def set_citation(req: Request, citation: Citation) -> None:
    """Store a (cleaned) citation and the keys derived from it."""
    for name in CITATION_COLUMNS:
        setattr(req, name, getattr(citation, name))
    req.match_key = match_key(citation)
    req.search_text = search_words(
        citation.title, citation.author, citation.journal_title, citation.article_title
    )


def citation_of(req: Request) -> Citation:
    return Citation(**{name: getattr(req, name) for name in CITATION_COLUMNS})


def next_number(session: Session, prefix: str, year: int) -> str:
    """Hand out the next request number; safe with several workstations at once."""
    bumped = session.execute(
        sa.update(NumberSequence)
        .where(NumberSequence.prefix == prefix, NumberSequence.year == year)
        .values(last=NumberSequence.last + 1)
        .returning(NumberSequence.last)
    ).scalar()
    if bumped is None:
        # First number of the year: the row is made in its own savepoint so that two
        # workstations racing to make it do not both fail.
        try:
            with session.begin_nested():
                session.add(NumberSequence(prefix=prefix, year=year, last=1))
            bumped = 1
        except sa.exc.IntegrityError:
            return next_number(session, prefix, year)
    return format_number(prefix, year, int(bumped))


def record_event(
    uow: UnitOfWork,
    req: Request | None,
    action: str,
    *,
    from_status: str = "",
    to_status: str = "",
    details: Mapping[str, Any] | None = None,
) -> Event:
    """Write one event row in the current transaction."""
    event = Event(
        request_id=req.id if req is not None else None,
        at=uow.now(),
        staff_id=uow.actor.staff_id,
        staff_name=uow.actor.staff_name,
        workstation=uow.actor.workstation,
        action=action,
        from_status=from_status,
        to_status=to_status,
        details=dict(details or {}),
    )
    uow.session.add(event)
    uow.session.flush()
    return event


def perform(
    uow: UnitOfWork,
    req: Request,
    action: Action,
    ctx: workflow.Context,
    *,
    extra: Mapping[str, Any] | None = None,
) -> tuple[Event, RequestState]:
    """Apply an action through the status machine, store the result and its event."""
    before = to_state(req)
    after, transition = workflow.apply(before, action, ctx)
    params = workflow.check_params(transition, ctx.params)
    details = event_details(before, after, params, ctx.today, extra)
    if _only_columns_change(uow.session, req, before, after):
        event = _write_directly(uow, req, before, after, action, details)
        return event, after
    write_state(req, after, uow.now())
    req.version += 0  # the version column is bumped by the mapper on flush
    event = record_event(
        uow,
        req,
        action.value,
        from_status=before.status.value,
        to_status=after.status.value,
        details=details,
    )
    return event, after


# The common action (a scan: a status, a date, a barcode) changes a few columns of the request
# and nothing else. Written with these two prepared statements it skips the ORM's flush, which
# cost about as much again as the SQL itself on the scan path.
_REQUESTS = cast(sa.Table, Request.__table__)
_UPDATE_REQUEST = _REQUESTS.update().where(
    _REQUESTS.c.id == sa.bindparam("match_id"),
    _REQUESTS.c.version == sa.bindparam("match_version"),
)
_INSERT_EVENT = cast(sa.Table, Event.__table__).insert()
_SKIPPED = frozenset({"direction", "service", "status", "rota"})


def _only_columns_change(
    session: Session, req: Request, before: RequestState, after: RequestState
) -> bool:
    """True when the action touches nothing but the request's own columns: the lender string
    and the library it follows stay as they are, and nothing else waits to be flushed."""
    if after.rota != before.rota or session.new or session.deleted or session.dirty:
        return False
    if before.direction is Direction.BORROWING:
        current = after.current_lender
        symbol = current.symbol if current else None
        if (req.library.symbol if req.library else None) != symbol:
            return False
    return True


def _write_directly(
    uow: UnitOfWork,
    req: Request,
    before: RequestState,
    after: RequestState,
    action: Action,
    details: dict[str, Any],
) -> Event:
    """Store the new state and its event with two statements, version-checked like a flush."""
    event, values = write_columns(
        uow, req.id, req.number, req.version, before, after, action, details
    )
    # The loaded request now shows what is stored, with nothing left for a flush to write.
    for name, value in values.items():
        set_committed_value(req, name, value)
    return event


def write_columns(
    uow: UnitOfWork,
    request_id: int,
    number: str,
    version: int,
    before: RequestState,
    after: RequestState,
    action: Action,
    details: dict[str, Any],
) -> tuple[Event, dict[str, Any]]:
    """The UPDATE (checked against `version`) and the event INSERT of a column-only action;
    returns the event (not in the session) and the columns written."""
    now = uow.now()
    values: dict[str, Any] = {"updated_at": now}
    if before.status is not after.status:
        values["status"] = after.status.value
        values["status_since"] = now
    for name in STATE_FIELDS:
        if name not in _SKIPPED and getattr(before, name) != getattr(after, name):
            values[name] = getattr(after, name)
    values["version"] = version + 1
    connection = uow.session.connection()
    updated = connection.execute(
        _UPDATE_REQUEST, {**values, "match_id": request_id, "match_version": version}
    )
    if updated.rowcount != 1:
        # What the ORM raises for a version mismatch: callers turn it into a Conflict.
        raise StaleDataError(f"{number} was changed by another workstation meanwhile.")
    event_values: dict[str, Any] = {
        "request_id": request_id,
        "at": now,
        "staff_id": uow.actor.staff_id,
        "staff_name": uow.actor.staff_name,
        "workstation": uow.actor.workstation,
        "action": action.value,
        "from_status": before.status.value,
        "to_status": after.status.value,
        "details": details,
        "undone_by": None,
    }
    inserted = connection.execute(_INSERT_EVENT, event_values)
    key = inserted.inserted_primary_key
    assert key is not None
    return Event(id=key[0], **event_values), values


def event_details(
    before: RequestState,
    after: RequestState,
    params: Mapping[str, Any],
    today: date,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """What an action's event records: the changed fields, the parameters, the day."""
    details: dict[str, Any] = {
        "changes": state_codec.encode_changes(workflow.diff(before, after)),
        "params": state_codec.encode_params(params),
        "today": today.isoformat(),
    }
    if extra:
        details.update(extra)
    return details


# ---------------------------------------------------------------- records for the scan desk


@dataclass(frozen=True, slots=True)
class PartyRecord:
    """The patron of a request, as a scan reads it."""

    given_name: str
    surname: str
    card_barcode: str


@dataclass(frozen=True, slots=True)
class LenderRecord:
    """The partner library of a request, as a scan reads it."""

    symbol: str
    group_name: str
    loan_days: int


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """A request read with plain SQL for the scan desk: what a scan decides on, shows and
    writes. Loading the ORM object instead cost more than SQLite's own work for the scan."""

    id: int
    number: str
    direction: str
    service: str
    status: str
    version: int
    patron_id: int | None
    title: str
    article_title: str
    journal_title: str
    location: str
    call_number: str
    lender_due_date: date | None
    patron_due_date: date | None
    renewals: int
    renewal_pending: bool
    recalled: bool
    damaged: bool
    copyright_code: str
    conditions: str
    reason: str
    restrictions: str
    item_barcode: str
    temp_barcode: str
    note: str
    patron: PartyRecord | None
    library: LenderRecord | None
    rota: tuple[RotaEntry, ...]


_PATRONS = cast(sa.Table, Patron.__table__)
_LIBRARIES = cast(sa.Table, Library.__table__)
_ROTA = cast(sa.Table, RotaRow.__table__)
_RECORD_COLUMNS = tuple(
    f.name for f in fields(RequestRecord) if f.name not in {"patron", "library", "rota"}
)
_RECORD_SELECT = (
    sa.select(
        *(_REQUESTS.c[name] for name in _RECORD_COLUMNS),
        _PATRONS.c.given_name.label("patron_given_name"),
        _PATRONS.c.surname.label("patron_surname"),
        _PATRONS.c.card_barcode.label("patron_card"),
        _LIBRARIES.c.symbol.label("library_symbol"),
        _LIBRARIES.c.group_name.label("library_group"),
        _LIBRARIES.c.loan_days.label("library_loan_days"),
    )
    .select_from(_REQUESTS)
    .outerjoin(_PATRONS, _REQUESTS.c.patron_id == _PATRONS.c.id)
    .outerjoin(_LIBRARIES, _REQUESTS.c.library_id == _LIBRARIES.c.id)
)
_ROTA_SELECT = (
    sa.select(_ROTA.c.symbol, _ROTA.c.answer, _ROTA.c.reason, _ROTA.c.note)
    .where(_ROTA.c.request_id == sa.bindparam("request_id"))
    .order_by(_ROTA.c.position)
)


def record_select() -> sa.Select[Any]:
    """The columns of a RequestRecord, to be narrowed with .where() and locked by callers."""
    return _RECORD_SELECT


def record_of(session: Session, row: Any) -> RequestRecord:
    """A RequestRecord from a `record_select()` row (the lender string read for borrowing)."""
    rota: tuple[RotaEntry, ...] = ()
    if row.direction == Direction.BORROWING.value:
        rota = tuple(
            RotaEntry(r.symbol, RotaAnswer(r.answer), r.reason, r.note)
            for r in session.connection().execute(_ROTA_SELECT, {"request_id": row.id})
        )
    patron = (
        PartyRecord(row.patron_given_name, row.patron_surname, row.patron_card)
        if row.patron_card is not None
        else None
    )
    library = (
        LenderRecord(row.library_symbol, row.library_group, row.library_loan_days)
        if row.library_symbol is not None
        else None
    )
    return RequestRecord(
        **{name: getattr(row, name) for name in _RECORD_COLUMNS},
        patron=patron,
        library=library,
        rota=rota,
    )


_UPDATE_ROTA = _ROTA.update().where(
    _ROTA.c.request_id == sa.bindparam("match_request"),
    _ROTA.c.position == sa.bindparam("match_position"),
)


def write_rota_answers(
    uow: UnitOfWork, request_id: int, before: tuple[RotaEntry, ...], after: tuple[RotaEntry, ...]
) -> bool:
    """Store changed answers of an unchanged lender string (same libraries, same order) with
    one prepared UPDATE each; False, writing nothing, for any other change."""
    if [e.symbol for e in before] != [e.symbol for e in after]:
        return False
    connection = uow.session.connection()
    for position, (old, new) in enumerate(zip(before, after, strict=True)):
        if old != new:
            connection.execute(
                _UPDATE_ROTA,
                {
                    "answer": new.answer.value,
                    "reason": new.reason,
                    "note": new.note,
                    "match_request": request_id,
                    "match_position": position,
                },
            )
    return True


def record_state(record: RequestRecord) -> RequestState:
    """The status-machine view of a RequestRecord."""
    return _state(record, record.rota)


def last_undoable(session: Session, req: Request) -> Event | None:
    """The latest event of the request that can still be undone, or None."""
    return session.scalars(
        sa.select(Event)
        .where(
            Event.request_id == req.id,
            Event.undone_by.is_(None),
            Event.action.not_in(("create", "undo", "import")),
        )
        .order_by(Event.id.desc())
        .limit(1)
    ).first()


def undo(uow: UnitOfWork, req: Request, target: Event) -> Event:
    """Reverse `target`: restore what it changed, record an undo event, mark it undone."""
    changes = state_codec.decode_changes(target.details.get("changes", {}))
    state_changes = {k: v for k, v in changes.items() if k in STATE_FIELDS}
    other_changes = {k: v for k, v in changes.items() if k not in STATE_FIELDS}
    before = to_state(req)
    restored = workflow.undo(before, state_changes)
    for name, (_old, new) in other_changes.items():
        if encode_column(getattr(req, name)) != new:
            raise workflow.TransitionError(
                "The request has changed since that action, so it cannot be undone automatically."
            )
    write_state(req, restored, uow.now())
    for name, (old, _new) in other_changes.items():
        setattr(req, name, decode_column(name, old))
    if other_changes.keys() & set(CITATION_COLUMNS):
        set_citation(req, citation_of(req))
    reverse = {name: (new, old) for name, (old, new) in changes.items()}
    event = record_event(
        uow,
        req,
        Action.UNDO.value,
        from_status=before.status.value,
        to_status=restored.status.value,
        details={
            "changes": state_codec.encode_changes(reverse),
            "undoes": target.id,
            "undone_action": target.action,
        },
    )
    target.undone_by = event.id
    return event


_DATE_COLUMNS = frozenset({"need_before"})
_AMOUNT_COLUMNS = frozenset({"max_cost", "charge"})


def encode_column(value: Any) -> Any:
    """A plain column value in the JSON form edit events store."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def decode_column(name: str, value: Any) -> Any:
    """The inverse of `encode_column` for the named column."""
    if value is None:
        return None
    if name in _DATE_COLUMNS:
        return date.fromisoformat(value)
    if name in _AMOUNT_COLUMNS:
        return Decimal(value)
    return value


def history(session: Session, req: Request) -> list[Event]:
    """Every event of a request, oldest first."""
    return list(
        session.scalars(sa.select(Event).where(Event.request_id == req.id).order_by(Event.id))
    )
