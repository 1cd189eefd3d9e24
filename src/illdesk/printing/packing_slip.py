"""Packing slips: the list that goes inside a package, on Letter or A4 paper.

Every page repeats the header (package barcode, from and to, "Page N of M") so that a page
that comes loose still says where it belongs. Each item row carries its request number as a
barcode, which the receiving library scans straight from the slip.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import inch

from illdesk.printing import blocks
from illdesk.printing.layout import PAPER_STOCKS, Box, page_box
from illdesk.printing.model import PackingSlip, PackingSlipItem, PrintProfile, Rendered
from illdesk.printing.pen import Pen

MARGIN = 0.5 * inch
HEADER_H = 0.95 * inch
ADDRESS_H = 1.35 * inch
COLUMN_HEAD_H = 0.22 * inch
ROW_H = 0.8 * inch
FOOTER_H = 0.3 * inch
INSTRUCTIONS_H = 0.95 * inch
# Share of the content width given to: barcode, title, lender's reference, due date, restrictions.
COLUMN_SHARES = (0.26, 0.36, 0.13, 0.12, 0.13)


@dataclass(frozen=True, slots=True)
class _Pagination:
    pages: tuple[tuple[PackingSlipItem, ...], ...]
    instructions_on_own_page: bool


def _capacity(content_h: float, *, first: bool, last: bool) -> int:
    space = content_h - HEADER_H - FOOTER_H - COLUMN_HEAD_H
    if first:
        space -= ADDRESS_H
    if last:
        space -= INSTRUCTIONS_H
    return max(1, int(space // ROW_H))


def _paginate(slip: PackingSlip, content_h: float) -> _Pagination:
    items = slip.items
    # A slip that fits on one page with its instructions stays on one page.
    if len(items) <= _capacity(content_h, first=True, last=True):
        return _Pagination((items,), False)
    pages: list[tuple[PackingSlipItem, ...]] = []
    index = 0
    first = True
    while index < len(items):
        remaining = len(items) - index
        if remaining <= _capacity(content_h, first=first, last=True):
            pages.append(items[index:])
            return _Pagination(tuple(pages), False)
        take = min(remaining, _capacity(content_h, first=first, last=False))
        pages.append(items[index : index + take])
        index += take
        first = False
    return _Pagination(tuple(pages), True)


def _header(pen: Pen, slip: PackingSlip, box: Box, page: int, pages: int) -> Box:
    """Title, package barcode and page count; returns the space below it."""
    head, rest = box.take_top(HEADER_H)
    left, barcode_box = head.take_left(head.w - 2.3 * inch)
    pen.text("PACKING SLIP", left, 18, bold=True, align="left", kind="title")
    route = " → ".join(part for part in (slip.sender_symbol, slip.recipient_symbol) if part)
    count = len(slip.items)
    parts = (
        route,
        f"Shipped {blocks.format_date(slip.shipped_on)}",
        f"{count} item" + ("" if count == 1 else "s"),
    )
    summary = " · ".join(part for part in parts if part)
    pen.text(summary, Box(left.x, left.top - 44, left.w, 16), 10, align="left", kind="summary")
    pen.text(
        f"Page {page} of {pages}",
        Box(left.x, left.y, left.w, 14),
        9,
        bold=True,
        align="left",
        kind="page-number",
    )
    pen.barcode(slip.package_barcode, barcode_box.inset(0, 4), text_size=8)
    pen.rule(box.x, rest.top, box.right, rest.top, width=1.2)
    return Box(rest.x, rest.y, rest.w, rest.h - 4)


def _addresses(pen: Pen, slip: PackingSlip, box: Box) -> Box:
    block, rest = box.take_top(ADDRESS_H)
    from_box, to_box = block.columns(2, gap=0.3 * inch)
    for caption, address, area, country in (
        ("From", slip.sender, from_box, slip.recipient.country),
        ("To", slip.recipient, to_box, slip.sender.country),
    ):
        used = blocks.caption(pen, caption, area, 7)
        lines, name_index = blocks.address_lines(address, sender_country=country)
        blocks.line_block(
            pen,
            lines,
            Box(area.x, area.y + 6, area.w, area.h - used - 6),
            10,
            min_size=6.5,
            bold_index=name_index,
            kind=caption.lower(),
        )
    return rest


def _columns(box: Box) -> list[Box]:
    boxes: list[Box] = []
    x = box.x
    for share in COLUMN_SHARES:
        width = box.w * share
        boxes.append(Box(x, box.y, width, box.h))
        x += width
    return boxes


def _column_heads(pen: Pen, box: Box) -> Box:
    head, rest = box.take_top(COLUMN_HEAD_H)
    names = ("Request", "Title", "Lender's ref.", "Due", "Restrictions")
    for name, column in zip(names, _columns(head), strict=True):
        pen.text(name.upper(), column.inset(3, 2), 7, bold=True, align="left", kind="column")
    pen.rule(box.x, rest.top, box.right, rest.top, width=0.6)
    return rest


def _row(pen: Pen, item: PackingSlipItem, box: Box) -> None:
    code, title, reference, due, restrictions = (c.inset(4, 5) for c in _columns(box))
    pen.barcode(item.request_number, code, text_size=8, align="left")
    used = pen.text(item.title, title, 9.5, bold=True, max_lines=3, min_size=7, kind="title")
    if item.author:
        author_box = Box(title.x, title.y, title.w, title.h - used - 3)
        pen.text(item.author, author_box, 8, min_size=6.5, kind="author")
    pen.text(item.lender_reference, reference, 8.5, max_lines=3, min_size=6.5, kind="reference")
    if item.returned:
        # A returned item has nothing to keep to; a date here would read as "return by".
        pen.text("Returned with thanks", due, 8.5, max_lines=2, min_size=6.5, kind="due")
    else:
        pen.text(blocks.format_date(item.due_date), due, 9, bold=True, min_size=6.5, kind="due")
    pen.text(
        "; ".join(item.restrictions),
        restrictions,
        8,
        max_lines=4,
        min_size=6.5,
        kind="restrictions",
    )
    pen.rule(box.x, box.y, box.right, box.y, width=0.3)


def _instructions(pen: Pen, slip: PackingSlip, box: Box) -> None:
    area, _ = box.take_top(INSTRUCTIONS_H)
    area = area.inset(0, 6)
    pen.frame(area, width=0.8)
    inner = area.inset(8, 6)
    used = blocks.caption(pen, "Return instructions", inner, 7)
    instructions = slip.return_instructions or "Return to the address shown under “From”."
    pen.text(
        instructions,
        Box(inner.x, inner.y, inner.w, inner.h - used),
        9.5,
        max_lines=4,
        min_size=7,
        kind="instructions",
    )


def _footer(pen: Pen, slip: PackingSlip, box: Box, page: int, pages: int) -> None:
    foot = Box(box.x, box.y, box.w, FOOTER_H * 0.6)
    left, right = foot.take_left(foot.w * 0.7)
    pen.text(f"Package {slip.package_barcode}", left, 7.5, align="left", kind="footer")
    pen.text(f"Page {page} of {pages}", right, 7.5, align="right", kind="footer")


def render_packing_slip(slip: PackingSlip, profile: PrintProfile) -> Rendered:
    """A packing slip on Letter or A4 paper, as many pages as the items need."""
    if profile.stock not in PAPER_STOCKS:
        raise ValueError("packing slips print on Letter or A4 paper")
    page = page_box(profile.stock)
    content = page.inset(MARGIN)
    pagination = _paginate(slip, content.h)
    total = len(pagination.pages) + (1 if pagination.instructions_on_own_page else 0)
    pen = Pen(profile, title=f"Packing slip {slip.package_barcode}")
    for number, items in enumerate(pagination.pages, start=1):
        if number > 1:
            pen.new_page()
        rest = _header(pen, slip, content, number, total)
        if number == 1:
            rest = _addresses(pen, slip, rest)
        rest = _column_heads(pen, rest)
        for item in items:
            row, rest = rest.take_top(ROW_H)
            _row(pen, item, row)
        if number == total:
            _instructions(pen, slip, rest)
        _footer(pen, slip, content, number, total)
    if pagination.instructions_on_own_page:
        pen.new_page()
        rest = _header(pen, slip, content, total, total)
        _instructions(pen, slip, rest)
        _footer(pen, slip, content, total, total)
    return pen.finish()


def packing_slip_pdf(slip: PackingSlip, profile: PrintProfile) -> bytes:
    """PDF bytes of `render_packing_slip`."""
    return render_packing_slip(slip, profile).pdf
