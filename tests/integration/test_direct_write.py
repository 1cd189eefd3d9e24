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
            repo.perform(work, req, Action.APPROVE, context)
        work.session.rollback()
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert (detail.row.status, detail.row.version) == ("new", row.version)
    assert [e.action for e in detail.history] == ["create"]


def _scan_life(
    uow, monkeypatch, *, fast: bool, lanes: list[bool] | None = None
) -> tuple[list[tuple], list[dict]]:
    """Receive, check out and return one loan by scans; what the desk said, and the events.
    `lanes` collects, scan by scan, whether the fast lane did it."""
    from illdesk.services.desk import scan
    from tests.integration.helpers import CARD

    real = scan._act_on_record

    def spy(*args):
        outcome = real(*args) if fast else None
        if lanes is not None:
            lanes.append(outcome is not None)
        return outcome

    monkeypatch.setattr(scan, "_act_on_record", spy)
    number = borrow(uow, "Timber", allow_duplicate=True).number
    requests.perform(uow(), number, "approve")
    requests.perform(uow(), number, "send")
    said = []
    for code, state in (
        (number, scan.DeskState()),
        (number, scan.DeskState(scan.DeskMode.CHECK_OUT, patron_card=CARD, patron_name="Jo")),
        (number, scan.DeskState()),
        (number, scan.DeskState()),  # returned already: nothing more in Smart mode
    ):
        result, _ = scan.handle_scan(uow(), code, state)
        said.append(
            tuple(
                str(part).replace(number, "N")
                for part in (
                    result.level,
                    result.headline,
                    result.detail,
                    result.next_step,
                    result.title,
                    result.party,
                    result.action,
                )
            )
        )
    detail = requests.get_detail(uow(read_only=True), number)
    events = [
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
        }
    )
    monkeypatch.undo()
    return said, events


def test_the_scan_fast_lane_says_and_stores_what_the_orm_path_does(uow, monkeypatch) -> None:
    slow = _scan_life(uow, monkeypatch, fast=False)
    lanes: list[bool] = []
    fast = _scan_life(uow, monkeypatch, fast=True, lanes=lanes)
    assert fast == slow
    assert [s[1] for s in fast[0]] == [
        "Received",
        "Checked out",
        "Returned by patron",
        "N: no change",
    ]
    # Receiving (due dates from the lender's terms, the lender's answer, a notice), checking
    # out and the return take the fast lane; a scan that changes nothing is left to the ORM
    # path, which explains it.
    assert lanes == [True, True, True, False]
