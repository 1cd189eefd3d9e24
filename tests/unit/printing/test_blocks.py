"""Shared pieces: dates, address blocks."""

from __future__ import annotations

from datetime import date

from illdesk.core.address import PostalAddress
from illdesk.printing import blocks
from illdesk.printing.layout import Box
from illdesk.printing.model import PrintProfile, Stock
from illdesk.printing.pen import Pen
from illdesk.printing.samples import ABROAD


def test_dates_need_no_locale() -> None:
    assert blocks.format_date(date(2026, 3, 3)) == "3 Mar 2026"
    assert blocks.format_date(date(2026, 3, 3), weekday=True) == "Tue 3 Mar 2026"
    assert blocks.format_date(None) == ""


def test_address_lines_know_the_addressee() -> None:
    lines, index = blocks.address_lines(ABROAD["JP"], sender_country="US")
    assert index is not None
    assert lines[index] == "国立国会図書館"
    assert lines[-1] == "JAPAN"
    lines, index = blocks.address_lines(PostalAddress(city="Eugene"), sender_country="US")
    assert index is None


def test_block_alignment_follows_the_script() -> None:
    assert blocks.block_align(["הספרייה הלאומית", "9195001"]) == "right"
    assert blocks.block_align(["ORU", "Eugene, OR 97403"]) == "left"


def test_line_block_keeps_every_line_in_a_tight_box() -> None:
    pen = Pen(PrintProfile(stock=Stock.THERMAL_4X6))
    lines = [f"Line number {n} of a long address block" for n in range(9)]
    box = Box(10, 10, 150, 60)
    used = blocks.line_block(pen, lines, box, 12, min_size=6, kind="address")
    placed = [p for p in pen.finish().placements if p.kind == "address"]
    # Shrunk below the preferred floor rather than dropping lines.
    assert [p.text for p in placed] == lines
    assert used <= box.h + 0.01
    for placement in placed:
        assert placement.extent[1] >= box.y - 0.01
        assert placement.extent[3] <= box.top + 0.01
