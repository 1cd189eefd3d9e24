"""The one writer's batch for actions that change no status (the purge): version-checked
like every other write; a request changed meanwhile refuses the whole batch."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from illdesk.store.request_writer import QuietWrite, write_quiet_actions
from illdesk.store.schema import Event, Request
from tests.integration.helpers import borrow, seed_directory


def _writes(uow, numbers: list[str], stale: str = "") -> list[QuietWrite]:
    with uow(read_only=True) as reading:
        rows = reading.session.execute(
            sa.select(Request.id, Request.number, Request.version, Request.status).where(
                Request.number.in_(numbers)
            )
        ).all()
    return [
        QuietWrite(rid, version - (number == stale), status, {"patron_note": ""}, {"purged": ["x"]})
        for rid, number, version, status in rows
    ]


def test_a_batch_writes_every_event_or_none(uow) -> None:
    seed_directory(uow)
    numbers = [borrow(uow, f"Title {i}").number for i in range(3)]
    stale = _writes(uow, numbers, stale=numbers[1])
    with pytest.raises(StaleDataError), uow() as writing:
        write_quiet_actions(writing, "purge", stale)
        writing.commit()
    with uow(read_only=True) as reading:
        count = sa.select(sa.func.count()).select_from(Event).where(Event.action == "purge")
        assert reading.session.scalar(count) == 0
    with uow() as writing:
        write_quiet_actions(writing, "purge", _writes(uow, numbers))
        writing.commit()
    with uow(read_only=True) as reading:
        assert reading.session.scalar(count) == 3
