"""The demo never touches a library's own data: an empty database, or its own with --force.

On a real SQLite file and the real PostgreSQL server. "Nothing changed" is checked by reading
every row of every table before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import sqlalchemy as sa

from illdesk.cli import main
from illdesk.core.address import PostalAddress
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.demo import DemoRefused, DemoSize, make_demo
from illdesk.services.admin.integrity import check_database
from illdesk.services.directory import entries as directory
from illdesk.store.database import Database
from illdesk.store.schema import Base, Library, Request
from illdesk.store.unit_of_work import UnitOfWork
from tests.integration.helpers import borrow, seed_directory

SMALL = DemoSize(libraries=6, patrons=12, requests=40, months=3)


def _every_row(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    with db.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            found = conn.execute(sa.select(table).order_by(*table.primary_key.columns))
            rows[table.name] = [tuple(row) for row in found]
    return rows


def _set_up_as_the_wizard_does(uow: Callable[..., UnitOfWork]) -> None:
    home = library_settings.HomeLibrary(
        name="Eugene Public Library",
        symbol="EUG",
        address=PostalAddress(street="100 W 10th Ave", city="Eugene", region="OR"),
    )
    with uow() as u:
        library_settings.save(u, library_settings.LibrarySettings(home=home))
        u.commit()
    directory.add_staff(uow(), "Dana Whitfield")


def test_a_set_up_library_is_refused_with_or_without_force(
    db: Database, uow: Callable[..., UnitOfWork]
) -> None:
    _set_up_as_the_wizard_does(uow)
    before = _every_row(db)
    for force in (False, True):
        with pytest.raises(DemoRefused) as refused:
            make_demo(db, size=SMALL, force=force)
        words = str(refused.value)
        assert "a staff list and the library's settings" in words
        assert "nothing was changed" in words and "not even with --force" in words
        assert _every_row(db) == before
    with uow(read_only=True) as u:
        assert library_settings.load(u).home.address.city == "Eugene"


def test_a_library_with_requests_is_refused(db: Database, uow: Callable[..., UnitOfWork]) -> None:
    seed_directory(uow)
    borrow(uow)
    before = _every_row(db)
    with pytest.raises(DemoRefused, match="already holds requests, patrons and partner"):
        make_demo(db, size=SMALL, force=True)
    assert _every_row(db) == before


def test_force_replaces_a_demo_workspace_with_a_fresh_one(
    db: Database, uow: Callable[..., UnitOfWork]
) -> None:
    assert make_demo(db, size=SMALL)["requests"] == 40
    before = _every_row(db)
    with pytest.raises(DemoRefused, match=r"already holds .*requests.*demo workspace made on"):
        make_demo(db, size=SMALL)
    assert _every_row(db) == before
    bigger = DemoSize(libraries=7, patrons=15, requests=55, months=3)
    made = make_demo(db, size=bigger, seed=7, force=True)
    assert made == {"libraries": 7, "patrons": 15, "requests": 55, "staff": 4}
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count(Request.id))) == 55
        assert session.scalar(sa.select(sa.func.count(Library.id))) == 7
    assert check_database(UnitOfWork(db, read_only=True)).ok


def test_the_command_line_refuses_and_says_so(
    db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--database", db_url, "settings", "set", "home.name", "Eugene Public Library"]) == 0
    )
    assert main(["--database", db_url, "settings", "set", "home.address.city", "Eugene"]) == 0
    capsys.readouterr()
    assert main(["--database", db_url, "demo", "--requests", "40", "--patrons", "12"]) == 1
    said = capsys.readouterr().err
    assert "already holds the library's settings" in said and "nothing was changed" in said
    assert main(["--database", db_url, "demo", "--force", "--requests", "40"]) == 1
    assert main(["--database", db_url, "settings", "show"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert "home.name = Eugene Public Library" in shown
    assert "home.address.city = Eugene" in shown
    assert main(["--database", db_url, "queue", "list"]) == 0
    assert all(line.split()[-1] == "0" for line in capsys.readouterr().out.splitlines()[1:4])
