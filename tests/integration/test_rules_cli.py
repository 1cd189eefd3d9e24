"""`illdesk copyright ...` and `illdesk rules ...` as staff type them: a real process."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.integration.test_cli import illdesk


def test_copyright_commands_on_a_demo(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rules.sqlite'}"
    illdesk("--database", url, "demo", "--requests", "120", "--patrons", "30", "--libraries", "8")
    count = illdesk("--database", url, "copyright", "count", "0030-4727", "--year", "2026")
    assert "article(s) counted in 2026" in count.stdout
    assert "A recent article requested now:" in count.stdout
    out = tmp_path / "report.csv"
    illdesk("--database", url, "copyright", "report", "--year", "2026", "--csv", str(out))
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and set(rows[0]) >= {"journal", "issn", "requests", "ccg", "ccl", "fee_total"}
    bad = illdesk("--database", url, "copyright", "paid-outside", "Nature", "ten", check=False)
    assert bad.returncode == 2 and "is not an amount" in bad.stderr
    assert "Traceback" not in bad.stderr
    warning = illdesk("--database", url, "copyright", "warning").stdout
    assert "WARNING CONCERNING COPYRIGHT RESTRICTIONS" in warning


def test_rules_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'rules.sqlite'}"
    illdesk("--database", url, "demo", "--requests", "60", "--patrons", "20", "--libraries", "6")
    demo = illdesk("--database", url, "rules", "list").stdout  # the demo's own policy
    assert "Consortium partners: six weeks, free: group consortium → accept" in demo
    added = illdesk(
        "--database",
        url,
        "rules",
        "add",
        "Reciprocal free",
        "accept",
        "--group",
        "reciprocal",
        "--loan-days",
        "42",
        "--charge",
        "0",
    )
    assert "added at the end of the lending rules" in added.stdout
    bad = illdesk("--database", url, "rules", "add", "No reason", "unfilled", check=False)
    assert bad.returncode == 1 and "ISO reason" in bad.stderr and "Traceback" not in bad.stderr
    listed = illdesk("--database", url, "rules", "list").stdout
    assert "Reciprocal free: group reciprocal → accept (42 days, charge 0)" in listed
    missing = illdesk("--database", url, "rules", "check", "L-26-999999", check=False)
    assert missing.returncode == 1 and "No request has the number" in missing.stderr
    routed = illdesk("--database", url, "rules", "route").stdout
    assert "new lending request(s) routed by the rules" in routed
