"""Building blocks shared by several documents: address blocks, captions, dates."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bidi import get_base_level

from illdesk.core.address import PostalAddress
from illdesk.core.address_format import format_address
from illdesk.printing import text
from illdesk.printing.layout import Box
from illdesk.printing.pen import Align, Pen

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_LAST_RESORT_SIZE = 4.0
# Space between the ink of two lines of an address block, as a fraction of the font size.
_GAP = text.LEADING - text.ASCENT - text.DESCENT
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def format_date(day: date | None, *, weekday: bool = False) -> str:
    """A date nobody misreads in any country: "Tue 3 Mar 2026" (no locale involved)."""
    if day is None:
        return ""
    core = f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{_WEEKDAYS[day.weekday()]} {core}" if weekday else core


def caption(pen: Pen, label: str, box: Box, size: float = 6.5) -> float:
    """A small bold caption ("TO", "FROM", "DUE") at the top of `box`; returns its height."""
    height = pen.text(label.upper(), box, size, bold=True, align="left", kind="caption")
    return height + size * 0.35


def address_lines(
    address: PostalAddress, *, sender_country: str | None
) -> tuple[list[str], int | None]:
    """Printed lines of an address and the index of the addressee's line (to set in bold).

    See `illdesk.core.address_format` for the order of lines per country.
    """
    lines = format_address(address, sender_country=sender_country)
    name = address.name.strip()
    return lines, (lines.index(name) if name in lines else None)


def block_align(lines: Sequence[str]) -> Align:
    """Right-to-left blocks (Hebrew, Arabic) are right-aligned as a whole, numbers included."""
    rtl = any(text.has_rtl(line) and get_base_level(line) for line in lines)
    return "right" if rtl else "left"


def _wrapped_height(
    lines: Sequence[str], width: float, size: float, bold_index: int | None, first_scale: float
) -> float:
    total = 0.0
    for index, line in enumerate(lines):
        line_size = size * first_scale if index == 0 else size
        wrapped, _ = text.wrap(line, width, line_size, bold=index == bold_index, max_lines=2)
        ascent, descent = text.vertical_metrics(line)
        total += text.block_height(max(1, len(wrapped)), line_size, ascent, descent)
        total += _GAP * line_size
    return total - _GAP * size


def line_block(
    pen: Pen,
    lines: Sequence[str],
    box: Box,
    size: float,
    *,
    min_size: float,
    bold_index: int | None = 0,
    first_scale: float = 1.0,
    align: Align | None = None,
    kind: str = "address",
) -> float:
    """Draw lines top-down in `box`, all at one size that fits; long lines wrap once.

    The line at `bold_index` (the addressee) is bold; the first line can be a little larger.
    Returns the height used.
    """
    lines = [line for line in lines if line.strip()]
    if not lines:
        return 0.0
    align = align or block_align(lines)
    current = size
    # Below `min_size` only as a last resort: a smaller line beats a missing address line.
    floor = min(min_size, _LAST_RESORT_SIZE)
    while current > floor and (
        _wrapped_height(lines, box.w, current, bold_index, first_scale) > box.h
    ):
        current = max(min_size if current > min_size else floor, current - 0.5)
    top = box.top
    for index, line in enumerate(lines):
        line_size = current * first_scale if index == 0 else current
        remaining = Box(box.x, box.y, box.w, top - box.y)
        if remaining.h < text.block_height(1, line_size, *text.vertical_metrics(line)):
            break
        used = pen.text(
            line,
            remaining,
            line_size,
            bold=index == bold_index,
            align=align,
            max_lines=2,
            min_size=line_size,
            kind=kind,
        )
        top -= used + _GAP * line_size
    return box.top - top
