"""Printed notices: one letter per page, folded into a window envelope.

The recipient's address sits where the envelope's window is, with our return address on the
line above it, so nothing has to be addressed by hand:

- US #10 with a left window (letter paper, folded in three): the window's address area is
  0.875 in from the left edge and 2.0 to 3.125 in from the top of the sheet, 4 in wide;
- DL (A4 folded in three, DIN 5008 form B): the address field 20 mm from the left, 45 mm from
  the top, 85 x 45 mm; its first 12 mm hold the return address in small type.

Text in any script is drawn with the shipped fonts (`printing.text`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing import text as pdf_text


@dataclass(frozen=True, slots=True)
class Envelope:
    """Where the window is on the page (points, from the top-left corner of the sheet)."""

    name: str
    page: tuple[float, float]
    left: float
    top: float
    width: float
    height: float
    return_height: float  # the strip at the window's top that holds our return address
    body_top: float  # where the letter's text begins (below the top fold's window)


ENVELOPES: dict[str, Envelope] = {
    "us10": Envelope(
        "US #10",
        LETTER,
        0.875 * inch,
        2.0 * inch,
        4.0 * inch,
        1.125 * inch,
        0.25 * inch,
        3.9 * inch,
    ),
    "dl": Envelope("DL", A4, 20 * mm, 45 * mm, 85 * mm, 45 * mm, 12 * mm, 98 * mm),
}


@dataclass(frozen=True, slots=True)
class LetterPage:
    """One letter: who it goes to (lines of the address), who it is from, and its text."""

    address: tuple[str, ...]
    return_address: str
    sender_lines: tuple[str, ...]
    date_line: str
    body: str
    warning: str = ""  # small print at the foot (the copyright warning on letters about copies)


def render_letters(letters: Sequence[LetterPage], envelope: str = "us10") -> bytes:
    """All letters as one PDF, one per page, in the order given."""
    env = ENVELOPES[envelope]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=env.page, pageCompression=1)
    canvas.setTitle("Notices to post")
    for letter in letters:
        _page(canvas, env, letter)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _page(canvas: Canvas, env: Envelope, letter: LetterPage) -> None:
    width, height = env.page
    right = width - env.left
    # The letterhead: the library's name and contact lines at the top right, out of the window.
    y = height - 0.6 * inch
    for i, line in enumerate(letter.sender_lines[:5]):
        size = 11.0 if i == 0 else 8.5
        w = pdf_text.text_width(line, size, bold=i == 0)
        pdf_text.draw_line(canvas, line, right - w, y, size, bold=i == 0)
        y -= size * 1.3
    # Our return address on one small line, at the top of the window.
    window_top = height - env.top
    small = 7.0
    ret = pdf_text.wrap(letter.return_address, env.width - 4, small)[0]
    if ret:
        pdf_text.draw_line(canvas, ret[0], env.left + 2, window_top - small - 2, small)
        canvas.setLineWidth(0.3)
        canvas.line(
            env.left + 2, window_top - small - 4, env.left + env.width - 2, window_top - small - 4
        )
    # The recipient, inside the rest of the window.
    size = 10.0
    space = env.height - env.return_height - 2
    lines = [ln for ln in letter.address if ln.strip()][: max(1, int(space // (size * 1.2)))]
    y = window_top - env.return_height - size
    for line in lines:
        fitted = pdf_text.ellipsize(line, env.width - 4, size)
        pdf_text.draw_line(canvas, fitted, env.left + 2, y, size)
        y -= size * 1.2
    # The date and the letter's text, below the window.
    y = height - env.body_top
    date_w = pdf_text.text_width(letter.date_line, 10)
    pdf_text.draw_line(canvas, letter.date_line, right - date_w, y, 10)
    y -= 28
    body_size, pitch = 10.5, 10.5 * 1.35
    floor = 0.75 * inch
    if letter.warning:
        small = 7.5
        foot, _cut = pdf_text.wrap(letter.warning, right - env.left, small, max_lines=20)
        floor += len(foot) * small * 1.25 + 12
        foot_y = floor - 12
        for line in foot:
            pdf_text.draw_line(canvas, line, env.left, foot_y, small)
            foot_y -= small * 1.25
    for paragraph in letter.body.split("\n"):
        if not paragraph.strip():
            y -= pitch * 0.6
            continue
        wrapped, _cut = pdf_text.wrap(paragraph, right - env.left, body_size, max_lines=40)
        for line in wrapped:
            if y < floor:
                return  # a letter is one page; the template keeps it short
            pdf_text.draw_line(canvas, line, env.left, y, body_size)
            y -= pitch
