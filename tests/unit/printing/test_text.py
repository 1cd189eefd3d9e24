"""Text: widths, wrapping, shortening, bidi order and Arabic shaping."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing import text
from illdesk.printing.samples import LONG_TITLE, SCRIPT_SAMPLES


def test_width_grows_with_text_and_size() -> None:
    assert text.text_width("ILL", 10) < text.text_width("ILL Desk", 10)
    assert text.text_width("ILL", 20) == pytest.approx(2 * text.text_width("ILL", 10))
    assert text.text_width("ILL", 10, bold=True) > text.text_width("ILL", 10)


@pytest.mark.parametrize("width", [40.0, 90.0, 200.0])
def test_ellipsize_fits_and_marks_the_cut(width: float) -> None:
    short = text.ellipsize(LONG_TITLE, width, 9)
    assert text.text_width(short, 9) <= width
    assert short.endswith(text.ELLIPSIS)
    assert LONG_TITLE.startswith(short[:-1].rstrip(" ,;:-–"))


def test_ellipsize_leaves_fitting_text_alone() -> None:
    assert text.ellipsize("Война и мир", 200, 9) == "Война и мир"


@pytest.mark.parametrize("script", sorted(SCRIPT_SAMPLES))
def test_wrap_keeps_every_line_inside_the_width(script: str) -> None:
    sample = (SCRIPT_SAMPLES[script] + " ") * 6
    lines, truncated = text.wrap(sample, 120, 10, max_lines=3)
    assert 1 <= len(lines) <= 3
    assert truncated
    for line in lines:
        assert text.text_width(line, 10) <= 120 + 1e-6, line
    assert lines[-1].endswith(text.ELLIPSIS)


def test_wrap_breaks_cjk_without_spaces() -> None:
    lines, truncated = text.wrap("国立国会図書館" * 6, 60, 10, max_lines=10)
    assert not truncated
    assert len(lines) > 2
    assert "".join(lines) == "国立国会図書館" * 6


def test_fit_shrinks_before_shortening() -> None:
    fitted = text.fit("Braiding Sweetgrass", 60, 12, 14, min_size=6)
    assert not fitted.truncated
    assert fitted.size < 14
    assert text.text_width(fitted.lines[0], fitted.size) <= 60
    assert fitted.height <= 12


def test_fit_at_floor_shortens_within_box() -> None:
    fitted = text.fit(LONG_TITLE, 100, 30, 12, min_size=7, max_lines=4)
    assert fitted.truncated
    assert fitted.size == 7
    assert fitted.height <= 30
    assert all(text.text_width(line, 7) <= 100 for line in fitted.lines)


def test_hebrew_is_drawn_right_to_left() -> None:
    segments = text.line_segments("שלום 123", 10)
    drawn = "".join(segment.text for segment in segments)
    # Visual order: the number stays left to right, and ends up on the left of the word.
    assert drawn == "123 םולש"


def test_mixed_line_keeps_latin_order() -> None:
    segments = text.line_segments("ILL from הספרייה today", 10)
    drawn = "".join(segment.text for segment in segments)
    assert drawn == "ILL from " + "הספרייה"[::-1] + " today"


def test_arabic_is_shaped() -> None:
    segments = text.line_segments(SCRIPT_SAMPLES["arabic"], 12)
    assert any(isinstance(segment.text, ShapedStr) for segment in segments)
    assert all(segment.font == "IllNotoSansArabic" for segment in segments)


def _chars_left_to_right(line: str) -> str:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 40))
    text.draw_line(canvas, line, 10, 15, 12)
    canvas.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    page = document[0].get_textpage()
    chars = [
        (page.get_charbox(index)[0], page.get_text_range(index, 1))
        for index in range(page.count_chars())
    ]
    document.close()
    return "".join(char for _, char in sorted(chars) if char.strip())


def test_drawn_hebrew_reads_right_to_left_on_the_page() -> None:
    # A right-to-left line starts at the right: the city (first in logical order) is
    # rightmost, the postcode left of it, and the word's last letter is its leftmost glyph.
    assert _chars_left_to_right("ירושלים 9195001") == "9195001םילשורי"


def test_drawn_width_matches_measured_width() -> None:
    for sample in SCRIPT_SAMPLES.values():
        buffer = io.BytesIO()
        canvas = Canvas(buffer, pagesize=(800, 40))
        width = text.draw_line(canvas, sample, 10, 15, 12)
        canvas.save()
        assert width == pytest.approx(text.text_width(sample, 12))
        document = pdfium.PdfDocument(buffer.getvalue())
        page = document[0].get_textpage()
        right = max(page.get_charbox(i)[2] for i in range(page.count_chars()))
        document.close()
        assert right <= 10 + width + 1.5, sample


_ALPHABET = "".join(sorted(set("".join(SCRIPT_SAMPLES.values()) + LONG_TITLE + "  -,.…")))


@settings(max_examples=80, deadline=None)
@given(
    content=st.text(alphabet=_ALPHABET, max_size=300),
    width=st.floats(min_value=2, max_value=400),
    height=st.floats(min_value=5, max_value=120),
    size=st.floats(min_value=6, max_value=30),
    max_lines=st.integers(min_value=1, max_value=6),
    bold=st.booleans(),
)
def test_fit_always_lies_within_the_box(
    content: str, width: float, height: float, size: float, max_lines: int, bold: bool
) -> None:
    fitted = text.fit(content, width, height, size, min_size=5, max_lines=max_lines, bold=bold)
    assert len(fitted.lines) <= max_lines
    assert fitted.height <= height + 1e-6
    for line in fitted.lines:
        assert text.text_width(line, fitted.size, bold=bold) <= width + 1e-6
    if not fitted.truncated:
        # Nothing lost: the lines hold every non-space character of the input, in order.
        assert "".join("".join(fitted.lines).split()) == "".join(content.split())
