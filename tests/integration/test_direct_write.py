"""The scan path's direct write: an action that changes only the request's own columns is
stored with one UPDATE and one INSERT, version-checked, exactly as the ORM would store it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.core.workflow import Action
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk import requests
from illdesk.store import request_writer as writer
from illdesk.store import requests as repo
from illdesk.store.database import Database
from illdesk.store.schema import Event, Request
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


@contextmanager
def writes(db: Database) -> Iterator[list[str]]:
    """The INSERT, UPDATE and DELETE statements sent to the database meanwhile."""
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args) -> None:
        verb = statement.lstrip().split(None, 1)[0].upper()
        if verb in {"INSERT", "UPDATE", "DELETE"}:
            seen.append(" ".join(statement.split()[:3]))

    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)


def test_a_status_change_is_one_update_and_one_event(uow, db: Database) -> None:
    row = borrow(uow)
    with writes(db) as seen:
        result = requests.perform(uow(), row.number, "approve")
    assert seen == ["UPDATE requests SET", "INSERT INTO events"]
    assert result.version == row.version + 1
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert (detail.row.status, detail.row.version) == ("ready_to_send", row.version + 1)
    last = detail.history[-1]
    assert (last.action, last.staff_name) == ("approve", "Ann Archer")
    with uow(read_only=True) as work:
        event = work.session.get(Event, result.event_id)
        assert event is not None
        assert (event.from_status, event.to_status) == ("new", "ready_to_send")
        stored = work.session.scalars(sa.select(Request).where(Request.number == row.number)).one()
        assert stored.status_since == stored.updated_at == event.at
    assert check_database(uow(read_only=True)).ok


def test_a_change_to_the_lender_string_goes_through_the_orm(uow, db: Database) -> None:
    row = borrow(uow)  # asks ORE, then WAU
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    with writes(db) as seen:
        requests.perform(uow(), row.number, "lender_unfilled", {"reason": "NotOnShelf"})
    assert "UPDATE rota_entries SET" in seen and "INSERT INTO events" in seen
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert detail.row.library == "WAU"  # the request follows the next lender
    assert check_database(uow(read_only=True)).ok


def test_a_request_changed_underneath_is_refused_and_nothing_is_written(uow) -> None:
    row = borrow(uow)
    work = uow()
    with work:
        req = repo.by_number(work.session, row.number, for_update=True)
        assert req is not None
        # Someone else's change, as far as this loaded copy can tell.
        table = Request.__table__
        work.session.execute(
            sa.update(table).where(table.c.id == req.id).values(version=req.version + 1)
        )
        context = requests.action_context(work, req, {})
        with pytest.raises(StaleDataError):
            writer.perform(work, req, Action.APPROVE, context)
        work.session.rollback()
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert (detail.row.status, detail.row.version) == ("new", row.version)
    assert [e.action for e in detail.history] == ["create"]


def _scan_life(uow, *, by_scan: bool) -> tuple[list[str], list[dict]]:
    """Receive, check out and return one loan, by scans at the desk or by the window's
    actions; what the desk said (scans only) and what was stored."""
    from illdesk.services.desk import scan
    from tests.integration.helpers import CARD

    number = borrow(uow, "Timber", allow_duplicate=True).number
    requests.perform(uow(), number, "approve")
    requests.perform(uow(), number, "send")
    said = []
    if by_scan:
        for state in (
            scan.DeskState(),
            scan.DeskState(scan.DeskMode.CHECK_OUT, patron_card=CARD, patron_name="Jo"),
            scan.DeskState(),
            scan.DeskState(),  # returned already: nothing more in Smart mode
        ):
            result, _ = scan.handle_scan(uow(), number, state)
            said.append(result.headline.replace(number, "N"))
    else:
        requests.perform(uow(), number, "receive", {"temp_barcode": number})
        requests.perform(uow(), number, "check_out")
        requests.perform(uow(), number, "patron_return")
    detail = requests.get_detail(uow(read_only=True), number)
    events: list[dict] = [
        {
            "action": e.action,
            "from": e.from_status,
            "to": e.to_status,
            "summary": e.summary.replace(number, "N"),
        }
        for e in detail.history
    ]
    # What is stored, read back: the lender string's answers, the dates, our barcode.
    events.append(
        {
            "rota": [(e.symbol, e.answer.value) for e in detail.rota],
            "dates": (detail.row.lender_due_date, detail.row.patron_due_date),
            "barcode": detail.temp_barcode.replace(number, "N"),
            "status": detail.row.status,
            "library": detail.row.library,
        }
    )
    return said, events


def test_scans_store_what_the_windows_actions_store(uow) -> None:
    """One writer: the desk's scans and the window's actions store the same thing."""
    said, by_scan = _scan_life(uow, by_scan=True)
    _nothing, by_window = _scan_life(uow, by_scan=False)
    assert by_scan == by_window
    assert said == ["Received", "Checked out", "Returned by patron", "N: no change"]
