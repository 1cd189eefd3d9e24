"""Whose action an undo reverses: the rule the desk window asks, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from illdesk.services.desk import requests
from illdesk.services.desk.undo_scope import is_own_session_event, undo_candidate
from illdesk.services.errors import Conflict
from illdesk.store.unit_of_work import Actor
from tests.conftest import ANN, BO
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_only_my_actions_here_since_the_session_began_are_mine(uow, clock) -> None:
    row = borrow(uow)
    requests.perform(uow(BO), row.number, "approve")  # a colleague, two months ago
    clock.at += timedelta(days=60)
    session_started = clock.at
    candidate = undo_candidate(uow(read_only=True), row.number, session_started)
    assert candidate is not None and not candidate.mine
    assert (candidate.staff_name, candidate.workstation) == ("Bo Brandt", "DESK-2")
    assert "Bo Brandt at DESK-2" in candidate.question() and "Approve" in candidate.question()
    clock.at += timedelta(minutes=1)
    requests.perform(uow(), row.number, "send")
    mine = undo_candidate(uow(read_only=True), row.number, session_started)
    assert mine is not None and mine.mine and mine.event_id != candidate.event_id
    # The same person at another workstation, or before this session, is not "this session".
    elsewhere = Actor(ANN.staff_id, ANN.staff_name, "DESK-9")
    assert not undo_candidate(uow(elsewhere, read_only=True), row.number, session_started).mine
    later = session_started + timedelta(hours=1)
    assert not undo_candidate(uow(read_only=True), row.number, later).mine


def test_an_undo_agreed_to_reverses_that_action_and_no_newer_one(uow, clock) -> None:
    row = borrow(uow)
    requests.perform(uow(BO), row.number, "approve")
    asked = undo_candidate(uow(read_only=True), row.number, clock.at)
    assert asked is not None
    # Meanwhile, Bo sends it: the "yes" given to undo "Approve" must not undo "Send".
    requests.perform(uow(BO), row.number, "send")
    with pytest.raises(Conflict, match="Bo Brandt"):
        requests.undo_last(uow(), row.number, expected_event_id=asked.event_id)
    again = undo_candidate(uow(read_only=True), row.number, clock.at)
    assert again is not None
    result = requests.undo_last(uow(), row.number, expected_event_id=again.event_id)
    assert result.to_status == "ready_to_send"


def test_staff_ids_decide_when_both_events_have_them(clock) -> None:
    me = Actor(7, "Ann Archer", "DESK-1")
    when = clock.at
    common = {"workstation": "DESK-1", "at": when}
    assert is_own_session_event(me, when, staff_id=7, staff_name="A. Archer", **common)
    assert not is_own_session_event(me, when, staff_id=8, staff_name="Ann Archer", **common)
    assert is_own_session_event(
        Actor(None, "Ann Archer", "DESK-1"), when, staff_id=7, staff_name="ann archer", **common
    )
