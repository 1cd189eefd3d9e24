"""The Reports window: choose a measure and a period, see the figures as a table and a bar
chart (Qt Charts), month by month or year over year, and export them as CSV, XLSX or PDF with
the chart. Counting happens on a worker through the facade; the window holds only the
answer (services.reports.series)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from illdesk.services.reports.series import MeasureChoice, SeriesReport
    from illdesk.ui.facade import ServiceFacade

# The same colours as the printed chart (printing/report_pdf.py), so screen and paper agree.
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
EXPORT_FILTERS = "CSV (*.csv);;Excel workbook (*.xlsx);;PDF with the chart (*.pdf)"


def _series_module() -> ModuleType:
    from illdesk.services.reports import series  # noqa: PLC0415 - loaded with the window

    return series


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _month_edit(initial: date) -> QDateEdit:
    edit = QDateEdit(QDate(initial.year, initial.month, 1))
    edit.setDisplayFormat("yyyy-MM")
    edit.setCalendarPopup(False)
    return edit


def _last_month(today: date) -> date:
    return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)


class ReportsWindow(QDialog):
    """Statistics over time: a measure, a period, a table, a chart, exports."""

    def __init__(
        self, services: ServiceFacade, parent: QWidget | None = None, today: date | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Reports")
        self.resize(1000, 640)
        self.report: SeriesReport | None = None
        today = today or date.today()
        last = _last_month(today)
        self.mode = QComboBox()
        self.mode.addItem("Month by month", "months")
        self.mode.addItem("Year over year", "years")
        self.mode.addItem("Split by", "split")
        self.split = QComboBox()
        for name, heading, supervisors in _series_module().split_choices():
            self.split.addItem(heading + (" (supervisors)" if supervisors else ""), name)
        self.measure = QComboBox()
        for choice in _series_module().measure_choices():
            self._add_measure(choice)
        year_before = date(last.year - 1, last.month, 1)
        self.first_month = _month_edit(date(
            year_before.year + year_before.month // 12, year_before.month % 12 + 1, 1
        ))  # fmt: skip
        self.last_month = _month_edit(last)
        self.first_year = QSpinBox()
        self.last_year = QSpinBox()
        # Most US libraries' fiscal year starts in July (the library's setting decides what
        # the years mean; this is only where the boxes start).
        this_year = today.year + (today.month >= 7)
        for spin, value in ((self.first_year, this_year - 1), (self.last_year, this_year)):
            spin.setRange(2000, 2100)
            spin.setValue(value)
            spin.setPrefix("FY ")
        self.show_button = QPushButton("&Show")
        self.show_button.setDefault(True)
        self.show_button.clicked.connect(self.show_report)
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.table = QTableWidget(0, 2)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.chart = QChart()
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumWidth(480)
        self.status = QLabel("Choose a measure and a period, then Show.")
        self.status.setWordWrap(True)
        self.definition = QLabel("")
        self.definition.setWordWrap(True)
        self.export_button = QPushButton("&Export…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._on_export_clicked)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        self._lay_out(close)
        self.measure.currentIndexChanged.connect(self._on_measure_changed)
        self._on_mode_changed()
        self._on_measure_changed()

    def _add_measure(self, choice: MeasureChoice) -> None:
        self.measure.addItem(choice.label, choice.key)
        self.measure.setItemData(
            self.measure.count() - 1, choice.definition, Qt.ItemDataRole.ToolTipRole
        )

    def _lay_out(self, close: QPushButton) -> None:
        choose = QHBoxLayout()
        for label, widget in (
            ("&Measure", self.measure),
            ("S&how", self.mode),
            ("", self.split),
            ("&From", self.first_month),
            ("&To", self.last_month),
            ("F&rom", self.first_year),
            ("T&o", self.last_year),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            caption.setVisible(bool(label))
            widget.setProperty("caption", caption)
            choose.addWidget(caption)
            choose.addWidget(widget)
        choose.addWidget(self.show_button)
        choose.addStretch(1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.chart_view)
        split.setStretchFactor(1, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.definition)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _on_mode_changed(self) -> None:
        mode = self.mode.currentData()
        by_months = mode in {"months", "split"}
        for widget, visible in (
            (self.split, mode == "split"),
            (self.first_month, by_months),
            (self.last_month, by_months),
            (self.first_year, not by_months),
            (self.last_year, not by_months),
        ):
            widget.setVisible(visible)
            caption = widget.property("caption")
            caption.setVisible(visible and bool(caption.text()))

    def _on_measure_changed(self) -> None:
        tip = self.measure.itemData(self.measure.currentIndex(), Qt.ItemDataRole.ToolTipRole)
        self.definition.setText(str(tip or ""))

    def select_measure(self, key: str) -> None:
        """Pick a measure by its key (e.g. 'borrowing.requests')."""
        self.measure.setCurrentIndex(max(self.measure.findData(key), 0))

    def show_report(self) -> None:
        """Count the chosen measure over the chosen period (on a worker)."""
        key = str(self.measure.currentData())
        mode = self.mode.currentData()
        if mode == "split":
            span = (
                self.first_month.date().toString("yyyy-MM"),
                self.last_month.date().toString("yyyy-MM"),
            )
            by = str(self.split.currentData())

            def work(session: Any) -> SeriesReport:
                from illdesk.services.reports.series import split_by  # noqa: PLC0415

                return split_by(session.read, span[0], span[1], key, by)
        elif mode == "months":
            first = self.first_month.date().toString("yyyy-MM")
            last = self.last_month.date().toString("yyyy-MM")

            def work(session: Any) -> SeriesReport:
                from illdesk.services.reports.series import month_by_month  # noqa: PLC0415

                return month_by_month(session.read, first, last, key)
        else:
            since, until = self.first_year.value(), self.last_year.value()

            def work(session: Any) -> SeriesReport:
                from illdesk.services.reports.series import year_over_year  # noqa: PLC0415

                return year_over_year(session.read, since, until, key)

        self.status.setText("Counting…")
        self.show_button.setEnabled(False)
        self.services.query(work, self._on_report, self._on_error)

    def _on_report(self, report: SeriesReport) -> None:
        self.report = report
        self.show_button.setEnabled(True)
        self.export_button.setEnabled(True)
        header, rows = _series_module().table(report)
        self.table.setColumnCount(len(header))
        first = "Period"
        if self.mode.currentData() == "split":
            first = self.split.currentText().removesuffix(" (supervisors)")
        self.table.setHorizontalHeaderLabels([first, *header[1:]])
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                item = QTableWidgetItem(_shown(cell))
                if j:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, j, item)
        self._draw_chart(report)
        heading = f"{report.subtitle[:1].upper()}{report.subtitle[1:]}"
        corrections = (
            " (a split shows the counts as frozen; corrections are made to the totals)"
            if self.mode.currentData() == "split" and report.frozen
            else ""
        )
        open_months = report.months - report.frozen
        live = f"; {open_months} counted from the history now" if open_months else ""
        self.status.setText(
            f"{heading}: {report.frozen} of {report.months} months frozen{live}{corrections}."
        )

    def _draw_chart(self, report: SeriesReport) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        bars = QBarSeries()
        top = 0.0
        for index, (name, values) in enumerate(report.series):
            bar_set = QBarSet(name)
            bar_set.setColor(QColor(SERIES_COLOURS[index % len(SERIES_COLOURS)]))
            for value in values:
                number = 0.0 if value is None else float(value)  # bar height, not money
                bar_set.append(number)
                top = max(top, number)
            bars.append(bar_set)
        chart.addSeries(bars)
        chart.setTitle(report.title)
        periods = QBarCategoryAxis()
        periods.append(list(report.categories))
        if len(report.categories) > 6 and (
            "-" in report.categories[0] or self.mode.currentData() == "split"
        ):
            periods.setLabelsAngle(-90)  # "2026-03" side by side would not fit
        chart.addAxis(periods, Qt.AlignmentFlag.AlignBottom)
        bars.attachAxis(periods)
        scale = QValueAxis()
        scale.setRange(0, top * 1.1 if top > 0 else 1)
        scale.setLabelFormat("%.0f" if top >= 10 else "%.1f")
        chart.addAxis(scale, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(scale)
        chart.legend().setVisible(len(report.series) > 1)

    def bar_values(self) -> list[tuple[str, list[float]]]:
        """What the chart draws: each bar set's name and values (for tests and checks)."""
        out: list[tuple[str, list[float]]] = []
        for series in self.chart.series():
            if isinstance(series, QBarSeries):
                for bar_set in series.barSets():
                    out.append((bar_set.label(), [bar_set.at(i) for i in range(bar_set.count())]))
        return out

    def _on_export_clicked(self) -> None:
        if self.report is None:
            return
        name = self.report.measure.key.replace(".", "-")
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Export the report", str(Path.home() / f"{name}.pdf"), EXPORT_FILTERS
        )
        if chosen:
            self.export_to(Path(chosen))

    def export_to(self, path: Path) -> None:
        """Write the report shown as CSV, XLSX or PDF (by the file's ending), on a worker."""
        report = self.report
        if report is None:
            return
        series = _series_module()

        def work(session: Any) -> Path:
            from illdesk.services.reports.documents import library_name  # noqa: PLC0415

            series.export(report, path, library_name(session.read()))
            return path

        self.status.setText(f"Writing {path.name}…")
        self.services.query(
            work, lambda done: self.status.setText(f"Written to {done}."), self._on_error
        )

    def _on_error(self, exc: Exception) -> None:
        self.show_button.setEnabled(True)
        self.status.setText(f"Not done: {exc}")
