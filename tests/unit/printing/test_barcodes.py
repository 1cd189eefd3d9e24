"""Barcodes: whole-dot bars, quiet zones, and every symbology decodes to its exact value."""

from __future__ import annotations

import io
import re

import pypdfium2 as pdfium
import pytest
import zxingcpp
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing import barcodes
from illdesk.printing.barcodes import Symbology

VALUES = [
    (Symbology.CODE128, "B-26-000123"),
    (Symbology.CODE128, "P-26-004711"),
    (Symbology.CODE128, "L-26-000500"),
    (Symbology.CODE128, "31234000123457"),
    (Symbology.CODABAR, "A31234000123457B"),
    (Symbology.CODABAR, "C21234567890123D"),
    (Symbology.CODE39, "39001002003"),
    (Symbology.CODE39, "ILL-42 X"),
]


def _render(value: str, symbology: Symbology, dpi: int, width: float) -> list[str]:
    buffer = io.BytesIO()
    page_w = width + 0.5 * inch
    canvas = Canvas(buffer, pagesize=(page_w, 1.2 * inch))
    bar_plan = barcodes.plan(value, symbology, width, dpi)
    barcodes.draw(canvas, bar_plan, 0.25 * inch, 0.2 * inch, 0.8 * inch)
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    image = document[0].render(scale=dpi / 72.0).to_pil()
    document.close()
    return [result.text for result in zxingcpp.read_barcodes(image)]


@pytest.mark.parametrize("dpi", [203, 300, 600])
@pytest.mark.parametrize(("symbology", "value"), VALUES)
def test_decodes_to_exact_value(symbology: Symbology, value: str, dpi: int) -> None:
    assert _render(value, symbology, dpi, 3.5 * inch) == [value]


@pytest.mark.parametrize("dpi", [203, 300, 600])
def test_bars_are_whole_dots_and_module_in_range(dpi: int) -> None:
    bar_plan = barcodes.plan("B-26-000123", Symbology.CODE128, 3 * inch, dpi)
    smallest, largest = barcodes.module_dots_range(dpi)
    assert smallest <= bar_plan.dots_per_module <= largest
    assert bar_plan.module_mm >= 0.25 - 0.01
    for start, width in bar_plan.bars:
        assert isinstance(start, int)
        assert isinstance(width, int)
        assert width % bar_plan.dots_per_module == 0


@pytest.mark.parametrize("dpi", [203, 300])
def test_drawn_edges_fall_on_the_dot_grid(dpi: int) -> None:
    """The PDF rectangles start and end on whole printer dots, wherever x was asked for."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(4 * inch, 1 * inch), pageCompression=0)
    bar_plan = barcodes.plan("B-26-000123", Symbology.CODE128, 3 * inch, dpi)
    left, _ = barcodes.draw(canvas, bar_plan, 13.37, 10, 40)
    canvas.save()
    dot = 72.0 / dpi
    assert left >= 13.37
    assert abs(left / dot - round(left / dot)) < 1e-6
    content = buffer.getvalue().decode("latin-1")
    number = r"(-?[\d.]+)"
    rects = re.findall(rf"{number} {number} {number} {number} re", content)
    assert len(rects) == len(bar_plan.bars)
    for x, _y, width, _h in rects:
        assert abs(float(x) / dot - round(float(x) / dot)) < 0.01
        assert abs(float(width) / dot - round(float(width) / dot)) < 0.01


def test_quiet_zones_are_at_least_ten_modules() -> None:
    bar_plan = barcodes.plan("B-26-000123", Symbology.CODE128, 3 * inch, 203)
    first_start = bar_plan.bars[0][0]
    last_end = bar_plan.bars[-1][0] + bar_plan.bars[-1][1]
    assert first_start >= 10 * bar_plan.dots_per_module
    assert bar_plan.total_dots - last_end >= 10 * bar_plan.dots_per_module


def test_narrow_space_uses_fewer_dots_but_still_fits() -> None:
    wide = barcodes.plan("B-26-000123", Symbology.CODE128, 4 * inch, 300)
    narrow = barcodes.plan("B-26-000123", Symbology.CODE128, 1.2 * inch, 300)
    assert narrow.dots_per_module < wide.dots_per_module
    assert narrow.width_pt <= 1.2 * inch
    assert wide.module_mm <= barcodes.MAX_MODULE_MM + 0.01


def test_too_narrow_raises() -> None:
    with pytest.raises(barcodes.BarcodeDoesNotFit):
        barcodes.plan("B-26-000123", Symbology.CODE128, 10 * mm, 203)


def test_codabar_gets_start_stop_when_missing() -> None:
    assert barcodes.codabar_value("31234000123457") == "A31234000123457A"
    assert barcodes.codabar_value("a31234000123457b") == "A31234000123457B"


def test_codabar_ratio_is_three_to_one() -> None:
    pattern = barcodes.modules("A1B", Symbology.CODABAR)
    runs = {len(run) for run in pattern.replace("0", " ").split()}
    assert runs == {1, 3}


def test_unencodable_value_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="cannot encode"):
        barcodes.modules("A12X34B", Symbology.CODABAR)


def test_empty_value_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        barcodes.modules("  ", Symbology.CODE128)


@pytest.mark.parametrize(
    ("symbology", "value", "read_back"),
    [
        (Symbology.CODABAR, "31234000123457", "A31234000123457A"),
        (Symbology.CODE39, "ill-42", "ILL-42"),
        (Symbology.CODE128, "b-26-000123", "b-26-000123"),
    ],
)
def test_read_back_text(symbology: Symbology, value: str, read_back: str) -> None:
    assert barcodes.encoded_text(value, symbology) == read_back
    assert barcodes.plan(value, symbology, 4 * inch, 300).value == read_back
    assert _render(value, symbology, 300, 3.5 * inch) == [read_back]
