"""Pull slips: a batch of slips for the stacks, in the order a student walks them.

Slips are sorted by location, then by call number in shelf order, and printed four to a
Letter or A4 page (cut lines between them) or one per thermal label. Each slip has the
request number as a barcode, scanned when the item is found, and the item's own barcode when
the catalogue knows it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportlab.lib.units import inch

from illdesk.printing import barcodes, blocks
from illdesk.printing.call_number import call_number_key
from illdesk.printing.layout import PAPER_STOCKS, THERMAL_STOCKS, Box, page_box
from illdesk.printing.model import PrintProfile, PullSlip, Rendered, Stock
from illdesk.printing.pen import Pen


def sort_pull_slips(slips: Sequence[PullSlip]) -> list[PullSlip]:
    """Slips by location, then shelf order of call number, then request number."""
    return sorted(
        slips,
        key=lambda slip: (
            " ".join(slip.location.casefold().split()),
            call_number_key(slip.call_number),
            slip.request_number,
        ),
    )


_CODE39_PLAIN = re.compile(r"[0-9A-Z .\-]+")
_SHORT_DIGITS = 7


def item_symbology(item_barcode: str) -> barcodes.Symbology:
    """Codabar for the classic A...B library item numbers, Code 39 for other item numbers of
    letters, digits, hyphens, dots and spaces, Code 128 for short all-digit numbers and the
    rest (Code 39 cannot hold them, and its $ / + % pairs read back differently on scanners
    in "full ASCII" mode)."""
    value = item_barcode.strip().upper()
    if len(value) >= 3 and value[0] in "ABCD" and value[-1] in "ABCD" and value[1:-1].isdigit():
        return barcodes.Symbology.CODABAR
    if value.isdigit() and len(value) <= _SHORT_DIGITS:
        # Without a check character, a few six-digit Code 39 symbols decode as Codabar
        # (measured with zxing-cpp at 203 dpi); Code 128's checksum rules that out.
        return barcodes.Symbology.CODE128
    if _CODE39_PLAIN.fullmatch(value):
        return barcodes.Symbology.CODE39
    return barcodes.Symbology.CODE128


def draw_pull_slip(pen: Pen, slip: PullSlip, box: Box) -> None:
    """Draw one slip into `box` (margins already taken off)."""
    scale = min(1.2, max(0.8, box.w / (3.6 * inch)))
    # A whole 4x6 in label has room for larger type than a quarter of a page.
    tall = 1.2 if box.h > 4.5 * inch else 1.0
    head, rest = box.take_top(0.42 * inch)
    title_box, symbol_box = head.take_left(head.w * 0.55)
    pen.text("PULL SLIP", title_box, 11 * scale, bold=True, align="left", kind="heading")
    pen.text(
        f"Need before {blocks.format_date(slip.need_before)}" if slip.need_before else "",
        Box(title_box.x, title_box.y, title_box.w, title_box.h * 0.45),
        7.5 * scale,
        align="left",
        min_size=5.5,
        kind="need-before",
    )
    pen.text(
        slip.borrowing_library,
        symbol_box,
        20 * scale,
        bold=True,
        align="right",
        valign="middle",
        min_size=8,
        kind="borrower",
    )
    pen.rule(box.x, rest.top, box.right, rest.top, width=1.0)
    rest = Box(rest.x, rest.y, rest.w, rest.h - 6)

    used = pen.text(
        slip.call_number,
        rest,
        19 * scale * tall,
        bold=True,
        max_lines=2,
        min_size=10,
        align="left",
        kind="call-number",
    )
    rest = Box(rest.x, rest.y, rest.w, rest.h - used - 5)
    used = pen.text(
        slip.location,
        rest,
        10.5 * scale,
        bold=True,
        max_lines=2,
        min_size=7,
        align="left",
        kind="location",
    )
    rest = Box(rest.x, rest.y, rest.w, rest.h - used - 8)

    code_h = 0.62 * inch
    item_h = 0.55 * inch if slip.item_barcode else 0.0
    bottom, rest = rest.take_bottom(code_h + item_h + 4)
    used = pen.text(
        slip.title,
        Box(rest.x, rest.y + 14 * scale, rest.w, rest.h - 14 * scale),
        10 * scale * tall,
        max_lines=4 if tall == 1.0 else 6,
        min_size=7,
        kind="title",
    )
    if slip.author:
        author_box = Box(rest.x, rest.y, rest.w, rest.h - used - 3)
        pen.text(slip.author, author_box, 9 * scale * tall, min_size=6.5, kind="author")
    request_box, item_box = bottom.take_top(code_h)
    pen.barcode(slip.request_number, request_box, text_size=8, align="left")
    if slip.item_barcode:
        pen.barcode(
            slip.item_barcode,
            item_box.inset(0, 2),
            symbology=item_symbology(slip.item_barcode),
            text_size=7,
            align="left",
        )


def render_pull_slips(
    slips: Sequence[PullSlip], profile: PrintProfile, *, sort: bool = True
) -> Rendered:
    """A batch of pull slips, sorted for the stacks unless `sort` is False."""
    ordered = sort_pull_slips(slips) if sort else list(slips)
    pen = Pen(profile, title="Pull slips")
    page = page_box(profile.stock)
    if profile.stock in THERMAL_STOCKS:
        if profile.stock is Stock.THERMAL_2X6:
            raise ValueError("pull slips need 4x6 in or 4x3 in thermal labels")
        for index, slip in enumerate(ordered):
            if index:
                pen.new_page()
            draw_pull_slip(pen, slip, page.inset(0.15 * inch))
        return pen.finish()
    if profile.stock not in PAPER_STOCKS:
        raise ValueError("pull slips print on Letter, A4 or thermal labels")
    quarters = [cell for row in page.rows(2) for cell in row.columns(2)]
    for index, slip in enumerate(ordered):
        slot = index % 4
        if index and slot == 0:
            pen.new_page()
        if slot == 0:
            pen.cut_line(page.w / 2, 0.2 * inch, page.w / 2, page.h - 0.2 * inch)
            pen.cut_line(0.2 * inch, page.h / 2, page.w - 0.2 * inch, page.h / 2)
        draw_pull_slip(pen, slip, quarters[slot].inset(0.35 * inch, 0.4 * inch))
    return pen.finish()


def pull_slips_pdf(slips: Sequence[PullSlip], profile: PrintProfile, *, sort: bool = True) -> bytes:
    """PDF bytes of `render_pull_slips`."""
    return render_pull_slips(slips, profile, sort=sort).pdf
