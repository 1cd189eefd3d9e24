"""Statistics reports as PDF: a title, a bar chart, then the table of figures, on Letter or A4.

The chart is ReportLab's own bar chart drawn as vectors (it prints sharp at any size); the
table goes through the project's font chain (`printing.text`), so library names in any script
print. A long table continues on further pages under the same column heads.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.graphics import renderPDF
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing import fonts
from illdesk.printing.text import draw_line, ellipsize, text_width

MARGIN = 0.75 * inch
CHART_HEIGHT = 3.2 * inch
ROW = 13.0
# Colour-blind-safe series colours (Okabe and Ito), in the order series are drawn.
SERIES_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


@dataclass(frozen=True, slots=True)
class ChartData:
    """Bars to draw: one group per category, one bar per series in each group."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Decimal | int | None, ...]], ...]  # (name, one per category)


@dataclass(frozen=True, slots=True)
class ReportTable:
    """The figures under the chart: column heads and rows of text (numbers right-aligned)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Rows that start a section (drawn bold, e.g. "Borrowing").
    headings: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class ReportDocument:
    """One report: what it is, its chart (optional) and its table."""

    title: str
    subtitle: str
    table: ReportTable
    chart: ChartData | None = None
    notes: tuple[str, ...] = ()  # under the table: corrections, definitions followed


def render_report(document: ReportDocument, *, a4: bool = False) -> bytes:
    """The report as a PDF."""
    buffer = io.BytesIO()
    size = A4 if a4 else LETTER
    canvas = Canvas(buffer, pagesize=size, pageCompression=0)
    canvas.setTitle(document.title)
    canvas.setCreator("ILL Desk")
    width, height = size
    y = height - MARGIN
    draw_line(canvas, document.title, MARGIN, y - 14, 16, bold=True)
    y -= 32
    if document.subtitle:
        draw_line(canvas, ellipsize(document.subtitle, width - 2 * MARGIN, 10), MARGIN, y, 10)
        y -= 18
    if document.chart is not None and document.chart.categories:
        drawing = chart_drawing(document.chart, width - 2 * MARGIN, CHART_HEIGHT)
        y -= CHART_HEIGHT
        renderPDF.draw(drawing, canvas, MARGIN, y)
        y -= 18
    y = _table(canvas, document, size, y)
    for note in document.notes:
        if y < MARGIN + ROW:
            canvas.showPage()
            y = height - MARGIN - 10
        draw_line(canvas, ellipsize(note, width - 2 * MARGIN, 8.5), MARGIN, y, 8.5)
        y -= ROW
    canvas.save()
    return buffer.getvalue()


def _number(value: Decimal | int | None) -> float:
    return 0.0 if value is None else float(value)  # a bar's height on paper, not money


def chart_drawing(chart: ChartData, width: float, height: float) -> Drawing:
    """The bar chart as a ReportLab drawing of `width` x `height` points."""
    font = fonts.ensure_registered(fonts.PRIMARY_FONT)
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, chart.title, fontName=font, fontSize=10))
    bars = VerticalBarChart()
    bars.x, bars.y = 36, 42
    bars.width, bars.height = width - 36 - 130, height - 42 - 24
    bars.data = [tuple(_number(v) for v in values) for _name, values in chart.series]
    bars.categoryAxis.categoryNames = list(chart.categories)
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = 7
    many = len(chart.categories) > 8
    bars.categoryAxis.labels.angle = 45 if many else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if many else "n"
    bars.valueAxis.valueMin = 0
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.labels.fontSize = 7
    top = max((v for values in bars.data for v in values), default=0.0)
    bars.valueAxis.valueMax = top * 1.1 if top > 0 else 1
    bars.groupSpacing = 6
    for index in range(len(chart.series)):
        bars.bars[index].fillColor = colors.HexColor(SERIES_COLOURS[index % len(SERIES_COLOURS)])
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    legend = Legend()
    legend.x, legend.y = width - 120, height - 30
    legend.fontName = font
    legend.fontSize = 8
    legend.alignment = "right"
    legend.colorNamePairs = [
        (colors.HexColor(SERIES_COLOURS[i % len(SERIES_COLOURS)]), name[:28])
        for i, (name, _values) in enumerate(chart.series)
    ]
    drawing.add(legend)
    return drawing


def _columns(table: ReportTable, room: float) -> list[float]:
    """Column widths: the first (labels) takes what the number columns leave."""
    count = len(table.header)
    if count == 1:
        return [room]
    numbers = [
        max(
            [
                text_width(table.header[i], 8.5, bold=True),
                *(text_width(r[i], 9) for r in table.rows),
            ]
        )
        + 12
        for i in range(1, count)
    ]
    numbers = [min(max(w, 40.0), 110.0) for w in numbers]
    first = max(room - sum(numbers), room * 0.3)
    scale = min(1.0, (room - first) / sum(numbers)) if sum(numbers) else 1.0
    return [first, *(w * scale for w in numbers)]


def _table(canvas: Canvas, document: ReportDocument, size: tuple[float, float], y: float) -> float:
    table = document.table
    width, height = size
    room = width - 2 * MARGIN
    widths = _columns(table, room)

    def header(at: float) -> float:
        canvas.setLineWidth(0.6)
        x = MARGIN
        for index, (name, column) in enumerate(zip(table.header, widths, strict=True)):
            text = ellipsize(name, column - 4, 8.5, bold=True)
            if index == 0:
                draw_line(canvas, text, x, at, 8.5, bold=True)
            else:
                draw_line(canvas, text, x + column - text_width(text, 8.5, bold=True), at, 8.5,
                          bold=True)  # fmt: skip
            x += column
        canvas.line(MARGIN, at - 4, MARGIN + room, at - 4)
        return at - ROW - 2

    y = header(y)
    for number, row in enumerate(table.rows):
        if y < MARGIN:
            canvas.showPage()
            draw_line(canvas, f"{document.title} (continued)", MARGIN, height - MARGIN, 9)
            y = header(height - MARGIN - 22)
        bold = number in table.headings
        x = MARGIN
        for index, (cell, column) in enumerate(zip(row, widths, strict=False)):
            text = ellipsize(cell, column - 4, 9, bold=bold)
            if index == 0:
                draw_line(canvas, text, x, y, 9, bold=bold)
            else:
                draw_line(canvas, text, x + column - text_width(text, 9, bold=bold), y, 9,
                          bold=bold)  # fmt: skip
            x += column
        y -= ROW
    return y - 6
