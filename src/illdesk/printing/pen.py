"""A thin drawing surface over a ReportLab canvas that keeps every field inside its box.

Documents draw through a `Pen` instead of the canvas so that text is always fitted (shrunk,
wrapped or shortened) to the box it was given, barcodes land on the printer's dot grid, and
every placement is recorded for tests and previews.
"""

from __future__ import annotations

import io
from typing import Literal

from bidi import get_base_level
from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing import barcodes, text
from illdesk.printing.layout import Box, page_size
from illdesk.printing.model import Placement, PrintProfile, Rendered

# ASCII85 makes PDFs 7-bit clean, which no printer or viewer needs, and costs a third of the
# time of a 500-label run; plain zlib streams are smaller too.
rl_config.useA85 = 0

Align = Literal["left", "center", "right", "start"]
VAlign = Literal["top", "middle", "bottom"]


class Pen:
    """Draws fitted text, barcodes and rules on consecutive pages of one PDF."""

    def __init__(
        self,
        profile: PrintProfile,
        *,
        size: tuple[float, float] | None = None,
        title: str = "ILL Desk document",
    ) -> None:
        self.profile = profile
        self.page_size = size or page_size(profile.stock)
        self._buffer = io.BytesIO()
        # invariant=1 leaves dates and ids out so the same input gives the same bytes.
        self.canvas = Canvas(self._buffer, pagesize=self.page_size, invariant=1, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor("ILL Desk")
        self.canvas.setCreator("ILL Desk")
        self.page = 1
        self._placements: list[Placement] = []
        self._page_started = False

    @property
    def dot(self) -> float:
        """One printer dot in points."""
        return 72.0 / self.profile.dpi

    def _start_page(self) -> None:
        if self._page_started:
            return
        self._page_started = True
        # Calibration offsets are snapped to whole dots so barcode bars stay on the dot grid.
        dx = round(self.profile.offset_x_mm * mm / self.dot) * self.dot
        dy = round(self.profile.offset_y_mm * mm / self.dot) * self.dot
        if dx or dy:
            self.canvas.translate(dx, dy)

    def new_page(self) -> None:
        """Finish the current page and start the next."""
        self._start_page()
        self.canvas.showPage()
        self.page += 1
        self._page_started = False
        self._start_page()

    def _record(self, kind: str, content: str, box: Box, extent: Box) -> None:
        self._placements.append(
            Placement(self.page, kind, content, box.as_tuple(), extent.as_tuple())
        )

    def text(
        self,
        content: str,
        box: Box,
        size: float,
        *,
        bold: bool = False,
        align: Align = "start",
        valign: VAlign = "top",
        max_lines: int = 1,
        min_size: float | None = None,
        kind: str = "text",
    ) -> float:
        """Fit `content` into `box` and draw it; return the height the text took."""
        self._start_page()
        content = " ".join(content.split())
        if not content or box.w <= 0 or box.h <= 0:
            return 0.0
        fitted = text.fit(
            content, box.w, box.h, size, min_size=min_size, max_lines=max_lines, bold=bold
        )
        if not fitted.lines:
            return 0.0
        height = fitted.height
        if valign == "top":
            top = box.top
        elif valign == "bottom":
            top = box.y + height
        else:
            top = box.top - (box.h - height) / 2
        baseline = top - fitted.ascent * fitted.size
        right_to_left = align == "start" and text.has_rtl(content) and get_base_level(content)
        widest = 0.0
        left_most = box.right
        for line in fitted.lines:
            width = text.text_width(line, fitted.size, bold=bold)
            if align == "center":
                x = box.x + (box.w - width) / 2
            elif align == "right" or right_to_left:
                x = box.right - width
            else:
                x = box.x
            text.draw_line(self.canvas, line, x, baseline, fitted.size, bold=bold)
            widest = max(widest, width)
            left_most = min(left_most, x)
            baseline -= text.line_pitch(fitted.ascent, fitted.descent) * fitted.size
        extent = Box(left_most, top - height, widest, height)
        self._record(kind, "\n".join(fitted.lines), box, extent)
        return height

    def barcode(
        self,
        value: str,
        box: Box,
        *,
        symbology: barcodes.Symbology = barcodes.Symbology.CODE128,
        human_readable: bool = True,
        text_size: float = 8.0,
        align: Literal["left", "center"] = "center",
    ) -> Box:
        """Draw `value` as a barcode within `box`, with its text below; return the space used."""
        self._start_page()
        bar_plan = barcodes.plan(value, symbology, box.w, self.profile.dpi)
        text_height = text.block_height(1, text_size) + 1.5 if human_readable else 0.0
        bar_height = box.h - text_height
        if bar_height <= 0:
            raise barcodes.BarcodeDoesNotFit(f"no room for the bars of {value!r}")
        x = box.x if align == "left" else box.x + (box.w - bar_plan.width_pt) / 2
        left, width = barcodes.draw(self.canvas, bar_plan, x, box.top - bar_height, bar_height)
        used = Box(left, box.top - bar_height, width, bar_height)
        # Record what a scanner reads back (Codabar start/stop included); print what staff know.
        self._record(f"barcode:{symbology.value}", bar_plan.value, box, used)
        if human_readable:
            quiet = barcodes.QUIET_ZONE_MODULES * bar_plan.dots_per_module * self.dot
            label_box = Box(left + quiet, box.y, width - 2 * quiet, text_height)
            self.text(
                value, label_box, text_size, align="center", min_size=5.0, kind="barcode-text"
            )
            used = Box(left, box.y, width, box.h)
        return used

    def rule(self, x0: float, y0: float, x1: float, y1: float, *, width: float = 0.5) -> None:
        """A solid line."""
        self._start_page()
        self.canvas.setLineWidth(width)
        self.canvas.setDash()
        self.canvas.line(x0, y0, x1, y1)

    def cut_line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A dashed line to cut along."""
        self._start_page()
        self.canvas.saveState()
        self.canvas.setLineWidth(0.5)
        self.canvas.setStrokeGray(0.45)
        self.canvas.setDash(4, 3)
        self.canvas.line(x0, y0, x1, y1)
        self.canvas.restoreState()

    def frame(self, box: Box, *, width: float = 1.0, radius: float = 0.0) -> None:
        """An outline around `box`."""
        self._start_page()
        self.canvas.setLineWidth(width)
        self.canvas.setDash()
        if radius:
            self.canvas.roundRect(box.x, box.y, box.w, box.h, radius, stroke=1, fill=0)
        else:
            self.canvas.rect(box.x, box.y, box.w, box.h, stroke=1, fill=0)

    def fill(self, box: Box, gray: float = 0.0) -> None:
        """A filled rectangle (black by default)."""
        self._start_page()
        self.canvas.saveState()
        self.canvas.setFillGray(gray)
        self.canvas.rect(box.x, box.y, box.w, box.h, stroke=0, fill=1)
        self.canvas.restoreState()

    def white_text(self, content: str, box: Box, size: float, **options: object) -> float:
        """Text in white, for use on a black `fill`."""
        self.canvas.saveState()
        self.canvas.setFillGray(1.0)
        self.canvas.setStrokeGray(1.0)
        try:
            return self.text(content, box, size, **options)  # type: ignore[arg-type]
        finally:
            self.canvas.restoreState()

    def finish(self) -> Rendered:
        """Close the document and hand back the PDF and the placements."""
        self._start_page()
        self.canvas.showPage()
        self.canvas.save()
        return Rendered(self._buffer.getvalue(), self.page_size, tuple(self._placements))
