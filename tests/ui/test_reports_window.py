"""The Reports window on the demo: a measure month by month and year over year, as a table
and a Qt chart that agree with the figures counted by the services, and the exports."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate

from illdesk.core import statistics as stats
from illdesk.services.reports import figures
from illdesk.store.unit_of_work import UnitOfWork
from tests.ui.helpers import TIMEOUT


def _months_back(today: date, count: int) -> list[date]:
    first = date(today.year, today.month, 1)
    out = [first]
    while len(out) < count:
        prior = out[0]
        out.insert(0, date(prior.year - (prior.month == 1), (prior.month - 2) % 12 + 1, 1))
    return out


def test_month_by_month_table_chart_and_exports(qtbot, window, demo_db, tmp_path: Path) -> None:
    from illdesk.ui.reports_window import ReportsWindow

    window.act_reports.trigger()
    dialog = window.dialog
    assert isinstance(dialog, ReportsWindow)
    months = _months_back(date.today(), 4)
    dialog.select_measure("borrowing.requests")
    dialog.first_month.setDate(QDate(months[0].year, months[0].month, 1))
    dialog.last_month.setDate(QDate(months[-1].year, months[-1].month, 1))
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=TIMEOUT)
    expected = [
        figures.compute(UnitOfWork(demo_db, read_only=True), m, stats.next_month(m)).value(
            "borrowing.requests"
        )
        for m in months
    ]
    assert sum(expected) > 0  # the demo made requests in these months
    assert dialog.table.rowCount() == 4
    assert [dialog.table.item(i, 0).text() for i in range(4)] == [
        stats.month_name(m) for m in months
    ]
    assert [int(dialog.table.item(i, 1).text()) for i in range(4)] == expected
    assert dialog.bar_values() == [("Borrowing: Requests made", [float(v) for v in expected])]

    dialog.export_to(tmp_path / "requests.csv")
    qtbot.waitUntil(lambda: "Written to" in dialog.status.text(), timeout=TIMEOUT)
    with (tmp_path / "requests.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[1:]
    assert [int(row[1]) for row in rows] == expected
    dialog.export_to(tmp_path / "requests.pdf")
    qtbot.waitUntil((tmp_path / "requests.pdf").exists, timeout=TIMEOUT)


def test_year_over_year_draws_one_bar_set_per_year(qtbot, window) -> None:
    window.act_reports.trigger()
    dialog = window.dialog
    dialog.mode.setCurrentIndex(dialog.mode.findData("years"))
    assert dialog.first_year.isVisible() and not dialog.first_month.isVisible()
    dialog.select_measure("lending.filled")
    dialog.first_year.setValue(date.today().year - 1)
    dialog.last_year.setValue(date.today().year + 1)
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=TIMEOUT)
    drawn = dialog.bar_values()
    assert len(drawn) == 3 and all(len(values) == 12 for _name, values in drawn)
    assert dialog.table.columnCount() == 4 and dialog.table.rowCount() == 12
    assert sum(sum(values) for _name, values in drawn) > 0


def test_a_backwards_period_is_refused_in_words(qtbot, window) -> None:
    window.act_reports.trigger()
    dialog = window.dialog
    dialog.first_month.setDate(QDate(2026, 5, 1))
    dialog.last_month.setDate(QDate(2026, 2, 1))
    dialog.show_button.click()
    qtbot.waitUntil(lambda: "swap" in dialog.status.text(), timeout=TIMEOUT)
    assert dialog.report is None and dialog.show_button.isEnabled()


def test_split_by_partner_library(qtbot, window, demo_db) -> None:
    window.act_reports.trigger()
    dialog = window.dialog
    dialog.mode.setCurrentIndex(dialog.mode.findData("split"))
    assert dialog.split.isVisible() and not dialog.first_year.isVisible()
    dialog.split.setCurrentIndex(dialog.split.findData("library"))
    dialog.select_measure("lending.requests")
    months = _months_back(date.today(), 6)
    dialog.first_month.setDate(QDate(months[0].year, months[0].month, 1))
    dialog.last_month.setDate(QDate(months[-1].year, months[-1].month, 1))
    dialog.show_button.click()
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=TIMEOUT)
    split = figures.breakdown(
        UnitOfWork(demo_db, read_only=True), months[0], stats.next_month(months[-1]), "library"
    )
    column = split.keys.index("lending.requests")
    expected = {value: counts[column] for value, counts in split.rows if counts[column]}
    shown = {
        dialog.table.item(i, 0).text(): int(dialog.table.item(i, 1).text())
        for i in range(dialog.table.rowCount())
    }
    assert shown == expected and expected
    assert dialog.table.horizontalHeaderItem(0).text() == "Partner library"
    assert "by partner library: 0 of 6 months frozen; 6 counted from the history now" in (
        dialog.status.text()
    )
