"""The fitted drawing surface."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from reportlab.lib.units import mm

from illdesk.printing import samples
from illdesk.printing.layout import Box
from illdesk.printing.model import PrintProfile, Stock
from illdesk.printing.pen import Pen


def _pen() -> Pen:
    return Pen(PrintProfile(stock=Stock.THERMAL_4X6, dpi=203))


def test_text_never_leaves_its_box() -> None:
    pen = _pen()
    box = Box(20, 300, 120, 30)
    pen.text(samples.LONG_TITLE, box, 14, max_lines=3, min_size=6)
    (placement,) = pen.finish().placements
    x0, y0, x1, y1 = placement.extent
    assert x0 >= box.x - 0.01 and x1 <= box.right + 0.01
    assert y0 >= box.y - 0.01 and y1 <= box.top + 0.01
    assert placement.text.endswith("…")


def test_right_to_left_text_starts_at_the_right() -> None:
    pen = _pen()
    box = Box(20, 300, 200, 20)
    pen.text("הספרייה הלאומית", box, 10)
    pen.text("National Library", box, 10)
    hebrew, latin = pen.finish().placements
    assert hebrew.extent[2] == pytest.approx(box.right)
    assert latin.extent[0] == pytest.approx(box.x)


def test_empty_text_places_nothing() -> None:
    pen = _pen()
    assert pen.text("   ", Box(0, 0, 100, 100), 10) == 0.0
    assert pen.finish().placements == ()


def test_pages_are_counted() -> None:
    pen = _pen()
    pen.text("one", Box(10, 10, 100, 20), 10)
    pen.new_page()
    pen.text("two", Box(10, 10, 100, 20), 10)
    rendered = pen.finish()
    assert [p.page for p in rendered.placements] == [1, 2]
    document = pdfium.PdfDocument(rendered.pdf)
    assert len(document) == 2
    document.close()


def _first_bar_left(offset_mm: float) -> float:
    profile = PrintProfile(stock=Stock.THERMAL_4X6, dpi=203, offset_x_mm=offset_mm)
    pen = Pen(profile)
    pen.barcode("B-26-000123", Box(10, 100, 250, 60), human_readable=False)
    document = pdfium.PdfDocument(pen.finish().pdf)
    (path,) = list(document[0].get_objects())
    left = float(path.get_bounds()[0])
    document.close()
    return left


@pytest.mark.parametrize("offset_mm", [1.0, -0.7, 2.345])
def test_offsets_snap_to_whole_dots(offset_mm: float) -> None:
    """With any calibration offset, bar edges stay on the printer's dot grid."""
    dot = 72 / 203
    left = _first_bar_left(offset_mm)
    assert left / dot == pytest.approx(round(left / dot), abs=1e-3)
    # The offset really moved the bars, by the whole number of dots nearest to it.
    moved = left - _first_bar_left(0.0)
    assert moved == pytest.approx(round(offset_mm * mm / dot) * dot, abs=1e-3)
