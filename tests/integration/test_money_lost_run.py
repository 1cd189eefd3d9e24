"""The daily lost declaration on SQLite and PostgreSQL: what the money rules call lost is
declared lost with its charges (undoable on the request); a "claims returned" waits for the
search period; a dry run changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from illdesk.services.desk import requests
from illdesk.services.errors import InvalidInput
from illdesk.services.money import accounts, lost_run
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow, clock):
    clock.at = datetime(2026, 1, 5, 10, tzinfo=UTC)
    seed_directory(uow)


def checked_out(uow, title: str) -> tuple[str, date]:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    due = requests.get_detail(uow(), row.number).row.patron_due_date
    assert due is not None
    return row.number, due


def status_of(uow, number: str) -> str:
    return requests.get_detail(uow(), number).row.status


def test_the_rules_declare_lost_with_charges_and_claims_returned_waits(uow, clock) -> None:
    late, due = checked_out(uow, "Late")
    claimed, _due = checked_out(uow, "Claimed")
    travelling = borrow(uow, "Never came", allow_duplicate=True).number
    for action in ("approve", "send", "lender_shipped"):
        requests.perform(uow(), travelling, action)
    lent = lend(uow).number
    for action in ("accept", "print_pull_slip", "found"):
        requests.perform(uow(), lent, action)
    requests.perform(uow(), lent, "ship", {"due_date": due})
    # The patron says "Claimed" is back, 100 days after its due date.
    clock.at = datetime.combine(due + timedelta(days=100), datetime.min.time(), UTC)
    assert "not billed before 90 days" in lost_run.claim_returned(uow(), claimed, "At the desk")
    with pytest.raises(InvalidInput, match="not checked out"):
        lost_run.claim_returned(uow(), travelling)
    on_time, _due = checked_out(uow, "Newer")  # checked out 100 days later: not overdue yet
    # 121 days after the due date: over 120 days overdue (borrowing), 42 (lending), 45 in transit.
    today = due + timedelta(days=121)
    clock.at = datetime.combine(today, datetime.min.time(), UTC) + timedelta(hours=9)
    dry = lost_run.declare_lost(uow, dry_run=True)
    assert sorted(d.number for d in dry) == sorted([late, travelling, lent])
    assert not any(d.done for d in dry) and status_of(uow, late) == "checked_out"
    done = {d.number: d for d in lost_run.declare_lost(uow)}
    assert set(done) == {late, travelling, lent} and all(d.done for d in done.values())
    assert "121 days overdue from the patron" in done[late].reason
    assert "in transit from the lender" in done[travelling].reason
    assert "overdue from the borrowing library" in done[lent].reason
    assert status_of(uow, late) == "lost" and status_of(uow, on_time) == "checked_out"
    assert status_of(uow, claimed) == "checked_out"
    # Charged with the declaration: two borrowed items to the patron, one lent to WAU.
    assert accounts.show_account(uow(), CARD).balance == Decimal("230.00")
    assert accounts.show_account(uow(), "WAU").balance == Decimal("115.00")
    history = requests.get_detail(uow(), late).history
    assert history[-1].action == "mark_lost"
    assert lost_run.declare_lost(uow) == []  # a second run the same day finds nothing new
    # Undo on the request takes the declaration and its charges back.
    requests.undo_last(uow(), late)
    assert accounts.show_account(uow(), CARD).balance == Decimal("115.00")
    # The search period ends 90 days after the claim: then it is billed too.
    clock.at += timedelta(days=70)
    found = {d.number: d for d in lost_run.declare_lost(uow)}
    assert claimed in found and "claimed returned on" in found[claimed].reason
    assert late in found  # undone above, still overdue: declared again


def test_lost_run_on_the_command_line(db_url, uow, clock) -> None:
    from tests.integration.test_cli import illdesk

    late, due = checked_out(uow, "Late")
    db = ("--database", db_url)
    claim = illdesk(*db, "lost", "claims-returned", late, "--note", "Patron says returned")
    assert "claimed returned" in claim.stdout
    day = (due + timedelta(days=121)).isoformat()
    dry = illdesk(*db, "lost", "run", "--dry-run", "--date", day).stdout
    assert "Nothing counts as lost today." in dry  # the claim is searched for 90 days
    later = (due + timedelta(days=600)).isoformat()  # the claim is made today, really
    dry = illdesk(*db, "lost", "run", "--dry-run", "--date", later).stdout
    assert late in dry and "would be declared lost" in dry
    assert status_of(uow, late) == "checked_out"
    bad = illdesk(*db, "lost", "claims-returned", "B-26-999999", check=False)
    assert bad.returncode == 1 and "No request" in bad.stderr and "Traceback" not in bad.stderr


def test_the_desk_declares_lost_by_itself_only_when_turned_on(db, uow, clock, monkeypatch) -> None:
    from illdesk.services.admin import settings as library_settings
    from illdesk.services.session import DeskSession
    from illdesk.store.unit_of_work import Actor

    clock.at = datetime(2025, 3, 3, 10, tzinfo=UTC)  # long before today's real date
    first, _due = checked_out(uow, "First")
    second, _due = checked_out(uow, "Second")
    session = DeskSession.for_actor(db, Actor(None, "Ann Archer", "DESK-1"))
    assert lost_run.desk_lost_run(session) == []  # off by default
    assert status_of(uow, first) == "checked_out"
    with uow() as unit:
        current = library_settings.load(unit)
        library_settings.save(
            unit, library_settings.with_value(current, "money.declare_lost_in_desk", "yes")
        )
        unit.commit()
    monkeypatch.setattr(lost_run, "MOST_PER_DESK_RUN", 1)
    assert [d.number for d in lost_run.desk_lost_run(session)] == [first]  # a portion a run
    assert [d.number for d in lost_run.desk_lost_run(session)] == [second]
    assert lost_run.desk_lost_run(session) == []
    history = requests.get_detail(uow(), first).history
    assert history[-1].action == "mark_lost" and history[-1].staff_name == "ILL Desk"
