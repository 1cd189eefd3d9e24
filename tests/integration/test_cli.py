"""The `illdesk` command as a user runs it: a real process, a real database."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest


def illdesk(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "illdesk", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"illdesk {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cli.sqlite'}"
    return str(request.getfixturevalue("pg_server")())


@pytest.mark.parametrize("empty_url", ["sqlite", "postgresql"], indirect=True)
def test_demo_then_show_check_export_import(empty_url: str, tmp_path: Path) -> None:
    made = illdesk(
        "--database", empty_url, "demo", "--requests", "150", "--patrons", "40", "--libraries", "12"
    )
    assert "12 partner libraries, 40 patrons, 150 requests" in made.stdout
    # Progress to a pipe or a log: lines that end, not one line rewritten with carriage returns.
    assert "\r" not in made.stderr and "  requests 150/150" in made.stderr.splitlines()
    again = illdesk("--database", empty_url, "demo", check=False)
    assert again.returncode == 1 and "already holds requests" in again.stderr

    queues = illdesk("--database", empty_url, "queue", "list").stdout
    assert "Borrowing" in queues and "Lending" in queues and "Completed" in queues
    # What waits to go out, by method and library, right after the Shipping queues.
    shipping = queues.split("Loans to ship", 1)[1].splitlines()[1:]
    assert shipping and shipping[0].strip().startswith("By ")
    assert re.match(r"    [A-Z0-9]+ — .+ +\d+$", shipping[1])

    export = tmp_path / "requests.csv"
    illdesk("--database", empty_url, "export", "requests", str(export))
    numbers = [
        line.split(",")[0]
        for line in export.read_text(encoding="utf-8-sig").splitlines()
        if line.startswith("B-")
    ]
    shown = illdesk("--database", empty_url, "request", "show", numbers[-1]).stdout
    assert numbers[-1] in shown and "History:" in shown and "Create" in shown

    check = illdesk("--database", empty_url, "db", "check").stdout
    assert "Request histories replayed: 150" in check and "All checks passed." in check

    imported = illdesk("--database", empty_url, "import", "requests", str(export)).stdout
    assert "0 new, 0 changed, 150 unchanged" in imported
    # Exports carry patron data: readable by their owner only. "-" is standard output.
    assert export.stat().st_mode & 0o077 == 0
    piped = illdesk("--database", empty_url, "export", "patrons", "-")
    assert piped.stdout.splitlines()[0].startswith("card_barcode,")
    assert len(piped.stdout.splitlines()) == 41 and "40 patrons to standard output" in piped.stderr
    assert not Path("-").exists()

    missing = illdesk("--database", empty_url, "request", "show", "B-99-999999", check=False)
    assert missing.returncode == 1 and "No request has the number" in missing.stderr


def test_db_upgrade_reports_state_and_bad_urls_are_explained(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.sqlite'}"
    first = illdesk("--database", url, "db", "upgrade").stdout
    assert "now at revision" in first
    assert "up to date" in illdesk("--database", url, "db", "upgrade").stdout
    bad = illdesk("--database", "oracle://x/y", "queue", "list", check=False)
    assert bad.returncode == 1 and "SQLite files and PostgreSQL servers only" in bad.stderr


def test_staff_and_who_did_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'staff.sqlite'}"
    illdesk("--database", url, "db", "upgrade")
    illdesk("--database", url, "staff", "add", "Rosa Quispe")
    assert "Rosa Quispe" in illdesk("--database", url, "staff", "list").stdout
    unknown = illdesk("--database", url, "--staff", "Nobody", "queue", "list", check=False)
    assert unknown.returncode == 1 and "not on the staff list" in unknown.stderr


def test_scan_from_a_cordless_scanner_upload(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scan.sqlite'}"
    illdesk("--database", url, "demo", "--requests", "120", "--patrons", "20", "--libraries", "8")
    export = tmp_path / "requests.csv"
    illdesk("--database", url, "export", "requests", str(export))
    with export.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    waiting = [
        r["number"] for r in rows if r["status"] in {"sent", "shipped"} and r["service"] == "loan"
    ][:2]
    assert len(waiting) == 2
    upload = tmp_path / "upload.txt"
    upload.write_bytes(
        (f"{waiting[0]},2026-11-20,10:31\r\n\r\n{waiting[1].lower()}\tx\r\n").encode()
        + b"\xff\xfegarbled\r\nNOT-A-BARCODE\r\n"
    )
    result = illdesk(
        "--database", url, "scan", "--mode", "receive", "--from", str(upload), check=False
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert lines[0].startswith("OK") and "Received" in lines[0]
    assert lines[1].startswith("OK") and waiting[1] in lines[1]
    assert lines[2].startswith("FAIL") and "Scan not understood" in lines[2]
    assert lines[3].startswith("FAIL") and "not known" in lines[3]
    assert lines[-1] == "4 scan(s): 2 done, 2 not done."
    shown = illdesk("--database", url, "request", "show", waiting[0]).stdout
    assert "On hold shelf" in shown
    clean = illdesk("--database", url, "scan", "--mode", "receive", waiting[0], check=False)
    assert clean.returncode == 1 and "Already done" not in clean.stdout  # on the shelf: no change


def test_library_settings_from_the_command_line(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'settings.sqlite'}"
    illdesk("--database", url, "db", "upgrade")
    illdesk("--database", url, "settings", "set", "default_buffer_days", "5")
    illdesk("--database", url, "settings", "set", "group_buffer_days.consortium", "3")
    illdesk("--database", url, "settings", "set", "home.name", "Riverbend College Library")
    shown = illdesk("--database", url, "settings", "show").stdout.splitlines()
    assert "default_buffer_days = 5" in shown
    assert "group_buffer_days.consortium = 3" in shown
    assert "home.name = Riverbend College Library" in shown
    assert "closed_weekdays = 6   (Sunday; 0 is Monday, 6 is Sunday)" in shown
    illdesk("--database", url, "settings", "set", "closed_weekdays", "5,6")
    shown = illdesk("--database", url, "settings", "show").stdout
    assert "closed_weekdays = 5,6   (Saturday, Sunday;" in shown
    for name, value, words in (
        ("default_buffer_days", "lots", "is not a value"),
        ("default_buffer_days", "90", "between 0 and 60"),
        ("borrowing_prefix", "L", "different number prefixes"),
        ("nonsense", "1", "no setting called"),
    ):
        bad = illdesk("--database", url, "settings", "set", name, value, check=False)
        assert bad.returncode == 1 and words in bad.stderr, (name, bad.stderr)
    assert "default_buffer_days = 5" in illdesk("--database", url, "settings", "show").stdout


def test_request_show_names_the_package_and_its_tracking_number(sqlite_url: str) -> None:
    from illdesk.core.vocabulary import DeliveryMethod
    from illdesk.services.desk import requests
    from illdesk.services.shipping import packages as shipping
    from illdesk.store.database import open_database
    from illdesk.store.unit_of_work import UnitOfWork
    from tests.conftest import ANN
    from tests.integration.helpers import borrow, seed_directory

    url = sqlite_url  # a migrated, empty database file
    db = open_database(url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, read_only=read_only)

    seed_directory(uow)
    number = borrow(uow).number
    for action in ("approve", "send", "receive", "check_out", "patron_return"):
        requests.perform(uow(), number, action)
    package = shipping.ship_package(uow(), "ORE", [number], DeliveryMethod.COURIER, "TRK-4471")
    db.dispose()
    shown = illdesk("--database", url, "request", "show", number).stdout
    assert re.search(rf"package +{package.number}, Courier, tracking TRK-4471", shown)
    # The history line of the return names the package too.
    assert f"package {package.number}, tracking TRK-4471" in shown


@pytest.mark.parametrize(
    "command",
    [("queue", "list"), ("staff", "list"), ("settings", "show"), ("request", "show", "FIRST")],
)
def test_output_cut_short_by_the_reader_is_no_traceback(tmp_path: Path, command) -> None:
    # `illdesk queue list | head`: the reader goes away after a few lines.
    url = f"sqlite:///{tmp_path / 'pipe.sqlite'}"
    illdesk("--database", url, "demo", "--requests", "60", "--patrons", "10", "--libraries", "6")
    if "FIRST" in command:
        export = tmp_path / "requests.csv"
        illdesk("--database", url, "export", "requests", str(export))
        with export.open(encoding="utf-8-sig", newline="") as handle:
            command = ("request", "show", next(csv.DictReader(handle))["number"])
    process = subprocess.Popen(
        [sys.executable, "-m", "illdesk", "--database", url, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    # The reader goes away before the command prints (as `head` does once it has its lines,
    # for output larger than the pipe holds).
    process.stdout.close()
    errors = process.stderr.read().decode()
    process.stderr.close()
    process.wait(timeout=60)
    assert "Traceback" not in errors and "BrokenPipeError" not in errors, errors
    assert errors == ""
