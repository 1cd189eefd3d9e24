"""Months freeze and patron data is purged by themselves (what the desk window runs every
hour), in ILL Desk's own name, a backlog a portion at a time."""

from __future__ import annotations

import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.services.reports import archive, housekeeping, privacy
from illdesk.services.session import DeskSession
from illdesk.store.schema import Event
from illdesk.store.unit_of_work import Actor
from tests.integration.reports_history import at, make_history


def test_housekeeping_freezes_and_purges_by_itself(db, uow, clock, monkeypatch) -> None:
    made = make_history(uow, clock)  # March and April 2026; today's real date is long after
    clock.at = at(3, 25, 9)
    requests.perform(uow(), made["r5"], "cancel", {"reason": "patron_request"})
    session = DeskSession.for_actor(db, Actor(None, "Ann Archer", "DESK-1"))
    monkeypatch.setattr(housekeeping, "MOST_PER_RUN", 1)
    first = housekeeping.daily_housekeeping(session)
    assert first.frozen[:2] == ("2026-03", "2026-04")
    assert first.purged.requests == 1  # a backlog is taken a portion at a time
    frozen = archive.month_report(uow(read_only=True), "2026-03")
    assert frozen.automatic and frozen.figures.value("borrowing.requests") == 5
    second = housekeeping.daily_housekeeping(session)
    assert second.frozen == () and second.purged.requests >= 1
    monkeypatch.setattr(housekeeping, "MOST_PER_RUN", 5000)
    housekeeping.daily_housekeeping(session)
    last = housekeeping.daily_housekeeping(session)
    assert last.frozen == () and last.purged.requests == 0  # nothing left to do
    with db.engine.connect() as conn:
        names = set(conn.scalars(sa.select(Event.staff_name).where(Event.action == "purge")))
    assert names == {"ILL Desk"}  # done in ILL Desk's name, not the signed-in person's
    runs = privacy.purge_runs(uow(read_only=True))
    assert [run.ran_by for run in runs] == ["ILL Desk"] * 2  # the two runs that removed something
    assert sum(run.requests for run in runs) == 2
