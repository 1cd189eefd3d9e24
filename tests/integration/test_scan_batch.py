"""Batches of scans (`illdesk scan`): one scan per line, visible control characters, and a batch
that loses its database part-way says which scans were done, which were not, and which cannot
be known.

The lost connection is real: a TCP proxy between ILL Desk and the real PostgreSQL server is cut
in the middle of the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.cli import main
from illdesk.services.desk import requests
from illdesk.services.desk.scan import DeskMode
from illdesk.services.desk.scan_batch import BatchLine, run_batch
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.cutting_proxy import CuttingProxy
from tests.integration.helpers import borrow, seed_directory


def _sent_requests(uow: Callable[..., UnitOfWork], count: int) -> list[str]:
    """Borrowing requests sent to a lender: each one a receive scan away from received."""
    seed_directory(uow)
    numbers = []
    for i in range(count):
        row = borrow(uow, f"Salmon and Rivers, part {i}", allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    return numbers


def _statuses(db: Database, numbers: list[str]) -> list[str]:
    with db.reading() as session:
        found = dict(
            (row[0], row[1])
            for row in session.execute(sa.text("SELECT number, status FROM requests"))
        )
    return [found[n] for n in numbers]


@pytest.fixture
def proxy(pg_url: str) -> Iterator[CuttingProxy]:
    server = sa.make_url(pg_url)
    with CuttingProxy(server.host or "127.0.0.1", server.port or 5432) as running:
        yield running


def _through(proxy: CuttingProxy, pg_url: str) -> str:
    url = sa.make_url(pg_url).set(host="127.0.0.1", port=proxy.port)
    return url.render_as_string(hide_password=False)


@pytest.fixture
def pg_uow(pg_url: str, clock) -> Iterator[Callable[..., UnitOfWork]]:
    db = open_database(pg_url)

    def make(actor=ANN, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(db, actor, clock, read_only=read_only)

    make.db = db  # type: ignore[attr-defined]
    yield make
    db.dispose()


def test_cut_between_two_scans_the_rest_are_not_done(pg_url, pg_uow, proxy) -> None:
    numbers = _sent_requests(pg_uow, 5)
    db = open_database(_through(proxy, pg_url))
    heard: list[BatchLine] = []

    def on_line(line: BatchLine) -> None:
        heard.append(line)
        if len(heard) == 2:
            proxy.cut()  # the network goes between the second and the third scan

    report = run_batch(db, ANN, numbers, DeskMode.RECEIVE, on_line=on_line)
    db.dispose()
    assert [line.mark for line in report.lines] == ["OK", "OK", "LOST", "SKIP", "SKIP"]
    assert [line.scan for line in report.lines] == numbers
    assert heard == report.lines
    assert "cannot be reached" in report.stopped and not report.all_done
    assert report.summary().startswith("5 scan(s): 2 done, 3 not done.")
    # What the server holds is exactly what the report says.
    assert _statuses(pg_uow.db, numbers) == ["on_hold_shelf"] * 2 + ["sent"] * 3


@pytest.mark.parametrize("saved", [False, True], ids=["commit lost", "answer lost"])
def test_cut_during_a_commit_that_scan_is_not_known(pg_url, pg_uow, proxy, saved) -> None:
    numbers = _sent_requests(pg_uow, 5)
    db = open_database(_through(proxy, pg_url))
    proxy.cut_at_commit = 3  # each receive scan commits once
    proxy.let_that_commit_through = saved
    report = run_batch(db, ANN, numbers, DeskMode.RECEIVE)
    db.dispose()
    assert [line.mark for line in report.lines] == ["OK", "OK", "CHECK", "SKIP", "SKIP"]
    assert "may or may not have been done" in report.lines[2].text
    assert report.summary().startswith("5 scan(s): 2 done, 2 not done, 1 not known.")
    third = "on_hold_shelf" if saved else "sent"
    assert _statuses(pg_uow.db, numbers) == [
        "on_hold_shelf",
        "on_hold_shelf",
        third,
        "sent",
        "sent",
    ]


def test_the_command_line_lists_each_scan_and_fails(
    pg_url, pg_uow, proxy, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = _sent_requests(pg_uow, 4)
    proxy.cut_at_commit = 2
    code = main(["--database", _through(proxy, pg_url), "scan", "--mode", "receive", *numbers])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith("OK") and numbers[0] in lines[0]
    assert lines[1].startswith("CHECK") and numbers[1] in lines[1]
    assert lines[2].startswith("SKIP") and numbers[2] in lines[2]
    assert lines[3].startswith("SKIP") and numbers[3] in lines[3]
    assert lines[4].startswith("4 scan(s): 1 done, 2 not done, 1 not known.")
    assert "Look up the one marked CHECK" in lines[4]
    assert "cannot be reached" in err and "Traceback" not in out + err


def test_a_scan_file_keeps_gs_inside_a_scan_and_shows_controls_by_name(
    db_url: str, uow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (number,) = _sent_requests(uow, 1)
    upload = tmp_path / "upload.txt"
    upload.write_bytes(
        f"]C1{number}\x1d10LOT7\r\n\x1b[2J\x1b[31mNOT-A-BARCODE\r\n{number}\x1c\r\n".encode()
    )
    code = main(["--database", db_url, "scan", "--mode", "receive", "--from", str(upload)])
    out, err = capsys.readouterr()
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 4 and lines[-1].startswith("3 scan(s):")
    assert f"]C1{number}<GS>10LOT7" in lines[0]
    assert "<ESC>[2J<ESC>[31mNOT-A-BARCODE" in lines[1]
    assert f"{number}<FS>" in lines[2]
    assert "\x1b" not in out + err and "\x1d" not in out + err and "\x1c" not in out + err
