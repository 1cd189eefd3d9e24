"""Mailing labels: the outside of a package.

One label per page on 4x6 in and 4x3 in thermal rolls, or several per sheet on laser label
stock, starting at any position so that a half-used sheet can go through the printer again.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.units import inch

from illdesk.core.address import PostalAddress
from illdesk.core.address_format import courier_place
from illdesk.printing import blocks
from illdesk.printing.layout import LABEL_GRIDS, THERMAL_STOCKS, Box, page_box
from illdesk.printing.model import DeliveryMethod, LabelData, PrintProfile, Rendered, Stock
from illdesk.printing.pen import Pen


def _banner_word(pen: Pen, word: str, inner: Box) -> None:
    """One word filling the band: how the package travels when nothing more need be said."""
    pen.white_text(
        word,
        inner,
        inner.h * 0.95,
        bold=True,
        align="center",
        valign="middle",
        min_size=8,
        kind="banner",
    )


def _banner(pen: Pen, label: LabelData, box: Box) -> None:
    """The black band that tells the carrier how the package travels."""
    pen.fill(box)
    inner = box.inset(box.h * 0.12, box.h * 0.08)
    if label.delivery_method is DeliveryMethod.LIBRARY_MAIL:
        _banner_word(pen, "LIBRARY MAIL", inner)
        return
    route = courier_place(label.courier_route, label.courier_stop)
    if not route:
        _banner_word(pen, "COURIER", inner)
        return
    caption_box, route_box = inner.take_left(inner.w * 0.36)
    pen.white_text(
        "COURIER",
        caption_box,
        inner.h * 0.6,
        bold=True,
        align="left",
        valign="middle",
        min_size=6,
        kind="banner",
    )
    pen.white_text(
        route,
        route_box,
        inner.h * 0.8,
        bold=True,
        align="right",
        valign="middle",
        min_size=6,
        kind="banner",
    )


def _address(
    pen: Pen,
    address: PostalAddress,
    sender_country: str,
    box: Box,
    size: float,
    *,
    min_size: float,
    first_scale: float = 1.0,
    kind: str,
) -> None:
    lines, name_index = blocks.address_lines(address, sender_country=sender_country)
    blocks.line_block(
        pen,
        lines,
        box,
        size,
        min_size=min_size,
        bold_index=name_index,
        first_scale=first_scale,
        kind=kind,
    )


def _has_banner(label: LabelData) -> bool:
    return label.delivery_method in (DeliveryMethod.LIBRARY_MAIL, DeliveryMethod.COURIER)


def _to_block(
    pen: Pen, label: LabelData, box: Box, sender_country: str, *, size: float, caption: float
) -> None:
    """The "To" caption, the recipient's symbol at the right, and the address."""
    caption_h = blocks.caption(pen, "To", box, caption)
    if label.recipient_symbol:
        symbol_h = min(18.0, max(11.0, box.h * 0.16))
        symbol_box = Box(box.x + box.w * 0.5, box.top - symbol_h, box.w * 0.5, symbol_h)
        pen.text(
            label.recipient_symbol,
            symbol_box,
            symbol_h,
            bold=True,
            align="right",
            min_size=7,
            kind="symbol",
        )
        caption_h = max(caption_h, symbol_h + 3)
    indent = 8.0
    _address(
        pen,
        label.recipient,
        sender_country,
        Box(box.x + indent, box.y, box.w - indent, box.h - caption_h),
        size,
        min_size=7.0,
        first_scale=1.1,
        kind="to",
    )


def _draw_tall(pen: Pen, label: LabelData, box: Box, sender_country: str) -> None:
    """4x6 in labels: from, banner, to and barcode stacked."""
    from_box, rest = box.take_top(box.h * 0.19)
    barcode_box, rest = rest.take_bottom(box.h * 0.2)
    used = blocks.caption(pen, "From", from_box, 6.5)
    _address(
        pen,
        label.sender,
        label.recipient.country,
        Box(from_box.x, from_box.y + 4, from_box.w, from_box.h - used - 4),
        8.5,
        min_size=5.5,
        kind="from",
    )
    pen.rule(box.x, rest.top, box.right, rest.top, width=1.2)
    rest = Box(rest.x, rest.y, rest.w, rest.h - 6)
    if _has_banner(label):
        banner_h = 0.6 * inch if label.delivery_method is DeliveryMethod.COURIER else 0.55 * inch
        banner, rest = rest.take_top(banner_h)
        _banner(pen, label, banner)
        rest = Box(rest.x, rest.y, rest.w, rest.h - 6)
    _to_block(pen, label, rest, sender_country, size=15.0, caption=7.0)
    pen.barcode(label.package_barcode, barcode_box.inset(0, 2), text_size=9.0)


def _draw_medium(pen: Pen, label: LabelData, box: Box, sender_country: str) -> None:
    """4x3 in and A4 sheet labels: from beside the banner, then to, barcode full width."""
    top_row, rest = box.take_top(box.h * 0.27)
    barcode_box, rest = rest.take_bottom(box.h * 0.27)
    from_box, banner_box = top_row.take_left(top_row.w * 0.55)
    used = blocks.caption(pen, "From", from_box, 6.0)
    _address(
        pen,
        label.sender,
        label.recipient.country,
        Box(from_box.x, from_box.y + 3, from_box.w - 6, from_box.h - used - 3),
        7.0,
        min_size=4.5,
        kind="from",
    )
    if _has_banner(label):
        _banner(pen, label, banner_box.inset(0, banner_box.h * 0.1))
    pen.rule(box.x, rest.top, box.right, rest.top, width=1.0)
    rest = Box(rest.x, rest.y, rest.w, rest.h - 5)
    _to_block(pen, label, rest, sender_country, size=12.0, caption=6.0)
    pen.barcode(label.package_barcode, barcode_box.inset(0, 2), text_size=8.0)


def _draw_short(pen: Pen, label: LabelData, box: Box, sender_country: str) -> None:
    """Sheet labels about 2 in tall: two columns, barcode bottom right."""
    top_row, rest = box.take_top(box.h * 0.3)
    from_box, banner_box = top_row.take_left(top_row.w * 0.56)
    used = blocks.caption(pen, "From", from_box, 5.5)
    _address(
        pen,
        label.sender,
        label.recipient.country,
        Box(from_box.x, from_box.y + 3, from_box.w - 4, from_box.h - used - 3),
        6.5,
        min_size=4.5,
        kind="from",
    )
    if _has_banner(label):
        _banner(pen, label, banner_box.inset(0, banner_box.h * 0.08))
    pen.rule(box.x, rest.top - 1.5, box.right, rest.top - 1.5, width=0.8)
    rest = Box(rest.x, rest.y, rest.w, rest.h - 4)
    to_box, right = rest.take_left(rest.w * 0.56)
    used = blocks.caption(pen, "To", to_box, 5.5)
    _address(
        pen,
        label.recipient,
        sender_country,
        Box(to_box.x + 4, to_box.y, to_box.w - 6, to_box.h - used),
        10.0,
        min_size=5.5,
        first_scale=1.08,
        kind="to",
    )
    barcode_box, symbol_box = right.take_bottom(right.h * 0.68)
    if label.recipient_symbol:
        pen.text(
            label.recipient_symbol,
            symbol_box,
            symbol_box.h * 0.75,
            bold=True,
            align="right",
            valign="middle",
            min_size=6,
            kind="symbol",
        )
    pen.barcode(label.package_barcode, barcode_box, text_size=7.0)


def draw_label(pen: Pen, label: LabelData, box: Box) -> None:
    """Draw one label into `box` (the whole label, margins included)."""
    margin = 0.1 * inch if box.h < 2.5 * inch else 0.14 * inch
    inner = box.inset(margin)
    sender_country = label.sender.country or "US"
    if box.h >= 4.5 * inch:
        _draw_tall(pen, label, inner, sender_country)
    elif box.h >= 2.5 * inch:
        _draw_medium(pen, label, inner, sender_country)
    else:
        _draw_short(pen, label, inner, sender_country)


def render_mailing_labels(
    labels: Sequence[LabelData], profile: PrintProfile, *, start_at: int = 1
) -> Rendered:
    """Mailing labels on the profile's stock.

    Thermal stock prints one label per page. Laser label sheets fill positions across then
    down, beginning at `start_at` (1 = top left) so already-used labels are skipped.
    """
    if profile.stock in THERMAL_STOCKS:
        if profile.stock is Stock.THERMAL_2X6:
            raise ValueError("mailing labels need 4x6 in or 4x3 in thermal labels")
        pen = Pen(profile, title="Mailing labels")
        for index, label in enumerate(labels):
            if index:
                pen.new_page()
            draw_label(pen, label, page_box(profile.stock))
        return pen.finish()
    grid = LABEL_GRIDS.get(profile.stock)
    if grid is None:
        raise ValueError(f"mailing labels cannot be printed on plain {profile.stock.value} paper")
    if not 1 <= start_at <= grid.count:
        raise ValueError(f"start position must be between 1 and {grid.count}")
    pen = Pen(profile, title="Mailing labels")
    page_h = page_box(profile.stock).h
    position = start_at - 1
    for index, label in enumerate(labels):
        if index and position == 0:
            pen.new_page()
        draw_label(pen, label, grid.box(position, page_h))
        position = (position + 1) % grid.count
    return pen.finish()


def mailing_labels_pdf(
    labels: Sequence[LabelData], profile: PrintProfile, *, start_at: int = 1
) -> bytes:
    """PDF bytes of `render_mailing_labels`."""
    return render_mailing_labels(labels, profile, start_at=start_at).pdf
