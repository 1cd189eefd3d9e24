"""Checks that the database is sound: SQL integrity, migrations, and every event log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from illdesk.core import state_codec
from illdesk.core.replay import RecordedEvent, ReplayError, replay
from illdesk.store import request_history
from illdesk.store import requests as repo
from illdesk.store.database import migration_state
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `illdesk db check` found."""

    revision: str | None
    head: str
    requests_checked: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and self.revision == self.head


def recorded_events(events: list[Event]) -> Iterator[RecordedEvent]:
    """Events in the form replay needs."""
    for e in events:
        details = e.details or {}
        today = details.get("today")
        yield RecordedEvent(
            id=e.id,
            action=e.action,
            changes=state_codec.decode_changes(details.get("changes", {})),
            params=state_codec.decode_params(details.get("params", {})),
            today=date.fromisoformat(today) if today else None,
        )


def replay_request(uow: UnitOfWork, req: Request) -> str | None:
    """None when the request's event log replays to its stored state, else the problem."""
    events = request_history.history(uow.session, req)
    start = [e for e in events if e.action in {"create", "import"} and "state" in e.details]
    if not start:
        return f"{req.number}: its history has no creation event."
    first = start[-1]
    initial = state_codec.decode_state(first.details["state"])
    later = [e for e in events if e.id > first.id]
    try:
        final = replay(initial, recorded_events(later))
    except ReplayError as exc:
        return f"{req.number}: {exc}"
    stored = repo.to_state(req)
    if final != stored:
        fields = [n for n in stored.__dataclass_fields__ if getattr(final, n) != getattr(stored, n)]
        return f"{req.number}: the history does not add up to the stored {', '.join(fields)}."
    return None


def check_database(uow: UnitOfWork, *, limit: int | None = None) -> CheckReport:
    """Run SQL integrity checks, read the migration state and replay every request's log."""
    state = migration_state(uow.db.engine)
    problems: list[str] = []
    with uow:
        if uow.db.is_sqlite:
            for (line,) in uow.session.execute(sa.text("PRAGMA integrity_check")):
                if line != "ok":
                    problems.append(f"SQLite integrity: {line}")
            for row in uow.session.execute(sa.text("PRAGMA foreign_key_check")):
                problems.append(f"Broken link in table {row[0]} (row {row[1]})")
        query = sa.select(Request).order_by(Request.id)
        if limit:
            query = query.limit(limit)
        checked = 0
        for req in uow.session.scalars(query):
            checked += 1
            problem = replay_request(uow, req)
            if problem:
                problems.append(problem)
    return CheckReport(state.current, state.head, checked, tuple(problems))
