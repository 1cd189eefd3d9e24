"""`illdesk report` as staff run it: a real process, on a SQLite file and on PostgreSQL, over a
hand-made history."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.integration.reports_history import MARCH, make_history
from tests.integration.test_cli import illdesk


def test_monthly_and_range_on_the_command_line(db_url, uow, clock, tmp_path: Path) -> None:
    make_history(uow, clock)
    shown = illdesk("--database", db_url, "report", "monthly", "2026-03")
    assert "ILL statistics for 2026-03" in shown.stdout
    assert "Unfilled: NotOnShelf" in shown.stdout
    out = tmp_path / "march.csv"
    illdesk("--database", db_url, "report", "monthly", "2026-03", "--csv", str(out))
    with out.open(encoding="utf-8-sig", newline="") as handle:
        values = {row["measure"]: row["value"] for row in csv.DictReader(handle)}
    for key, expected in MARCH.items():
        assert values[key] == str(expected), key
    assert values["borrowing.fill_rate"] == "40.0"

    split = tmp_path / "by-format.csv"
    illdesk(
        "--database", db_url, "report", "range", "2026-03-01", "2026-03-31",
        "--by", "format", "--csv", str(split),
    )  # fmt: skip
    with split.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["format"]: row for row in csv.DictReader(handle)}
    assert rows["book"]["Borrowing: requests made"] == "4"
    assert rows["article"]["Borrowing: requests made"] == "1"

    wrong = illdesk("--database", db_url, "report", "monthly", "2026-13", check=False)
    assert wrong.returncode == 1 and "YYYY-MM" in wrong.stdout + wrong.stderr
    assert "Traceback" not in wrong.stderr
    backwards = illdesk(
        "--database", db_url, "report", "range", "2026-03-31", "2026-03-01", check=False
    )
    assert backwards.returncode == 1 and "comes before" in backwards.stdout


def test_freeze_and_correct_on_the_command_line(db_url, uow, clock) -> None:
    make_history(uow, clock)
    frozen = illdesk("--database", db_url, "report", "freeze", "2026-03")
    assert "2026-03 is frozen" in frozen.stdout and "5 borrowing requests" in frozen.stdout
    twice = illdesk("--database", db_url, "report", "freeze", "2026-03", check=False)
    assert twice.returncode == 1 and "report correct" in twice.stderr
    illdesk(
        "--database", db_url, "report", "correct", "2026-03", "borrowing.received", "3",
        "--reason", "one receipt was keyed on paper",
    )  # fmt: skip
    shown = illdesk("--database", db_url, "report", "monthly", "2026-03").stdout
    assert "frozen" in shown and "borrowing.received 2 -> 3 (one receipt was keyed" in shown
    # Looking at reports froze the later months that ended over 15 days ago (the default).
    assert "(2026-04 is now frozen: it ended long enough ago.)" in shown
    no_reason = illdesk(
        "--database", db_url, "report", "correct", "2026-03", "borrowing.received", "3",
        check=False,
    )  # fmt: skip
    assert no_reason.returncode == 2 and "--reason" in no_reason.stderr
    due = illdesk("--database", db_url, "report", "freeze", "--due").stdout
    assert due.strip() == "No month is due to freeze."
    year = illdesk("--database", db_url, "report", "year", "2026").stdout
    assert "Fiscal year 2026 (01 Jul 2025 to 30 Jun 2026)" in year
