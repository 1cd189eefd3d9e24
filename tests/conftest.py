"""Shared fixtures: real SQLite files and a real PostgreSQL database for every integration test.

PostgreSQL: the server at ILLDESK_TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/test)
is asked for a database of this test run's own, migrated once and emptied between tests. When
the server cannot be reached the PostgreSQL tests are skipped, unless ILLDESK_REQUIRE_POSTGRES=1
(set by CI), which turns that into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.store.database import Database, make_engine, open_database
from illdesk.store.schema import Base
from illdesk.store.unit_of_work import Actor, UnitOfWork

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PG_ADMIN_URL = os.environ.get("ILLDESK_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("ILLDESK_REQUIRE_POSTGRES") == "1"

ANN = Actor(None, "Ann Archer", "DESK-1")
BO = Actor(None, "Bo Brandt", "DESK-2")


@pytest.fixture(autouse=True)
def _private_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep every test away from the real user's settings and workspace."""
    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ILLDESK_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("ILLDESK_DATA_DIR", str(base / "data"))


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite database file, copied for each test."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    db = open_database(f"sqlite:///{path}", create=True)
    db.dispose()
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    target = tmp_path / "desk.sqlite"
    shutil.copyfile(sqlite_template, target)
    return f"sqlite:///{target}"


def _pg_unavailable(reason: str) -> None:
    if REQUIRE_PG:
        pytest.fail(f"PostgreSQL is required here (ILLDESK_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(f"PostgreSQL not available: {reason}")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Callable[[], str]]:
    """A factory of fresh, empty PostgreSQL databases on the real server (dropped at the end)."""
    admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    made: list[str] = []
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except sa.exc.OperationalError as exc:
        admin.dispose()
        _pg_unavailable(str(exc).splitlines()[0])

    def new_database() -> str:
        name = f"illdesk_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
        made.append(name)
        return str(sa.make_url(PG_ADMIN_URL).set(database=name).render_as_string(False))

    yield new_database
    with admin.connect() as conn:
        for name in made:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


@pytest.fixture(scope="session")
def pg_migrated(pg_server: Callable[[], str]) -> str:
    """One migrated PostgreSQL database shared by the run, emptied before each test."""
    url = pg_server()
    open_database(url, create=True).dispose()
    return url


@pytest.fixture
def pg_url(pg_migrated: str) -> str:
    engine = make_engine(pg_migrated)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    engine.dispose()
    return pg_migrated


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """The same test against a real SQLite file and the real PostgreSQL server."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def db(db_url: str) -> Iterator[Database]:
    database = open_database(db_url)
    yield database
    database.dispose()


class Clock:
    """A clock tests can move: every unit of work made with it reads the same time."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))


@pytest.fixture
def uow(db: Database, clock: Clock) -> Callable[..., UnitOfWork]:
    """Make units of work: `uow()` as Ann at DESK-1, `uow(BO)` as Bo at DESK-2."""

    def make(actor: Actor = ANN, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(db, actor, clock, read_only=read_only)

    return make
