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
    assert rows["book"]["borrowing.requests"] == "4"
    assert rows["article"]["borrowing.requests"] == "1"

    wrong = illdesk("--database", db_url, "report", "monthly", "2026-13", check=False)
    assert wrong.returncode == 1 and "YYYY-MM" in wrong.stdout + wrong.stderr
    assert "Traceback" not in wrong.stderr
    backwards = illdesk(
        "--database", db_url, "report", "range", "2026-03-31", "2026-03-01", check=False
    )
    assert backwards.returncode == 1 and "comes before" in backwards.stdout
