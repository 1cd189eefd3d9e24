"""Request use cases against real SQLite and PostgreSQL: events, undo, duplicates, conflicts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from illdesk.core.workflow import Status
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk import requests
from illdesk.services.errors import Conflict, DuplicateRequest, InvalidInput, NotFound
from illdesk.store.database import Database
from illdesk.store.schema import Event
from tests.conftest import BO
from tests.integration.helpers import borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_borrowing_loan_life_writes_one_event_per_change(uow, db: Database, clock) -> None:
    row = borrow(uow)
    assert row.number == "B-26-000001" and row.status == "new"
    steps = [
        ("approve", {}),
        ("send", {}),
        ("lender_unfilled", {"reason": "NotOnShelf"}),
        ("receive", {"temp_barcode": "ILL000001"}),
        ("check_out", {}),
        ("renew_ask", {}),
        ("renew_approved", {"new_due_date": "2026-05-11"}),
        ("patron_return", {}),
        ("return_to_lender", {}),
    ]
    for action, params in steps:
        clock.at += timedelta(hours=5)
        actor_uow = uow(BO) if action == "check_out" else uow()
        requests.perform(actor_uow, row.number, action, params)
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert detail.row.status == Status.COMPLETED.value
    assert [e.action for e in detail.history] == ["create"] + [a for a, _ in steps]
    checkout = next(e for e in detail.history if e.action == "check_out")
    assert (checkout.staff_name, checkout.workstation) == ("Bo Brandt", "DESK-2")
    assert checkout.from_label == "On hold shelf" and checkout.to_label == "Checked out"
    # WAU (42-day loans, national group: 7-day buffer) supplied after ORE said no; it was
    # received on 3 March, so the lender's date is 14 April and the patron's 7 April.
    receive = next(e for e in detail.history if e.action == "receive")
    assert "lender due date: 2026-04-14" in receive.summary
    assert "patron due date: — → 2026-04-07" in receive.summary
    assert detail.rota[0].reason == "NotOnShelf" and detail.library is not None
    assert detail.library.symbol == "WAU"
    assert check_database(uow(read_only=True)).ok


def test_refused_action_changes_nothing_and_says_why(uow, db: Database) -> None:
    row = borrow(uow)
    with pytest.raises(InvalidInput, match="not possible while the request is “New, needs review”"):
        requests.perform(uow(), row.number, "check_out")
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count(Event.id))) == 1


def test_undo_reverses_last_action_then_the_one_before(uow) -> None:
    row = borrow(uow)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    result = requests.undo_last(uow(), row.number)
    assert result.to_status == "ready_to_send" and "undid “Send to next lender”" in result.message
    result = requests.undo_last(uow(), row.number)
    assert result.to_status == "new"
    with pytest.raises(InvalidInput, match="nothing left to undo"):
        requests.undo_last(uow(), row.number)
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert [e.undone for e in detail.history] == [False, True, True, False, False]
    assert all(e.answer.value == "not_asked" for e in detail.rota)
    assert check_database(uow(read_only=True)).ok


def test_duplicate_request_is_caught_unless_confirmed(uow) -> None:
    first = borrow(uow, isbn="0-306-40615-2")
    with pytest.raises(DuplicateRequest) as info:
        borrow(uow, title="Another title, same book", isbn="9780306406157")
    assert info.value.numbers == [first.number]
    second = borrow(uow, isbn="9780306406157", allow_duplicate=True)
    assert second.number == "B-26-000002"


def test_second_workstation_gets_a_conflict_naming_who_changed_it(uow) -> None:
    row = borrow(uow)
    seen = requests.get_detail(uow(read_only=True), row.number).row.version
    requests.perform(uow(BO), row.number, "approve")
    with pytest.raises(Conflict) as info:
        requests.perform(
            uow(), row.number, "cancel", {"reason": "duplicate"}, expected_version=seen
        )
    assert "Bo Brandt" in str(info.value) and "DESK-2" in str(info.value)
    assert info.value.changed_by == "Bo Brandt"
    with pytest.raises(Conflict):
        requests.edit_request(uow(), row.number, {"title": "Changed"}, expected_version=seen)
    assert requests.get_detail(uow(read_only=True), row.number).row.status == "ready_to_send"


def test_edit_validates_and_records_the_change(uow) -> None:
    row = borrow(uow)
    with pytest.raises(InvalidInput, match="not a valid ISBN"):
        requests.edit_request(uow(), row.number, {"isbn": "123"}, expected_version=row.version)
    edited = requests.edit_request(
        uow(),
        row.number,
        {"isbn": "0306406152", "need_before": "2026-06-01"},
        expected_version=row.version,
    )
    assert edited.need_before == date(2026, 6, 1)
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert detail.citation.isbn == "9780306406157"
    assert "isbn: — → 9780306406157" in detail.history[-1].summary
    requests.undo_last(uow(), row.number)
    assert requests.get_detail(uow(read_only=True), row.number).citation.isbn == ""


def test_lending_request_numbers_and_charge_from_terms(uow) -> None:
    row = lend(uow)
    assert row.number == "L-26-000001" and row.library == "WAU"
    requests.perform(uow(), row.number, "accept")
    requests.perform(uow(), row.number, "found", {"item_barcode": "31234000001234"})
    result = requests.perform(uow(), row.number, "ship")
    assert result.to_status == "on_loan"
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert str(detail.charge) == "15.00"
    # WAU borrows for 42 days; 2 March + 42 = 13 April, a Monday (open).
    assert detail.row.lender_due_date == date(2026, 4, 13)


def test_unknown_things_are_reported_plainly(uow) -> None:
    with pytest.raises(NotFound, match="No request has the number B-26-999999"):
        requests.perform(uow(), "B-26-999999", "approve")
    with pytest.raises(InvalidInput, match="patron's card"):
        requests.create_request(
            uow(),
            requests.NewRequest(
                requests.Direction.BORROWING,
                requests.Service.LOAN,
                requests.Format.BOOK,
                requests.Citation(title="X"),
            ),
        )


def test_history_says_reasons_in_words(uow) -> None:
    row = borrow(uow)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    requests.perform(uow(), row.number, "lender_unfilled", {"reason": "PoorCondition"})
    requests.perform(uow(), row.number, "no_answer")
    history = requests.get_detail(uow(read_only=True), row.number).history
    assert "reason: Poor condition" in history[-2].summary
    assert "reason: Poor condition → No answer in time" in history[-1].summary
