"""A database that is missing, not a database, or damaged: words, a failing exit, nothing changed.

Every command is run through the real command line (`illdesk.cli.main`) against real files; a
traceback would fail the test. What the file holds and which files lie beside it are compared
byte for byte before and after.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.cli import main
from illdesk.services.admin import workstation
from illdesk.store.database import (
    DatabaseDamaged,
    DatabaseMissing,
    NotAnIllDeskDatabase,
    inspect_database,
    open_database,
)

PAGE = 4096

# Every command that opens the database, with the arguments it needs.
COMMANDS: list[list[str]] = [
    ["queue", "list"],
    ["db", "check"],
    ["db", "upgrade"],
    ["request", "show", "B-26-000001"],
    ["export", "requests", "{tmp}/out.csv"],
    ["import", "patrons", "{tmp}/in.csv"],
    ["staff", "list"],
    ["staff", "add", "Rosa Quispe"],
    ["settings", "show"],
    ["settings", "set", "home.name", "Somewhere Else"],
    ["scan", "--mode", "receive", "B-26-000001"],
    ["close", "2026-12-24", "2026-12-26"],
    ["demo", "--requests", "40", "--patrons", "10", "--libraries", "5"],
    ["demo", "--force", "--requests", "40", "--patrons", "10", "--libraries", "5"],
    ["print", "book-band", "B-26-000001", "--pdf", "{tmp}/band.pdf"],
]


def _random_bytes(template: bytes) -> bytes:
    return random.Random(9).randbytes(64 * 1024)


def _text(template: bytes) -> bytes:
    return b"number,title\r\nB-26-000001,Salmon and rivers\r\n" * 200


def _truncated(template: bytes) -> bytes:
    return template[: len(template) // 2]


def _cut_in_header(template: bytes) -> bytes:
    return template[:60]


def _page_one_damaged(template: bytes) -> bytes:
    damaged = bytearray(template)
    damaged[100:PAGE] = random.Random(3).randbytes(PAGE - 100)
    return bytes(damaged)


def _another_programs_database(template: bytes) -> bytes:
    return b""  # made below with sqlite3: a real database ILL Desk did not make


BAD_FILES: dict[str, Callable[[bytes], bytes]] = {
    "random bytes": _random_bytes,
    "a text file": _text,
    "truncated": _truncated,
    "cut inside the header": _cut_in_header,
    "first page damaged": _page_one_damaged,
    "another program's database": _another_programs_database,
}
EXPECTED = {
    "random bytes": "is not an ILL Desk database: it is not a database file at all",
    "a text file": "is not an ILL Desk database: it is not a database file at all",
    "truncated": "is damaged",
    "cut inside the header": "is damaged",
    "first page damaged": "is damaged",
    "another program's database": "is not an ILL Desk database: it is another program's",
}


def _snapshot(folder: Path) -> dict[str, str]:
    """Every file in the folder and a digest of its bytes."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def _run(argv: list[str], tmp: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([part.replace("{tmp}", str(tmp)) for part in argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def bad_file(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "desk.sqlite"
    kind = request.param
    if kind == "another program's database":
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
            other.execute("INSERT INTO recipes VALUES ('bread', 240)")
        other.close()
    else:
        path.write_bytes(BAD_FILES[kind](sqlite_template.read_bytes()))
    return path


@pytest.mark.parametrize("bad_file", list(BAD_FILES), indirect=True)
def test_every_command_refuses_a_bad_file_in_words_and_changes_nothing(
    bad_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], request
) -> None:
    kind = request.node.callspec.params["bad_file"]
    (tmp_path / "in.csv").write_text("card_barcode,surname\r\n", encoding="utf-8")
    before = _snapshot(bad_file.parent)
    for command in COMMANDS:
        code, said = _run(["--database", f"sqlite:///{bad_file}", *command], tmp_path, capsys)
        assert code == 1, (command, said)
        assert EXPECTED[kind] in said, (command, said)
        assert "Traceback" not in said and "sqlite3." not in said, said
        assert _snapshot(bad_file.parent) == before, command
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "band.pdf").exists()
    # Nor does this workstation switch to it.
    code, said = _run(["db", "use", f"sqlite:///{bad_file}"], tmp_path, capsys)
    assert code == 1 and EXPECTED[kind] in said
    assert not workstation.settings_path().exists()
    assert _snapshot(bad_file.parent) == before


def test_damage_found_while_working_is_reported_in_the_same_words(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = _run(
        ["--database", sqlite_url, "demo", "--requests", "300", "--patrons", "30"],
        tmp_path,
        capsys,
    )
    assert code == 0, said
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    db = open_database(sqlite_url)
    db.dispose()  # checkpointed: everything is in the file itself
    with sqlite3.connect(path) as conn:
        leaves = [
            page
            for (page,) in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = 'requests' AND pagetype = 'leaf'"
            )
        ]
    conn.close()
    assert len(leaves) > 10
    data = bytearray(path.read_bytes())
    for page in leaves[5:8]:  # dbstat counts pages from 1
        data[(page - 1) * PAGE : page * PAGE] = random.Random(page).randbytes(PAGE)
    path.write_bytes(bytes(data))
    code, said = _run(
        ["--database", sqlite_url, "export", "requests", "{tmp}/out.csv"], tmp_path, capsys
    )
    assert code == 1
    assert "is damaged, and ILL Desk cannot use it" in said and "Traceback" not in said
    assert "The action under way was not saved" in said  # found after opening
    assert not (tmp_path / "out.csv").exists()


def test_the_message_for_a_damaged_file_names_the_newest_backup(
    sqlite_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "desk.sqlite"
    for older, stamp in (("rev0003", "20250101-090000"), ("rev0007", "20260301-090000")):
        copy = tmp_path / f"desk.backup-{older}-{stamp}.sqlite"
        shutil.copyfile(sqlite_template, copy)
    newest = tmp_path / "desk.backup-rev0007-20260301-090000.sqlite"
    newest.touch()  # the later one
    path.write_bytes(_page_one_damaged(sqlite_template.read_bytes()))
    with pytest.raises(DatabaseDamaged) as damaged:
        open_database(f"sqlite:///{path}")
    words = str(damaged.value)
    assert "Restore the newest backup copy, desk.backup-rev0007-20260301-090000.sqlite" in words
    assert str(tmp_path) in words and "desk.sqlite-wal" in words


def test_a_mistyped_address_is_reported_and_nothing_is_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'mistyped' / 'path.sqlite'}"
    for command in (["db", "check"], ["queue", "list"], ["staff", "list"], ["settings", "show"]):
        code, said = _run(["--database", url, *command], tmp_path, capsys)
        assert code == 1, said
        assert "There is no ILL Desk database at" in said and "nothing was created" in said
        assert "All checks passed" not in said
    assert not (tmp_path / "mistyped").exists()
    # An empty file is no ILL Desk database either, and stays empty.
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    code, said = _run(["--database", f"sqlite:///{empty}", "db", "check"], tmp_path, capsys)
    assert code == 1 and "is an empty database" in said
    assert empty.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == [
        "empty.sqlite"
    ]


def test_the_set_up_paths_make_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    made = tmp_path / "new" / "desk.sqlite"
    code, said = _run(["--database", f"sqlite:///{made}", "db", "upgrade"], tmp_path, capsys)
    assert code == 0 and "now at revision" in said and made.exists()
    used = tmp_path / "shared" / "desk.sqlite"
    code, said = _run(["db", "use", f"sqlite:///{used}"], tmp_path, capsys)
    assert code == 0 and used.exists()
    assert inspect_database(f"sqlite:///{used}").up_to_date
    # The first start on a workstation makes its local workspace by itself.
    monkeypatch.setenv("ILLDESK_CONFIG_DIR", str(tmp_path / "fresh-config"))
    monkeypatch.setenv("ILLDESK_DATA_DIR", str(tmp_path / "fresh-data"))
    code, said = _run(["queue", "list"], tmp_path, capsys)
    assert code == 0 and (tmp_path / "fresh-data" / "workspace.sqlite").exists()


def test_open_database_creates_only_when_asked(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    with pytest.raises(DatabaseMissing):
        open_database(url)
    assert list(tmp_path.iterdir()) == []
    open_database(url, create=True).dispose()
    open_database(url).dispose()


def test_a_shared_database_that_is_missing_or_empty_is_reported_and_left_alone(
    pg_server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = pg_server()
    code, said = _run(["--database", empty, "queue", "list"], tmp_path, capsys)
    assert code == 1 and "ILL Desk has not been set up in it" in said
    engine = sa.create_engine(sa.make_url(empty).set(drivername="postgresql+psycopg"))
    with engine.connect() as conn:
        assert sa.inspect(conn).get_table_names() == []
    engine.dispose()
    missing = str(sa.make_url(empty).set(database="illdesk_no_such_database"))
    with pytest.raises(DatabaseMissing, match="has no database called"):
        open_database(missing)
    code, said = _run(["--database", empty, "db", "upgrade"], tmp_path, capsys)
    assert code == 0 and "now at revision" in said


def test_a_foreign_table_in_a_shared_database_is_refused(pg_server) -> None:
    url = pg_server()
    engine = sa.create_engine(sa.make_url(url).set(drivername="postgresql+psycopg"))
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE recipes (name text)")
    engine.dispose()
    with pytest.raises(NotAnIllDeskDatabase, match="did not make"):
        open_database(url, create=True)
