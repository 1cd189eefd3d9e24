"""Survey answers from a hand-made history, and exports read back: CSV and XLSX."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from illdesk.services.reports import exports, surveys
from tests.integration.reports_history import make_history
from tests.integration.test_cli import illdesk


def test_survey_answers_follow_their_definitions(uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 7, 20, tzinfo=UTC)
    # FY2026 (July 2025 - June 2026). Lent: L1 shipped (a book). Received: R1, R4 (loans,
    # returnable) and R3 (a copy, non-returnable, in April). Nothing commercial.
    acrl = dict((code, value) for code, _, value, _ in surveys.answer(
        lambda: uow(read_only=True), "acrl", 2026).rows)  # fmt: skip
    assert acrl == {"ILL-01": 1, "ILL-02": 0, "ILL-03": 2, "ILL-04": 1, "ILL-05": 0,
                    "Total provided": 1, "Total received": 3}  # fmt: skip
    ipeds = {code: value for code, _, value, _ in surveys.answer(
        lambda: uow(read_only=True), "ipeds", 2026).rows}  # fmt: skip
    assert ipeds == {"LILLDPR": 1, "LILLDRC": 3}
    imls = {code: v for code, _, v, _ in surveys.answer(
        lambda: uow(read_only=True), "imls", 2026).rows}  # fmt: skip
    assert imls == {"LOANTO": 1, "LOANFM": 3}
    # The fiscal year before holds none of it.
    before = surveys.answer(lambda: uow(read_only=True), "nys", 2025)
    assert [row[2] for row in before.rows] == [0, 0]


def test_exports_read_back(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [
        ("borrowing.requests", "Requests made", 12, "made"),
        ("borrowing.fill_rate", "Fill rate", Decimal("66.7"), ""),
        ("note", "=1+1 looks like a formula", None, "-2"),
    ]
    header = ("measure", "label", "value", "definition")
    sheet = tmp_path / "march.xlsx"
    exports.write_xlsx(sheet, [("2026-03", header, rows)])
    book = load_workbook(sheet)
    read = [tuple(c.value for c in r) for r in book["2026-03"].iter_rows()]
    assert read[0] == header
    assert read[1] == ("borrowing.requests", "Requests made", 12, "made")
    assert Decimal(str(read[2][2])) == Decimal("66.7")
    assert read[3][1] == "=1+1 looks like a formula" and book["2026-03"]["B4"].data_type == "s"
    table = tmp_path / "march.csv"
    exports.write_table(table, header, rows)
    with table.open(encoding="utf-8-sig", newline="") as handle:
        back = list(csv.reader(handle))
    assert back[1] == ["borrowing.requests", "Requests made", "12", "made"]
    assert back[2][2] == "66.7" and back[3][2] == ""


def test_survey_on_the_command_line(db_url, uow, clock, tmp_path: Path) -> None:
    make_history(uow, clock)
    out = tmp_path / "acrl.xlsx"
    shown = illdesk(
        "--database", db_url, "report", "survey", "acrl", "--year", "2026", "--xlsx", str(out)
    ).stdout
    assert "ACRL" in shown and "ILL-03" in shown and "fiscal year 2026" in shown
    values = {r[0]: r[2] for r in load_workbook(out).active.iter_rows(values_only=True)}
    assert values["ILL-03"] == 2 and values["ILL-04"] == 1 and values["ILL-01"] == 1
    wrong = illdesk("--database", db_url, "report", "survey", "acrl", check=False)
    assert wrong.returncode == 2 and "--year" in wrong.stderr


def test_a_survey_takes_frozen_months_with_their_corrections(uow, clock) -> None:
    from illdesk.services.reports import archive

    make_history(uow, clock)
    clock.at = datetime(2026, 7, 20, tzinfo=UTC)
    archive.freeze_month(uow(), "2026-03")
    # March received two returnables (R1, R4); two more were received on paper.
    archive.correct(uow(), "2026-03", "borrowing.received_returnable", "4", "two on paper")
    acrl = {code: value for code, _, value, _ in surveys.answer(
        lambda: uow(read_only=True), "acrl", 2026).rows}  # fmt: skip
    assert acrl["ILL-03"] == 4 and acrl["Total received"] == 5
    answered = surveys.answer(lambda: uow(read_only=True), "acrl", 2026)
    assert answered.frozen == 1 and answered.months == 12
