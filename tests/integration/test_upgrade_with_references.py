"""A workspace with data upgrades even when a migration rebuilds a table other rows point at.

On SQLite, Alembic changes a table by copying it, dropping the old one and renaming the copy;
with foreign keys enforced, dropping a table that patrons point at (a correctional facility)
was refused and the workspace could not be opened. The references are still checked: one left
broken by a migration stops the upgrade, with nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from illdesk.store.database import DatabaseError, head_revision, make_engine, upgrade

BEFORE_FACILITY_LIBRARY = "0024_refunds"  # the last revision before facilities were rebuilt


def _filler(column: dict[str, Any]) -> Any:
    kind = str(column["type"]).upper()
    if any(word in kind for word in ("INT", "BOOL", "NUMERIC", "DECIMAL")):
        return 0
    if "DATETIME" in kind or "TIMESTAMP" in kind:
        return "2026-01-01 00:00:00"
    if "DATE" in kind:
        return "2026-01-01"
    if "JSON" in kind:
        return "{}"
    return "x"


def _insert(conn: sa.Connection, table: str, **values: Any) -> int:
    """A row holding `values`, every other required column given a plain value."""
    for column in sa.inspect(conn).get_columns(table):
        needed = not column["nullable"] and column["default"] is None
        if needed and column["name"] not in values and column["name"] != "id":
            values[column["name"]] = _filler(column)
    names = ", ".join(values)
    marks = ", ".join(f":{name}" for name in values)
    conn.execute(sa.text(f"INSERT INTO {table} ({names}) VALUES ({marks})"), values)
    return int(conn.execute(sa.text("SELECT max(id) FROM " + table)).scalar_one())


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace left by the version before, with a patron inside a facility."""
    path = tmp_path / "workspace.sqlite"
    engine = make_engine(f"sqlite:///{path}", create=True)
    upgrade(engine, BEFORE_FACILITY_LIBRARY)
    with engine.begin() as conn:
        facility = _insert(conn, "facilities", code="ACF", name="Attica")
        _insert(conn, "patrons", card_barcode="21234000012347", facility_id=facility)
    engine.dispose()
    return path


def test_a_workspace_whose_patrons_point_at_a_facility_upgrades(workspace: Path) -> None:
    engine = make_engine(f"sqlite:///{workspace}")
    upgrade(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one() == (
            head_revision()
        )
        kept = conn.execute(sa.text("SELECT facility_id FROM patrons")).scalar_one()
        assert kept == conn.execute(sa.text("SELECT id FROM facilities")).scalar_one()
        # Enforcement is back on for the desk's work afterwards.
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    engine.dispose()


def test_a_reference_left_broken_stops_the_upgrade_with_nothing_changed(
    workspace: Path,
) -> None:
    engine = make_engine(f"sqlite:///{workspace}")
    with engine.connect() as conn:  # damage of the kind a faulty migration would leave
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # outside a transaction, where it counts
        conn.execute(sa.text("UPDATE patrons SET facility_id = 999"))
        conn.commit()
    with pytest.raises(DatabaseError, match="point at facilities rows that are not there"):
        upgrade(engine)
    with engine.connect() as conn:
        version = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        assert version == BEFORE_FACILITY_LIBRARY
    engine.dispose()
