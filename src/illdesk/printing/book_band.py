"""Book bands: the paper strip wrapped around a borrowed book.

The band carries what the patron and the circulation desk need at a glance (who, due when,
restrictions) and the request number as a barcode, which is often the only barcode the
borrowed book has in our library. Bands print as 2 or 3 strips per Letter or A4 page with
cut lines, or one per label on 2x6 in or 4x6 in thermal stock.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch

from illdesk.printing import blocks
from illdesk.printing.layout import PAPER_STOCKS, Box, page_box
from illdesk.printing.model import (
    BookBand,
    BookBandLayout,
    PatronPrivacy,
    PrintProfile,
    Rendered,
    Stock,
)
from illdesk.printing.pen import Pen

# The main face of a band; a strip taller than this gets a tail that folds inside the cover.
FACE_H = 5.7 * inch
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
SINGLE_STOCKS = frozenset({Stock.THERMAL_2X6, Stock.THERMAL_4X6})


def _section(pen: Pen, box: Box, caption: str, height: float, scale: float) -> tuple[Box, Box]:
    """A captioned section of `height` at the top of `box`: (its content box, what is left)."""
    section, rest = box.take_top(height)
    used = blocks.caption(pen, caption, section, 6.5 * scale)
    # Keep a little air above the next caption.
    gap = 4.0 * scale
    return Box(section.x, section.y + gap, section.w, section.h - used - gap), rest


def _face(pen: Pen, band: BookBand, box: Box) -> None:
    scale = _scale(box)
    header, rest = box.take_top(0.5 * inch * scale**0.5)
    pen.fill(header)
    inner = header.inset(4, 3)
    top, bottom = inner.take_top(inner.h * 0.6)
    pen.white_text(
        "INTERLIBRARY LOAN",
        top,
        13 * scale,
        bold=True,
        align="center",
        valign="middle",
        min_size=7,
        kind="heading",
    )
    pen.white_text(
        band.home_library,
        bottom,
        7.5 * scale,
        align="center",
        valign="middle",
        min_size=5,
        kind="home-library",
    )
    rest = Box(rest.x, rest.y, rest.w, rest.h - 8)

    caption = "Patron ID" if band.privacy is PatronPrivacy.ID_ONLY else "Patron"
    content, rest = _section(pen, rest, caption, 0.62 * inch * scale**0.5, scale)
    pen.text(
        band.patron_label, content, 14 * scale, bold=True, max_lines=2, min_size=7, kind="patron"
    )

    weekday = _WEEKDAYS[band.patron_due_date.weekday()]
    content, rest = _section(pen, rest, f"Due {weekday}", 0.8 * inch * scale**0.5, scale)
    pen.text(
        blocks.format_date(band.patron_due_date),
        content,
        26 * scale,
        bold=True,
        align="left",
        valign="middle",
        min_size=10,
        kind="due",
    )

    content, rest = _section(pen, rest, "Title", 0.72 * inch * scale, scale)
    pen.text(band.title, content, 9 * scale, max_lines=4, min_size=6.5, kind="title")

    content, rest = _section(pen, rest, "Lender", 0.52 * inch * scale**0.5, scale)
    pen.text(band.lender, content, 9.5 * scale, bold=True, max_lines=2, min_size=6.5, kind="lender")

    footer, rest = rest.take_bottom(0.34 * inch)
    pen.rule(footer.x, footer.top, footer.right, footer.top, width=1.2)
    pen.text(
        "Do not remove this band",
        footer.inset(0, 3),
        10.5 * scale,
        bold=True,
        align="center",
        valign="middle",
        min_size=6,
        kind="do-not-remove",
    )

    barcode_box, rest = rest.take_bottom(0.72 * inch)
    pen.barcode(band.request_number, barcode_box.inset(0, 3), text_size=8 * min(scale, 1.2))

    restrictions = band.restrictions
    if restrictions:
        gap = 3.0
        count = len(restrictions)
        height = min(0.3 * inch * scale**0.5, (rest.h - gap * count) / count)
        cursor = Box(rest.x, rest.y, rest.w, rest.h - gap)
        for restriction in restrictions:
            bar, cursor = cursor.take_top(height)
            cursor = Box(cursor.x, cursor.y, cursor.w, max(0.0, cursor.h - gap))
            if bar.h < 8:
                break
            pen.fill(bar)
            pen.white_text(
                restriction.upper(),
                bar.inset(4, 2),
                11 * scale,
                bold=True,
                align="center",
                valign="middle",
                min_size=5,
                kind="restriction",
            )


def _scale(box: Box) -> float:
    """Type size factor: 1 for a 2.5 in wide band, more for wider ones."""
    return float(min(1.45, max(0.85, box.w / (2.5 * inch))))


def _tail(pen: Pen, band: BookBand, box: Box) -> None:
    """The part of a long strip that goes inside the book: enough to match band and book."""
    pen.cut_line(box.x, box.top, box.right, box.top)
    inner = box.inset(0, 10)
    pen.text(
        "Fold here · inside the front cover",
        Box(inner.x, inner.top - 10, inner.w, 10),
        6.5,
        align="center",
        kind="fold",
    )
    middle = Box(inner.x, inner.y, inner.w, inner.h - 20)
    rows = middle.rows(4, gap=4)
    pen.text(
        "Do not remove this band",
        rows[0],
        12,
        bold=True,
        align="center",
        valign="middle",
        min_size=6,
        kind="do-not-remove",
    )
    pen.text(
        f"Due {blocks.format_date(band.patron_due_date)}",
        rows[1],
        12,
        bold=True,
        align="center",
        valign="middle",
        min_size=6,
        kind="due",
    )
    pen.text(
        band.title,
        rows[2],
        8,
        align="center",
        valign="middle",
        max_lines=2,
        min_size=6,
        kind="title",
    )
    pen.text(
        f"Request {band.request_number}",
        rows[3],
        9,
        align="center",
        valign="middle",
        min_size=6,
        kind="request",
    )


def draw_band(pen: Pen, band: BookBand, box: Box) -> None:
    """Draw one band into `box` (margins already taken off)."""
    if box.h > FACE_H + 1.2 * inch:
        # Wider strips set larger type, so their face grows too (the tail keeps 3 in).
        face_h = max(FACE_H, min(box.h - 3 * inch, FACE_H * _scale(box) ** 0.5))
        face, tail = box.take_top(face_h)
        _face(pen, band, face)
        _tail(pen, band, Box(tail.x, tail.y, tail.w, tail.h - 0.15 * inch))
    else:
        _face(pen, band, box)


def render_book_bands(
    bands: Sequence[BookBand],
    profile: PrintProfile,
    *,
    layout: BookBandLayout = BookBandLayout.STRIPS,
    strips_per_page: int = 3,
) -> Rendered:
    """Book bands as strips on paper (2 or 3 per page) or one per thermal label."""
    if layout is BookBandLayout.SINGLE or profile.stock in SINGLE_STOCKS:
        if profile.stock not in SINGLE_STOCKS:
            raise ValueError("single book bands print on 2x6 in or 4x6 in labels")
        pen = Pen(profile, title="Book bands")
        margin = 0.1 * inch if profile.stock is Stock.THERMAL_2X6 else 0.16 * inch
        for index, band in enumerate(bands):
            if index:
                pen.new_page()
            draw_band(pen, band, page_box(profile.stock).inset(margin, 0.14 * inch))
        return pen.finish()
    if profile.stock not in PAPER_STOCKS:
        raise ValueError("book band strips print on Letter or A4 paper")
    if strips_per_page not in (2, 3):
        raise ValueError("book bands print 2 or 3 strips per page")
    page = page_box(profile.stock)
    strips = page.inset(0.25 * inch, 0.3 * inch).columns(strips_per_page)
    pen = Pen(profile, title="Book bands")
    for index, band in enumerate(bands):
        slot = index % strips_per_page
        if index and slot == 0:
            pen.new_page()
        if slot == 0:
            for strip in strips[1:]:
                pen.cut_line(strip.x, 0.1 * inch, strip.x, page.top - 0.1 * inch)
        draw_band(pen, band, strips[slot].inset(0.16 * inch, 0))
    return pen.finish()


def book_bands_pdf(
    bands: Sequence[BookBand],
    profile: PrintProfile,
    *,
    layout: BookBandLayout = BookBandLayout.STRIPS,
    strips_per_page: int = 3,
) -> bytes:
    """PDF bytes of `render_book_bands`."""
    return render_book_bands(bands, profile, layout=layout, strips_per_page=strips_per_page).pdf
