"""SQLite and PostgreSQL give the same figures: the same history written to a SQLite file
and to the PostgreSQL server, every figure of every month, every breakdown and a survey
compared side by side."""

from __future__ import annotations

from datetime import UTC, date, datetime

from illdesk.services.reports import counting, figures, surveys
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN, Clock
from tests.integration.reports_history import make_history


def _everything(url: str) -> dict[str, object]:
    db = open_database(url)
    clock = Clock(datetime(2026, 3, 2, 15, tzinfo=UTC))
    make_history(lambda actor=ANN, **k: UnitOfWork(db, actor, clock, **k), clock)
    clock.at = datetime(2026, 7, 20, tzinfo=UTC)

    def read() -> UnitOfWork:
        return UnitOfWork(db, ANN, clock, read_only=True)

    out: dict[str, object] = {}
    for start, end in ((date(2026, 3, 1), date(2026, 4, 1)), (date(2026, 4, 1), date(2026, 5, 1)),
                       (date(2026, 3, 10), date(2026, 3, 21))):  # fmt: skip
        out[f"{start}"] = figures.compute(read(), start, end).as_dict()
        for by in counting.DIMENSION_NAMES:
            split = figures.breakdown(read(), start, end, by)
            out[f"{start} by {by}"] = split.rows
    out["acrl"] = surveys.answer(read, "acrl", 2026).rows
    db.dispose()
    return out


def test_sqlite_and_postgresql_give_the_same_figures(sqlite_url: str, pg_url: str) -> None:
    on_sqlite = _everything(sqlite_url)
    on_postgresql = _everything(pg_url)
    assert on_sqlite.keys() == on_postgresql.keys()
    for key, value in on_sqlite.items():
        assert value == on_postgresql[key], key
    march = on_sqlite["2026-03-01"]
    assert isinstance(march, dict) and march["borrowing.requests"] == 5  # not both empty
