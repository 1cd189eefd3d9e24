"""Bad CSV input and a full disk lose nothing: refused in words, nothing written, nothing left.

The full disk is real: a 64 KiB tmpfs mounted for the test (root only; CI runs as root).
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from illdesk.cli import main
from illdesk.services.admin import transfer
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.errors import InvalidInput
from illdesk.store.database import Database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory


def _export(db: Database, what: str, path: Path) -> list[list[str]]:
    transfer.export_csv(UnitOfWork(db, ANN), what, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)


def test_a_nul_in_a_cell_is_refused_with_its_line(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    borrow(uow, "Salmon and Rivers")
    borrow(uow, "Timber and Railroads", allow_duplicate=True)
    header, *rows = _export(db, "requests", tmp_path / "requests.csv")
    rows[0][header.index("title")] = "Salmon\x00and Rivers (edited)"
    rows[1][header.index("note")] = "fine"
    patrons_header, *patrons = _export(db, "patrons", tmp_path / "patrons.csv")
    patrons[1][patrons_header.index("surname")] = "Oka\x00for"
    patrons[1][patrons_header.index("phone")] = "\x00"
    _write(tmp_path / "requests-bad.csv", [header, *rows])
    _write(tmp_path / "patrons-bad.csv", [patrons_header, *patrons])
    before = {what: _export(db, what, tmp_path / f"{what}-before.csv") for what in ("requests",)}

    result = transfer.import_csv(UnitOfWork(db, ANN), "requests", tmp_path / "requests-bad.csv")
    assert len(result.errors) == 1
    assert result.errors[0].startswith("Line 2: title holds a NUL character")
    result = transfer.import_csv(UnitOfWork(db, ANN), "patrons", tmp_path / "patrons-bad.csv")
    assert result.errors == (
        "Line 3: surname and phone hold NUL characters (an invisible control code, often left "
        "by a damaged or converted file). Delete it there, or export the file again from the "
        "program it came from.",
    )
    assert _export(db, "requests", tmp_path / "requests-after.csv") == before["requests"]
    assert all("\x00" not in cell for row in before["requests"] for cell in row)


def test_the_command_line_reports_the_nul_line_and_fails(
    db_url: str, db: Database, uow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed_directory(uow)
    header, *rows = _export(db, "libraries", tmp_path / "libraries.csv")
    rows[2][header.index("name")] += "\x00"
    _write(tmp_path / "libraries.csv", [header, *rows])
    assert main(["--database", db_url, "import", "libraries", str(tmp_path / "libraries.csv")]) == 1
    err = capsys.readouterr().err
    assert "Line 4: name holds a NUL character" in err and "Nothing was imported" in err


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real file system of 64 KiB, mounted for this test."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        with contextlib.suppress(OSError):
            subprocess.run(["umount", str(folder)], check=True, capture_output=True)


def test_an_export_onto_a_full_disk_says_so_and_leaves_nothing(
    sqlite_url: str, tiny_disk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from illdesk.store.database import open_database

    db = open_database(sqlite_url)
    make_demo(db, size=DemoSize(libraries=8, patrons=30, requests=200, months=4))
    earlier = tiny_disk / "requests.csv"
    earlier.write_bytes(b"number\r\nB-25-000001\r\n")  # last week's export, kept as it was
    with pytest.raises(InvalidInput, match="No space left on device") as refused:
        transfer.export_csv(UnitOfWork(db, ANN), "requests", earlier)
    assert "that the disk is not full" in str(refused.value)
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["requests.csv"]
    assert earlier.read_bytes() == b"number\r\nB-25-000001\r\n"
    db.dispose()
    target = tiny_disk / "new.csv"
    assert main(["--database", sqlite_url, "export", "requests", str(target)]) == 1
    err = capsys.readouterr().err
    assert "cannot be written (No space left on device)" in err and "Traceback" not in err
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["requests.csv"]
