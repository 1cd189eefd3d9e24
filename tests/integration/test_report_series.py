"""A measure over time, as the Reports window asks for it: month by month (frozen months as
frozen, with corrections) and year over year; exported as CSV, XLSX and PDF."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from illdesk.services.errors import InvalidInput
from illdesk.services.reports import archive, series
from tests.integration.reports_history import make_history


def test_month_by_month_follows_the_archive(uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 5, 2, 9, tzinfo=UTC)
    shown = series.month_by_month(
        lambda: uow(read_only=True), "2026-02", "2026-04", "borrowing.requests"
    )
    assert shown.categories == ("2026-02", "2026-03", "2026-04")
    assert shown.series == (("Borrowing: Requests made", (0, 5, 0)),)
    assert shown.frozen == 0 and shown.months == 3
    archive.freeze_month(uow(), "2026-03")
    archive.correct(uow(), "2026-03", "borrowing.requests", "7", "two on paper")
    again = series.month_by_month(
        lambda: uow(read_only=True), "2026-02", "2026-04", "borrowing.requests"
    )
    assert again.series[0][1] == (0, 7, 0)  # the corrected frozen figure
    assert again.frozen == 1


def test_year_over_year_puts_the_fiscal_months_side_by_side(uow, clock) -> None:
    make_history(uow, clock)
    shown = series.year_over_year(lambda: uow(read_only=True), 2025, 2026, "lending.returned")
    assert shown.categories[0] == "Jul" and shown.categories[-1] == "Jun"  # July to June
    assert [name for name, _ in shown.series] == ["FY2025", "FY2026"]
    assert sum(v or 0 for v in shown.series[0][1]) == 0
    assert shown.series[1][1][shown.categories.index("Apr")] == 1  # L1 came back in April


def test_bad_choices_are_refused_in_words(uow, clock) -> None:
    make_history(uow, clock)
    read = lambda: uow(read_only=True)  # noqa: E731
    with pytest.raises(InvalidInput, match="swap"):
        series.month_by_month(read, "2026-04", "2026-02", "borrowing.requests")
    with pytest.raises(InvalidInput, match="no measure"):
        series.month_by_month(read, "2026-02", "2026-04", "borrowing.nothing")
    with pytest.raises(InvalidInput, match="YYYY-MM"):
        series.month_by_month(read, "2026-2x", "2026-04", "borrowing.requests")
    with pytest.raises(InvalidInput, match="at most"):
        series.year_over_year(read, 2010, 2026, "borrowing.requests")


def test_exports_read_back(uow, clock, tmp_path: Path) -> None:
    make_history(uow, clock)
    shown = series.month_by_month(
        lambda: uow(read_only=True), "2026-02", "2026-04", "borrowing.fill_rate"
    )
    series.export(shown, tmp_path / "r.csv")
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "period" and rows[2] == ["2026-03", "40.0"]
    assert rows[1] == ["2026-02", ""]  # nothing to divide by
    series.export(shown, tmp_path / "r.xlsx")
    sheet = load_workbook(tmp_path / "r.xlsx").active
    assert sheet.cell(3, 1).value == "2026-03" and float(sheet.cell(3, 2).value) == 40.0
    series.export(shown, tmp_path / "r.pdf", "Test Library")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(InvalidInput, match=r"\.csv, \.xlsx or \.pdf"):
        series.export(shown, tmp_path / "r.doc")


def test_a_count_split_by_format_and_only_counts(uow, clock, monkeypatch) -> None:
    make_history(uow, clock)
    read = lambda: uow(read_only=True)  # noqa: E731
    shown = series.split_by(read, "2026-03", "2026-03", "borrowing.requests", "format")
    # Four books and one article were asked for in March, largest first.
    assert shown.categories == ("book", "article")
    assert shown.series[0][1] == (4, 1)
    with pytest.raises(InvalidInput, match="only counts"):
        series.split_by(read, "2026-03", "2026-03", "borrowing.fill_rate", "format")
    monkeypatch.setattr(series, "MOST_BARS", 1)
    capped = series.split_by(read, "2026-03", "2026-03", "borrowing.requests", "format")
    assert capped.categories == ("(all others)",) and capped.series[0][1] == (5,)
