"""Property: whatever sequence of actions a request goes through, from the window or from the
scanning desk, every event's recorded changes replay to the stored row exactly, and undo puts
back every column and the lender string exactly, not only the status.

Real databases: a SQLite file (the full profile) and the PostgreSQL server (a smaller one).
Both directions, lender groups with their own due-date buffers, closed days, and charges.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from illdesk.core import state_codec
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.core.workflow import (
    Action,
    ParamKind,
    RequestState,
    allowed_actions,
    params_for,
)
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.desk.scan import DeskMode, DeskState, handle_scan, undo_last_scan
from illdesk.services.errors import ServiceError
from illdesk.store import request_history
from illdesk.store import requests as repo
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Event, Library, Request, RotaEntry
from tests.integration.helpers import CARD, seed_directory

SYMBOLS = ("ORE", "WAU", "MSU")  # consortium (charge 0), national (15.00), national
# Columns that say when and how often a row was written, not what it holds: an undo writes
# the row again, so they move on. (When the status began is restored by undo and checked.)
BOOKKEEPING = frozenset({"version", "updated_at"})
EXAMPLES = {"sqlite": 30, "postgresql": 8}
START = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
ENDINGS = frozenset(
    {
        Action.CANCEL,
        Action.UNFILL,
        Action.PURCHASE,
        Action.MARK_LOST,
        Action.CONDITIONS_REJECTED,
        Action.LENDER_UNFILLED,
        Action.NO_ANSWER,
    }
)


@pytest.fixture
def desk(uow, db) -> Any:
    """A directory, group buffers that differ from the default, and closed days."""
    seed_directory(uow)
    with uow() as work:
        current = library_settings.load(work)
        library_settings.save(
            work,
            replace(
                current,
                default_buffer_days=7,
                group_buffer_days={"consortium": 3, "national": 10},
            ),
        )
        today = work.today()
        library_settings.add_closed_days(
            work, [today + timedelta(days=d) for d in (5, 19, 20, 33, 40)], "Closed"
        )
        work.commit()
    return uow


def _new_request(uow, direction: Direction, service: Service, lenders: tuple[str, ...]) -> str:
    loan = service is Service.LOAN
    citation = (
        Citation(title="Rivers of the Columbia")
        if loan
        else Citation(journal_title="Northwest Review", article_title="Salmon runs")
    )
    new = NewRequest(
        direction,
        service,
        Format.BOOK if loan else Format.ARTICLE,
        citation,
        patron_card=CARD if direction is Direction.BORROWING else "",
        library_symbol=lenders[0] if direction is Direction.LENDING else "",
        lenders=lenders if direction is Direction.BORROWING else (),
        allow_duplicate=True,
    )
    return create_request(uow(), new).number


def _param(kind: ParamKind, today: date, data: st.DataObject) -> Any:
    if kind is ParamKind.DATE:
        return today + timedelta(days=data.draw(st.integers(-5, 60)))
    if kind is ParamKind.REASON_UNFILLED:
        return data.draw(st.sampled_from(["NotOnShelf", "InUseOnLoan", "NotOwned"]))
    if kind is ParamKind.CANCEL_REASON:
        return data.draw(st.sampled_from(["patron_request", "duplicate", "other"]))
    if kind is ParamKind.COPYRIGHT:
        return data.draw(st.sampled_from(["ccg", "ccl"]))
    if kind is ParamKind.LENDERS:
        return data.draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=3))
    return data.draw(st.sampled_from(["", "Library use only", "Ṁixed ünïcode 書"]))


def _snapshot(uow, number: str) -> dict[str, Any]:
    """Every stored column of the request but the bookkeeping ones, its lender string, and
    its patron notices."""
    with uow(read_only=True) as work:
        table = Request.__table__
        row = work.session.execute(sa.select(table).where(table.c.number == number)).one()
        columns = {k: v for k, v in row._mapping.items() if k not in BOOKKEEPING}
        rota = work.session.execute(
            sa.select(RotaEntry.position, RotaEntry.symbol, RotaEntry.answer)
            .add_columns(RotaEntry.reason, RotaEntry.note)
            .where(RotaEntry.request_id == row.id)
            .order_by(RotaEntry.position)
        ).all()
        notices = work.session.execute(
            sa.select(Notice.kind, Notice.status).where(
                Notice.request_id == row.id, Notice.status == "queued"
            )
        ).all()
    return {"columns": columns, "rota": [tuple(r) for r in rota], "notices": sorted(notices)}


def _check_replay(uow, number: str) -> None:
    """Every event's recorded changes, applied in order from the creation state, give the
    stored state exactly; each change starts where the previous one left the field; a
    borrowing request is grouped by the lender asked last."""
    with uow(read_only=True) as work:
        req = repo.by_number(work.session, number)
        assert req is not None
        events = request_history.history(work.session, req)
        assert events[0].action == "create"
        state = state_codec.decode_state(events[0].details["state"])
        for event in events[1:]:
            changes = state_codec.decode_changes(event.details.get("changes", {}))
            for name, (old, new) in changes.items():
                assert getattr(state, name) == old, (event.action, name)
                state = replace(state, **{name: new})
        stored = repo.to_state(req)
        assert state == stored, [
            n for n in stored.__dataclass_fields__ if getattr(state, n) != getattr(stored, n)
        ]
        if stored.direction is Direction.BORROWING:
            current = stored.current_lender
            library = work.session.get(Library, req.library_id) if req.library_id else None
            assert (library.symbol if library else None) == (current.symbol if current else None)


def _last_event_id(uow, number: str) -> int | None:
    with uow(read_only=True) as work:
        req = repo.by_number(work.session, number)
        assert req is not None
        return work.session.execute(
            sa.select(sa.func.max(Event.id)).where(Event.request_id == req.id)
        ).scalar()


def _act(uow, number: str, data: st.DataObject) -> bool:
    """One random allowed action, from the window or as a scan; True when it wrote one."""
    with uow(read_only=True) as work:
        req = repo.by_number(work.session, number)
        assert req is not None
        state: RequestState = repo.to_state(req)
        today = work.today()
    choices = allowed_actions(state)
    if not choices:
        return False
    before = _last_event_id(uow, number)
    if data.draw(st.booleans(), label="scan"):
        mode = data.draw(st.sampled_from([DeskMode.SMART, DeskMode.SMART, *DeskMode]), label="mode")
        desk = DeskState(
            mode,
            patron_card=CARD if mode is DeskMode.CHECK_OUT else "",
            patron_name="Jo Müller",
            not_found_reason=data.draw(st.sampled_from(["", "NotOnShelf"]), label="reason"),
        )
        handle_scan(uow(), number, desk)
    else:
        # Mostly actions that move the request on, so that lives reach the desk's actions,
        # renewals and returns before a cancel or a loss ends them.
        onward = [a for a in choices if a not in ENDINGS]
        pool = onward if onward and data.draw(st.integers(0, 4), label="end") else choices
        action: Action = data.draw(st.sampled_from(pool), label="action")
        params = {
            p.name: _param(p.kind, today, data)
            for p in params_for(state.direction, action)
            if p.required or data.draw(st.booleans())
        }
        try:
            requests.perform(uow(), number, action, params)
        except ServiceError:
            return False  # refused, with nothing written (the next check reads it all)
    return _last_event_id(uow, number) != before


def _undo(uow, number: str, by_scan: bool, event_id: int | None) -> None:
    if by_scan:
        result, _ = undo_last_scan(uow(), DeskState(last_number=number, last_event_id=event_id))
        assert result.action == "undo", result
    else:
        requests.undo_last(uow(), number)


def _life(uow, data: st.DataObject, clock: Any = None) -> None:
    if clock is not None:
        clock.at = START  # each life starts on the same day; time moves on with every step
    direction = data.draw(st.sampled_from(list(Direction)), label="direction")
    service = data.draw(st.sampled_from(list(Service)), label="service")
    lenders = tuple(
        data.draw(st.lists(st.sampled_from(SYMBOLS), min_size=1, max_size=3, unique=True))
    )
    number = _new_request(uow, direction, service, lenders)
    for _step in range(data.draw(st.integers(6, 18), label="steps")):
        before = _snapshot(uow, number)
        _tick(clock)
        wrote = _act(uow, number, data)
        _check_replay(uow, number)
        if not wrote:
            assert _snapshot(uow, number) == before, "a refused action wrote something"
            continue
        if data.draw(st.booleans(), label="undo"):
            _tick(clock)  # undo comes later than the action: times must be restored, not kept
            _undo(uow, number, data.draw(st.booleans()), _last_event_id(uow, number))
            assert _snapshot(uow, number) == before, "undo left something behind"
            _check_replay(uow, number)


def _tick(clock: Any) -> None:
    if clock is not None:
        clock.at += timedelta(minutes=3)


def test_events_replay_and_undo_restores_every_column(desk, db_url, clock) -> None:
    kind = "postgresql" if db_url.startswith("postgresql") else "sqlite"

    @given(data=st.data())
    @settings(
        max_examples=EXAMPLES[kind],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        database=None,
    )
    def lives(data: st.DataObject) -> None:
        _life(desk, data, clock)

    lives()
