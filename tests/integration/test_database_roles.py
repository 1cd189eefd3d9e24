"""The two database roles of the admin guide, made with the guide's own SQL on the real
PostgreSQL server: the administrator's role creates the tables, the desks' role does the day's
work (reads, writes, LISTEN) and cannot change the schema."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.store.database import SchemaChangeRefused, make_engine, open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN, PG_ADMIN_URL
from tests.integration.helpers import borrow, seed_directory

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "admin-guide.md"
CONNECTED = "-- Then connected to the new database"


def guide_sql() -> tuple[list[str], list[str]]:
    """The guide's SQL: the statements for the server, then those in the new database."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("### Two database roles") :]
    block = section[section.index("```sql") + len("```sql") : section.index("```\n", 10)]
    server, database = block.split(CONNECTED)
    return _statements(server), _statements(database.split("\n", 1)[1])


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


@pytest.fixture
def roles(pg_server) -> Iterator[tuple[str, str]]:
    """The guide's two roles and database under names of this run: (admin URL, desk URL)."""
    pg_server()  # skips (or fails when required) without the server
    tag = uuid.uuid4().hex[:8]
    names = {"illdesk_admin": f"ill_admin_{tag}", "illdesk_desk": f"ill_desk_{tag}"}
    dbname = f"ill_roles_{tag}"

    def named(statement: str) -> str:
        for old, new in names.items():
            statement = statement.replace(old, new)
        return re.sub(r"\billdesk\b", dbname, statement)

    server_sql, database_sql = guide_sql()
    superuser = sa.make_url(PG_ADMIN_URL)
    admin = make_engine(superuser).execution_options(isolation_level="AUTOCOMMIT")
    inside = make_engine(superuser.set(database=dbname)).execution_options(
        isolation_level="AUTOCOMMIT"
    )
    try:
        with admin.connect() as conn:
            for statement in server_sql:
                conn.exec_driver_sql(named(statement))
        with inside.connect() as conn:
            for statement in database_sql:
                conn.exec_driver_sql(named(statement))
        inside.dispose()
        yield (
            superuser.set(username=names["illdesk_admin"], database=dbname).render_as_string(False),
            superuser.set(username=names["illdesk_desk"], database=dbname).render_as_string(False),
        )
    finally:
        inside.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            for role in names.values():
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{role}"')
        admin.dispose()


def test_the_desk_role_works_but_cannot_change_the_schema(roles: tuple[str, str]) -> None:
    admin_url, desk_url = roles
    # The desks' role cannot make the tables: set-up is refused in words, nothing made.
    with pytest.raises(SchemaChangeRefused) as refused:
        open_database(desk_url, create=True)
    assert "administrator's role" in str(refused.value)
    open_database(admin_url, create=True).dispose()  # the administrator's role makes them

    desk = open_database(desk_url)
    try:

        def uow(actor=ANN, **kw) -> UnitOfWork:
            return UnitOfWork(desk, actor, **kw)

        seed_directory(uow)
        row = borrow(uow, "Tide Pools of the Pacific")
        requests.perform(uow(), row.number, "approve")
        assert requests.get_detail(uow(read_only=True), row.number).row.status != "new"
        with desk.engine.connect() as conn:
            conn.exec_driver_sql("LISTEN illdesk_changes")  # live refresh works
        refused_sql = [
            "CREATE TABLE mischief (id integer)",
            "ALTER TABLE requests ADD COLUMN mischief text",
            "DROP TABLE events",
            "TRUNCATE requests CASCADE",
            "CREATE INDEX mischief ON requests (title)",
            "ALTER TABLE requests DISABLE TRIGGER ALL",
        ]
        for statement in refused_sql:
            with desk.engine.connect() as conn, pytest.raises(sa.exc.ProgrammingError) as exc:
                conn.exec_driver_sql(statement)
            assert "permission denied" in str(exc.value) or "must be owner" in str(exc.value)
    finally:
        desk.dispose()
