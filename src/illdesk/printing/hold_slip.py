"""Hold-shelf slips: stick out of a book waiting on the hold shelf for its patron.

The patron (name or only ID, by the privacy setting) is the biggest thing on the slip because
shelves are ordered by patron; the "hold until" date tells staff when to clear it.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch

from illdesk.printing import blocks
from illdesk.printing.layout import PAPER_STOCKS, THERMAL_STOCKS, Box, page_box
from illdesk.printing.model import HoldSlip, PatronPrivacy, PrintProfile, Rendered, Stock
from illdesk.printing.pen import Pen


def draw_hold_slip(pen: Pen, slip: HoldSlip, box: Box) -> None:
    """Draw one slip into `box` (margins already taken off)."""
    scale = min(1.25, max(0.8, box.h / (2.6 * inch)))
    header, rest = box.take_top(0.34 * inch * scale)
    pen.fill(header)
    left, right = header.inset(6, 3).take_left(header.w * 0.45)
    pen.white_text(
        "ON HOLD",
        left,
        13 * scale,
        bold=True,
        align="left",
        valign="middle",
        min_size=7,
        kind="heading",
    )
    pen.white_text(
        "Interlibrary loan",
        right,
        9 * scale,
        align="right",
        valign="middle",
        min_size=6,
        kind="heading",
    )
    rest = Box(rest.x, rest.y, rest.w, rest.h - 6)

    caption = "Patron ID" if slip.privacy is PatronPrivacy.ID_ONLY else "For"
    used = blocks.caption(pen, caption, rest, 6.5 * scale)
    rest = Box(rest.x, rest.y, rest.w, rest.h - used)
    used = pen.text(
        slip.patron_label, rest, 20 * scale, bold=True, max_lines=2, min_size=9, kind="patron"
    )
    rest = Box(rest.x, rest.y, rest.w, rest.h - used - 6)

    barcode_row, rest = rest.take_bottom(0.62 * inch)
    until_box, code_box = barcode_row.take_left(barcode_row.w * 0.42)
    used = blocks.caption(pen, "Hold until", until_box, 6.5 * scale)
    pen.text(
        blocks.format_date(slip.hold_until, weekday=True),
        Box(until_box.x, until_box.y, until_box.w - 6, until_box.h - used),
        13 * scale,
        bold=True,
        max_lines=2,
        min_size=7,
        kind="hold-until",
    )
    pen.barcode(slip.request_number, code_box, text_size=8)

    used = blocks.caption(pen, "Pick up at", rest, 6.5 * scale)
    rest = Box(rest.x, rest.y, rest.w, rest.h - used)
    used = pen.text(
        slip.pickup_location, rest, 10.5 * scale, bold=True, max_lines=2, min_size=7, kind="pickup"
    )
    rest = Box(rest.x, rest.y, rest.w, rest.h - used - 5)
    pen.text(slip.title, rest, 9 * scale, max_lines=3, min_size=6.5, kind="title")


def render_hold_slips(slips: Sequence[HoldSlip], profile: PrintProfile) -> Rendered:
    """Hold-shelf slips: one per thermal label, or three per Letter or A4 page."""
    pen = Pen(profile, title="Hold-shelf slips")
    page = page_box(profile.stock)
    if profile.stock in THERMAL_STOCKS:
        if profile.stock is Stock.THERMAL_2X6:
            raise ValueError("hold slips need 4x6 in or 4x3 in thermal labels")
        for index, slip in enumerate(slips):
            if index:
                pen.new_page()
            draw_hold_slip(pen, slip, page.inset(0.15 * inch))
        return pen.finish()
    if profile.stock not in PAPER_STOCKS:
        raise ValueError("hold slips print on Letter, A4 or thermal labels")
    thirds = page.rows(3)
    for index, slip in enumerate(slips):
        slot = index % 3
        if index and slot == 0:
            pen.new_page()
        if slot == 0:
            for third in thirds[1:]:
                pen.cut_line(0.2 * inch, third.top, page.w - 0.2 * inch, third.top)
        draw_hold_slip(pen, slip, thirds[slot].inset(0.6 * inch, 0.45 * inch))
    return pen.finish()


def hold_slips_pdf(slips: Sequence[HoldSlip], profile: PrintProfile) -> bytes:
    """PDF bytes of `render_hold_slips`."""
    return render_hold_slips(slips, profile).pdf
