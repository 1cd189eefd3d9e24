"""Migrations make and upgrade real databases; the mapping and the migrations agree."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from illdesk.core.address import PostalAddress
from illdesk.services.desk import queues
from illdesk.services.directory import entries as directory
from illdesk.store.database import (
    DatabaseError,
    UpgradeNeeded,
    _alembic_config,
    head_revision,
    make_engine,
    migration_state,
    open_database,
    upgrade,
)
from illdesk.store.schema import Base
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import (
    OLD_REQUEST_NUMBER,
    borrow,
    make_old_workspace,
    seed_directory,
)


def _ignore_search_objects(obj, name, type_, reflected, compare_to):
    # The keyword index is made by migration 0002 for each back end and is not mapped; so are
    # the upper(barcode) expression indexes of migration 0009.
    return not (name or "").startswith(
        (
            "request_search",
            "ix_requests_search_text_fts",
            "ix_requests_upper_",
            "ix_patrons_upper_",
        )
    )


# SQLite's reflection cannot read expression indexes (migration 0009's); they are not mapped.
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_mapping_and_migrations_agree(db_url: str) -> None:
    db = open_database(db_url)
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": _ignore_search_objects}
        )
        assert compare_metadata(context, Base.metadata) == []
    db.dispose()


def test_old_sqlite_file_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite"
    url = f"sqlite:///{path}"
    make_old_workspace(path)
    assert migration_state(make_engine(url)).current == "0001"
    db = open_database(url)
    backups = list(tmp_path.glob("old.backup-rev0001-*.sqlite"))
    assert len(backups) == 1
    assert migration_state(db.engine).current == head_revision()
    found = queues.search(UnitOfWork(db, ANN, read_only=True), "glaciers")
    assert [r.number for r in found] == [OLD_REQUEST_NUMBER]
    db.dispose()
    with make_engine(f"sqlite:///{backups[0]}").connect() as conn:
        assert conn.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0001"


def test_old_shared_database_waits_for_a_yes(pg_server) -> None:
    url = pg_server()
    engine = make_engine(url)
    upgrade(engine, "0001")
    engine.dispose()
    with pytest.raises(UpgradeNeeded, match="illdesk db upgrade") as info:
        open_database(url, confirm_upgrade=lambda message: False)
    assert info.value.current == "0001"
    asked: list[str] = []
    db = open_database(url, confirm_upgrade=lambda message: asked.append(message) or True)
    assert "Every workstation" in asked[0]
    assert migration_state(db.engine).up_to_date
    db.dispose()


def test_database_from_a_newer_ill_desk_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.sqlite'}"
    open_database(url, create=True).dispose()
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(DatabaseError, match="newer ILL Desk"):
        open_database(url)


def test_sqlite_runs_wal_with_foreign_keys_and_full_sync(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    db.dispose()


def test_acknowledged_action_is_on_disk_for_another_connection(sqlite_url: str, clock) -> None:
    import sqlite3

    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    row = borrow(uow)
    # A second, plain sqlite3 connection (as another process would) sees it at once.
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as other:
        assert other.execute(
            "SELECT status FROM requests WHERE number = ?", (row.number,)
        ).fetchone() == ("new",)
        assert other.execute("SELECT count(*) FROM events").fetchone() == (1,)
    db.dispose()


def test_unreachable_server_gives_words_not_a_traceback() -> None:
    with pytest.raises(DatabaseError, match="cannot be reached"):
        open_database("postgresql://nobody@127.0.0.1:1/none")


def test_log_is_checkpointed_off_the_commit_path(sqlite_url: str, clock) -> None:
    db = open_database(sqlite_url)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    for i in range(5):
        borrow(uow, f"Checkpoint {i}", allow_duplicate=True)
    wal = Path(sqlite_url.removeprefix("sqlite:///") + "-wal")
    assert wal.stat().st_size > 0  # the commits went to the log only
    assert db._checkpointer is not None
    db._checkpointer.checkpoint()
    with db.engine.connect() as conn:
        busy, frames, copied = conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").one()
    assert busy == 0 and frames == copied  # everything in the log is in the file now
    db.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A brand-new, empty database (no tables at all) on each back end."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    return str(request.getfixturevalue("pg_server")())


def test_patrons_from_before_mailing_addresses_upgrade_with_none(empty_url: str, clock) -> None:
    engine = make_engine(empty_url, create=True)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO patrons (card_barcode, surname, given_name, email, phone,"
                " patron_type, department, pickup_location, status, note, created_at, version)"
                " VALUES ('21234000012347', 'Müller', 'Jo', '', '', 'student', '', 'Main',"
                " 'active', '', :at, 3)"
            ),
            {"at": clock.at},
        )
    upgrade(engine)
    with engine.connect() as conn:
        assert migration_state(engine).current == head_revision()
        row = conn.execute(
            sa.text(
                "SELECT mail_street, mail_street2, mail_city, mail_region, mail_postal_code,"
                " mail_country, version FROM patrons"
            )
        ).one()
    assert tuple(row) == ("", "", "", "", "", "US", 3)
    engine.dispose()
    db = open_database(empty_url)
    patron = directory.find_patron(UnitOfWork(db, ANN, clock, read_only=True), "21234000012347")
    assert patron.address == PostalAddress() and patron.surname == "Müller"
    # The upgraded patron takes an address like any other.
    home = PostalAddress(street="4 Pier Rd", city="Astoria", region="OR", postal_code="97103")
    saved = directory.save_patron(
        UnitOfWork(db, ANN, clock),
        directory.PatronInput("21234000012347", "Müller", "Jo", address=home),
        patron_id=patron.id,
        expected_version=patron.version,
    )
    assert saved.address == home and saved.version == 4
    db.dispose()
    # And 0007 can be taken back down.
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        command.downgrade(_alembic_config(conn), "0006")
        conn.commit()
        columns = {column["name"] for column in sa.inspect(conn).get_columns("patrons")}
    engine.dispose()
    assert "surname" in columns and not [name for name in columns if name.startswith("mail_")]
