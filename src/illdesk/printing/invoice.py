"""Invoices to other libraries, on Letter or A4 paper: one or more pages per invoice.

Laid out as a business invoice: our library and where to send payment at the top left, the
word INVOICE with its number, dates and terms at the top right, the library billed, one line
per charge (our request number, their reference, title, what for, amount), the total, what is
already paid and what is owed, and how to pay. Text goes through the project's font chain
(`printing.text`), so titles in any script print.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing.text import draw_line, ellipsize, text_width, wrap


@dataclass(frozen=True, slots=True)
class InvoiceItem:
    """One charge billed."""

    request_number: str
    their_reference: str
    title: str
    what: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class InvoiceDocument:
    """Everything printed on one invoice."""

    number: str
    issued_on: date
    due_on: date
    terms_days: int
    currency: str
    from_lines: tuple[str, ...]  # our library, remit-to address
    from_contact: str
    to_lines: tuple[str, ...]  # the library billed, its billing address
    to_symbol: str
    items: tuple[InvoiceItem, ...]
    total: Decimal
    paid: Decimal
    how_to_pay: str
    period: str = ""
    status: str = "open"
    replaces: str = ""


MARGIN = 0.75 * inch
_COLUMNS = (("Our request", 1.05), ("Your ref.", 0.95), ("Title", 2.55), ("For", 1.45))


def _money(amount: Decimal, currency: str) -> str:
    return f"{amount:,.2f} {currency}"


def render_invoices(documents: Sequence[InvoiceDocument], *, a4: bool = False) -> bytes:
    """The invoices as one PDF, each starting on a new page."""
    buffer = io.BytesIO()
    size = A4 if a4 else LETTER
    canvas = Canvas(buffer, pagesize=size, pageCompression=0)
    canvas.setTitle("Invoices" if len(documents) != 1 else f"Invoice {documents[0].number}")
    canvas.setCreator("ILL Desk")
    for document in documents:
        _draw(canvas, document, size)
    canvas.save()
    return buffer.getvalue()


def _draw(canvas: Canvas, doc: InvoiceDocument, size: tuple[float, float]) -> None:
    width, height = size
    right = width - MARGIN
    y = height - MARGIN
    # Who we are, and the word INVOICE with its facts.
    top = y
    for i, line in enumerate(doc.from_lines):
        draw_line(canvas, line, MARGIN, top - 14 - i * 13, 12 if i == 0 else 9.5, bold=i == 0)
    if doc.from_contact:
        draw_line(canvas, doc.from_contact, MARGIN, top - 14 - len(doc.from_lines) * 13, 9)
    title = "VOID INVOICE" if doc.status == "void" else "INVOICE"
    draw_line(canvas, title, right - text_width(title, 22, bold=True), top - 18, 22, bold=True)
    facts = [
        ("Invoice number", doc.number),
        ("Date", f"{doc.issued_on:%d %B %Y}"),
        ("Payment due", f"{doc.due_on:%d %B %Y}"),
        ("Terms", f"Net {doc.terms_days} days"),
    ]
    if doc.period:
        facts.append(("Period", doc.period))
    if doc.replaces:
        facts.append(("Replaces", f"invoice {doc.replaces} (void)"))
    fy = top - 40
    for label, value in facts:
        draw_line(canvas, label, right - 2.6 * inch, fy, 9)
        draw_line(canvas, value, right - text_width(value, 9.5, bold=True), fy, 9.5, bold=True)
        fy -= 13
    y = min(top - 14 - (len(doc.from_lines) + 1) * 13, fy) - 22
    # The library billed.
    draw_line(canvas, "BILL TO", MARGIN, y, 8, bold=True)
    y -= 14
    for i, line in enumerate(doc.to_lines):
        draw_line(canvas, line, MARGIN, y, 10.5 if i == 0 else 9.5, bold=i == 0)
        y -= 13
    if doc.to_symbol:
        draw_line(canvas, f"Symbol: {doc.to_symbol}", MARGIN, y, 9)
        y -= 13
    y -= 16
    y = _table(canvas, doc, size, y)
    # Totals, right-aligned under the amounts.
    y -= 6
    owed = doc.total - doc.paid
    rows = [("Total", doc.total, True)]
    if doc.paid:
        rows += [("Paid", doc.paid, False), ("Amount due", owed, True)]
    for label, amount, bold in rows:
        shown = _money(amount, doc.currency)
        draw_line(canvas, label, right - 2.6 * inch, y, 10.5, bold=bold)
        draw_line(canvas, shown, right - text_width(shown, 10.5, bold=bold), y, 10.5, bold=bold)
        y -= 16
    y -= 14
    draw_line(canvas, "How to pay", MARGIN, y, 9.5, bold=True)
    y -= 13
    text = f"{doc.how_to_pay} Please quote invoice number {doc.number} with your payment."
    for line in wrap(text, right - MARGIN, 9.5, max_lines=6)[0]:
        draw_line(canvas, line, MARGIN, y, 9.5)
        y -= 12.5
    canvas.showPage()


def _table(canvas: Canvas, doc: InvoiceDocument, size: tuple[float, float], y: float) -> float:
    width, height = size
    right = width - MARGIN
    xs = [MARGIN]
    for _name, share in _COLUMNS:
        xs.append(xs[-1] + share * inch)

    def header(at: float) -> float:
        canvas.setLineWidth(0.8)
        canvas.line(MARGIN, at + 12, right, at + 12)
        for (name, _share), x in zip(_COLUMNS, xs, strict=False):
            draw_line(canvas, name, x, at, 8.5, bold=True)
        draw_line(
            canvas, "Amount", right - text_width("Amount", 8.5, bold=True), at, 8.5, bold=True
        )
        canvas.line(MARGIN, at - 5, right, at - 5)
        return at - 18

    y = header(y)
    for item in doc.items:
        if y < MARGIN + 1.6 * inch:  # the rest on the next page, under the same heading
            draw_line(canvas, "Continued on the next page", MARGIN, y, 8.5)
            canvas.showPage()
            y = header(height - MARGIN - 20)
            draw_line(canvas, f"Invoice {doc.number} (continued)", MARGIN, height - MARGIN, 9)
        cells = (item.request_number, item.their_reference, item.title, item.what)
        for i, cell in enumerate(cells):
            room = xs[i + 1] - xs[i] - 6
            draw_line(canvas, ellipsize(cell, room, 9), xs[i], y, 9)
        shown = _money(item.amount, doc.currency)
        draw_line(canvas, shown, right - text_width(shown, 9), y, 9)
        y -= 15
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, y + 9, right, y + 9)
    return y - 8
