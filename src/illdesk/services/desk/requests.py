"""Use cases on one request: enter it, act on it, undo, edit, look at it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core import workflow
from illdesk.core.citation import Citation, CitationError, clean, match_key
from illdesk.core.state_codec import encode_state
from illdesk.core.vocabulary import Direction, Format, PatronStatus, Service
from illdesk.core.workflow import ACTION_LABELS, Action, Context, RequestState, RotaEntry, Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk.action_inputs import (
    action_context,
    fill_defaults,
    lender_due_date,
    linked_terms,
    make_context,
    prepare,
)
from illdesk.services.desk.mapping import event_view, library_view, patron_view, request_row
from illdesk.services.desk.views import ActionChoice, ActionResult, RequestDetail, RequestRow
from illdesk.services.errors import Conflict, DuplicateRequest, InvalidInput, NotFound
from illdesk.services.money import ledger as money_ledger
from illdesk.services.money import lost_items
from illdesk.services.money.accounts import patron_block
from illdesk.services.notices import outbox as notices
from illdesk.services.rules import arrival, facilities
from illdesk.services.shipping.package_lines import package_lines
from illdesk.store import request_history as history
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol, patron_by_card
from illdesk.store.schema import Event, Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

# The defaults and context of an action live in `action_inputs`; named here as before.
__all__ = [
    "EDITABLE",
    "NewRequest",
    "action_context",
    "create_request",
    "edit_request",
    "enter_request",
    "fill_defaults",
    "get_detail",
    "lender_due_date",
    "make_context",
    "perform",
    "undo_last",
]


@dataclass(frozen=True, slots=True)
class NewRequest:
    """What staff (or an import) give to enter a request."""

    direction: Direction
    service: Service
    format: Format
    citation: Citation
    patron_card: str = ""
    library_symbol: str = ""
    lenders: tuple[str, ...] = ()
    need_before: date | None = None
    max_cost: Decimal | None = None
    lender_reference: str = ""
    call_number: str = ""
    location: str = ""
    note: str = ""
    patron_note: str = ""
    source: str = "staff"
    allow_duplicate: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict)


# ---------------------------------------------------------------- entering requests


def create_request(uow: UnitOfWork, new: NewRequest) -> RequestRow:
    """Enter a request: validate, check for duplicates, number it, record its creation."""
    with uow:
        req = enter_request(uow, new)
        row = request_row(req, uow.today())
        uow.commit()
    return row


def enter_request(uow: UnitOfWork, new: NewRequest, number: str = "") -> Request:
    session = uow.session
    try:
        citation = clean(new.citation)
    except CitationError as exc:
        raise InvalidInput(str(exc), exc.field) from exc
    if not citation.display_title:
        raise InvalidInput("A request needs at least a title.", "title")
    patron = _patron(uow, new)
    library = _library(uow, new.library_symbol) if new.library_symbol else None
    if new.direction is Direction.LENDING and library is None:
        raise InvalidInput("A lending request needs the borrowing library's symbol.", "library")
    settings = library_settings.load(uow)
    if patron is not None and not new.allow_duplicate:
        _refuse_duplicates(uow, patron, citation, settings.duplicate_window_days)
    now = uow.now()
    if not number:
        prefix = (
            settings.borrowing_prefix
            if new.direction is Direction.BORROWING
            else settings.lending_prefix
        )
        number = repo.next_number(session, prefix, uow.today().year)
    rota = tuple(RotaEntry(s.strip().upper()) for s in new.lenders if s.strip())
    req = Request(
        number=number,
        direction=new.direction.value,
        service=new.service.value,
        format=new.format.value,
        status=Status.NEW.value,
        status_since=now,
        created_at=now,
        updated_at=now,
        source=new.source,
        patron=patron,
        library=library,
        need_before=new.need_before,
        max_cost=new.max_cost,
        lender_reference=new.lender_reference,
        call_number=new.call_number,
        location=new.location,
        note=new.note,
        patron_note=new.patron_note,
        renewals=0,
        renewal_pending=False,
        recalled=False,
        damaged=False,
    )
    repo.set_citation(req, citation)
    session.add(req)
    state = RequestState(new.direction, new.service, rota=rota, note=new.note)
    repo.write_state(req, state, now)
    session.flush()
    repo.record_event(
        uow,
        req,
        "create",
        to_status=Status.NEW.value,
        details={"state": encode_state(state), "source": new.source, **dict(new.extra)},
    )
    arrival.on_entry(uow, req)  # copyright record, lending policy (services.rules)
    return req


def _patron(uow: UnitOfWork, new: NewRequest) -> Patron | None:
    if not new.patron_card:
        if new.direction is Direction.BORROWING:
            raise InvalidInput("A borrowing request needs the patron's card.", "patron")
        return None
    patron = patron_by_card(uow.session, new.patron_card)
    if patron is None:
        raise NotFound(
            f"No patron has the card {new.patron_card}. Check the card or add the patron."
        )
    if patron.status != PatronStatus.ACTIVE.value and new.source == "staff":
        raise InvalidInput(
            f"The patron's account is {patron.status}: clear it in the patron record first.",
            "patron",
        )
    if new.source != "import":
        blocked = patron_block(uow, patron.id)
        if blocked:
            raise InvalidInput(f"No new request: {blocked}", "patron")
    return patron


def _library(uow: UnitOfWork, symbol: str) -> Library:
    library = library_by_symbol(uow.session, symbol)
    if library is None:
        raise NotFound(
            f"No partner library has the symbol {symbol}. Add it to the directory first."
        )
    return library


def _refuse_duplicates(uow: UnitOfWork, patron: Patron, citation: Citation, days: int) -> None:
    since = uow.now() - timedelta(days=days)
    numbers = uow.session.scalars(
        sa.select(Request.number).where(
            Request.patron_id == patron.id,
            Request.match_key == match_key(citation),
            Request.created_at >= since,
            Request.status != Status.CANCELLED.value,
        )
    ).all()
    if numbers:
        listed = ", ".join(numbers)
        raise DuplicateRequest(
            f"This patron already asked for this item recently ({listed}). Open that request, "
            "or enter this one anyway if it is really needed twice.",
            list(numbers),
        )


# ---------------------------------------------------------------- acting on requests


def perform(
    uow: UnitOfWork,
    number: str,
    action: Action | str,
    params: Mapping[str, Any] | None = None,
    *,
    expected_version: int | None = None,
) -> ActionResult:
    """Do one action of the request's lifecycle, with its event, in one transaction."""
    action = Action(action)
    with uow:
        req = _get_for_update(uow, number, expected_version)
        ctx = prepare(uow, repo.to_state(req), linked_terms(req), action, params or {}, req.id)
        try:
            further = [
                *lost_items.further_records(uow, req, action),
                *notices.further_records(req, action),  # after the charges it may name
            ]
            done = writer.perform_action(uow, req, action, ctx, further=further)
        except workflow.TransitionError as exc:
            raise InvalidInput(f"{req.number}: {exc}") from exc
        told = done.told
        result = _result(req, action, done.event, done.after.status)
        if told:
            result = replace(result, message=f"{result.message} {told}")
        _commit(uow, req)
    return replace(result, version=req.version)


def _get_for_update(uow: UnitOfWork, number: str, expected_version: int | None) -> Request:
    req = repo.by_number(uow.session, number, for_update=True)
    if req is None:
        raise NotFound(f"No request has the number {number}.")
    if expected_version is not None and req.version != expected_version:
        raise _conflict(uow, req)
    return req


def _conflict(uow: UnitOfWork, req: Request) -> Conflict:
    last = uow.session.scalars(
        sa.select(Event).where(Event.request_id == req.id).order_by(Event.id.desc()).limit(1)
    ).first()
    if last is None:
        return Conflict(f"{req.number} was changed by someone else. Reload it before changing it.")
    when = last.at.astimezone().strftime("%H:%M on %d %b %Y")
    where = f" at {last.workstation}" if last.workstation else ""
    return Conflict(
        f"{req.number} was changed by {last.staff_name or 'someone'}{where} at {when} "
        f"(“{event_view(last, req.direction).action_label}”) after you opened it. "
        "Reload it to see the change; nothing of yours was saved over it.",
        last.staff_name,
        last.at,
    )


def _commit(uow: UnitOfWork, req: Request) -> None:
    try:
        uow.commit()
    except StaleDataError as exc:
        uow.session.rollback()
        with uow.db.reading() as session:
            fresh = repo.by_number(session, req.number)
            if fresh is not None:
                probe = UnitOfWork(uow.db, uow.actor, uow.clock, read_only=True)
                probe.session = session
                raise _conflict(probe, fresh) from exc
        raise Conflict(f"{req.number} was changed by another workstation. Reload it.") from exc


def _result(req: Request, action: Action, event: Event, to_status: Status) -> ActionResult:
    direction = Direction(req.direction)
    label = workflow.status_label(direction, to_status)
    return ActionResult(
        number=req.number,
        action=action,
        from_status=event.from_status,
        to_status=to_status.value,
        message=f"{req.number}: {ACTION_LABELS[action]} — now “{label}”.",
        version=req.version,
        event_id=event.id,
    )


def undo_last(
    uow: UnitOfWork,
    number: str,
    *,
    expected_version: int | None = None,
    expected_event_id: int | None = None,
) -> ActionResult:
    """Reverse the request's last action that has not been undone yet; with
    `expected_event_id`, only if that is still the action (the one the person agreed to)."""
    with uow:
        req = _get_for_update(uow, number, expected_version)
        target = history.last_undoable(uow.session, req)
        if target is None:
            raise InvalidInput(f"{req.number}: there is nothing left to undo.")
        if expected_event_id is not None and target.id != expected_event_id:
            raise _conflict(uow, req)
        try:
            event = history.undo(uow, req, target)
        except workflow.TransitionError as exc:
            raise InvalidInput(f"{req.number}: {exc}") from exc
        notices.withdraw_for_undone(uow, target.id)
        taken_back = money_ledger.reverse_for_undone(uow, target.id, event.id)
        status = Status(req.status)
        label = workflow.status_label(Direction(req.direction), status)
        undone = event_view(target, req.direction).action_label
        result = ActionResult(
            number=req.number,
            action=Action.UNDO,
            from_status=event.from_status,
            to_status=status.value,
            message=f"{req.number}: undid “{undone}” — back to “{label}”. {taken_back}".strip(),
            version=req.version,
            event_id=event.id,
        )
        _commit(uow, req)
    return replace(result, version=req.version)


EDITABLE = frozenset(
    {
        *repo.CITATION_COLUMNS,
        "format",
        "need_before",
        "max_cost",
        "lender_reference",
        "call_number",
        "location",
        "note",
        "patron_note",
    }
)


def edit_request(
    uow: UnitOfWork, number: str, changes: Mapping[str, Any], *, expected_version: int
) -> RequestRow:
    """Change fields of a request (validated); refuses if someone else changed it meanwhile."""
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(f"These fields cannot be edited here: {', '.join(sorted(unknown))}.")
    with uow:
        req = _get_for_update(uow, number, expected_version)
        values = {name: _edit_value(name, value) for name, value in changes.items()}
        citation = repo.citation_of(req)
        citation = replace(
            citation, **{k: v for k, v in values.items() if k in repo.CITATION_COLUMNS}
        )
        try:
            citation = clean(citation)
        except CitationError as exc:
            raise InvalidInput(str(exc), exc.field) from exc
        before = {name: getattr(req, name) for name in EDITABLE}
        repo.set_citation(req, citation)
        for name, value in values.items():
            if name not in repo.CITATION_COLUMNS:
                setattr(req, name, value)
        changed = {
            name: [repo.encode_column(before[name]), repo.encode_column(getattr(req, name))]
            for name in EDITABLE
            if before[name] != getattr(req, name)
        }
        if changed:
            req.updated_at = uow.now()
            repo.record_event(
                uow,
                req,
                "edit",
                from_status=req.status,
                to_status=req.status,
                details={"changes": changed},
            )
        row = request_row(req, uow.today())
        _commit(uow, req)
    return replace(row, version=req.version)


def _edit_value(name: str, value: Any) -> Any:
    if name == "format":
        try:
            return Format(value).value
        except ValueError as exc:
            raise InvalidInput(f"“{value}” is not a format.", "format") from exc
    if name == "need_before":
        if value in (None, ""):
            return None
        try:
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        except ValueError as exc:
            raise InvalidInput(f"“{value}” is not a date (YYYY-MM-DD).", name) from exc
    if name == "max_cost":
        if value in (None, ""):
            return None
        try:
            return Decimal(str(value)).quantize(Decimal("0.01"))
        except InvalidOperation as exc:
            raise InvalidInput(f"“{value}” is not an amount.", name) from exc
    return "" if value is None else str(value)


# ---------------------------------------------------------------- looking at requests


def get_detail(uow: UnitOfWork, number: str) -> RequestDetail:
    """Everything about one request, its full history and the actions possible now."""
    with uow:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        state = repo.to_state(req)
        ctx = Context(today=uow.today(), refusal=facilities.refusal_for(uow, req))
        choices = tuple(
            ActionChoice(
                a,
                ACTION_LABELS[a],
                tuple(p.name for p in workflow.params_for(state.direction, a)),
            )
            for a in workflow.allowed_actions(state, ctx)
        )
        return RequestDetail(
            row=request_row(req, uow.today()),
            citation=repo.citation_of(req),
            patron=patron_view(req.patron) if req.patron else None,
            library=library_view(req.library) if req.library else None,
            state=state,
            call_number=req.call_number,
            location=req.location,
            lender_reference=req.lender_reference,
            max_cost=req.max_cost,
            patron_note=req.patron_note,
            source=req.source,
            history=tuple(event_view(e, req.direction) for e in history.history(uow.session, req)),
            actions=choices,
            packages=package_lines(uow.session, [req.id]).get(req.id, ()),
            notices=tuple(notices.history_lines(uow, req.id)),
        )
