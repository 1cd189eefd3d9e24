"""Linear barcodes drawn as vector bars whose widths are whole printer dots.

python-barcode computes the module pattern; the bars are drawn here as rectangles so that each
bar is exactly k dots wide at the printer's resolution. A thermal printer cannot print a third
of a dot: a bar that falls between dots is rounded differently each time and the code stops
scanning, which is why the module width is chosen in dots, not in millimetres.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import barcode
from barcode.errors import BarcodeError
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE_MODULES = 10
MIN_MODULE_MM = 0.25
MAX_MODULE_MM = 0.5


class Symbology(StrEnum):
    """Barcode types ILL Desk prints."""

    CODE128 = "code128"
    CODE39 = "code39"
    CODABAR = "codabar"


class BarcodeDoesNotFit(ValueError):
    """Raised when a barcode cannot be drawn even at one dot per module."""


@dataclass(frozen=True, slots=True)
class BarPlan:
    """Where the bars of one barcode go, in printer dots from the left of its quiet zone."""

    value: str  # as a scanner reads it back
    symbology: Symbology
    dots_per_module: int
    dpi: int
    bars: tuple[tuple[int, int], ...]  # (start dot, width in dots)
    total_dots: int  # including both quiet zones

    @property
    def width_pt(self) -> float:
        """Total width including quiet zones, in points."""
        return self.total_dots * 72.0 / self.dpi

    @property
    def module_mm(self) -> float:
        """Width of one module (narrow bar) in millimetres."""
        return self.dots_per_module * 25.4 / self.dpi


def codabar_value(value: str) -> str:
    """`value` with A...A start/stop characters added when it has none."""
    value = value.strip().upper()
    if len(value) >= 2 and value[0] in "ABCD" and value[-1] in "ABCD":
        return value
    return f"A{value}A"


def encoded_text(value: str, symbology: Symbology) -> str:
    """What a scanner reads back from the symbol for `value`."""
    if symbology is Symbology.CODABAR:
        return codabar_value(value)
    if symbology is Symbology.CODE39:
        return value.upper()
    return value


@lru_cache(maxsize=4096)
def modules(value: str, symbology: Symbology) -> str:
    """The symbol as a string of "1" (bar) and "0" (space) modules, without quiet zones."""
    if not value.strip():
        raise ValueError(f"cannot encode an empty value as {symbology.value}")
    encoded = encoded_text(value, symbology)
    try:
        if symbology is Symbology.CODE128:
            pattern = barcode.get_barcode_class("code128")(encoded).build()[0]
        elif symbology is Symbology.CODE39:
            # Items already carry their own check character when the lender uses one.
            code39_class = barcode.get_barcode_class("code39")
            pattern = code39_class(encoded, add_checksum=False).build()[0]
        else:
            # narrow=1, wide=3 so that one module is one narrow element (ratio 3:1, within
            # the 2.25-3 the symbology allows).
            codabar_class = barcode.get_barcode_class("codabar")
            pattern = codabar_class(encoded, narrow=1, wide=3).build()[0]
    except (BarcodeError, KeyError, IndexError) as error:
        raise ValueError(f"cannot encode {value!r} as {symbology.value}: {error}") from error
    return str(pattern)


def _runs(pattern: str) -> list[tuple[int, int]]:
    """(start module, width in modules) of every bar."""
    bars: list[tuple[int, int]] = []
    start = -1
    for index, module in enumerate(pattern):
        if module == "1" and start < 0:
            start = index
        elif module != "1" and start >= 0:
            bars.append((start, index - start))
            start = -1
    if start >= 0:
        bars.append((start, len(pattern) - start))
    return bars


def module_dots_range(dpi: int) -> tuple[int, int]:
    """Smallest and largest module width in dots that we like to print at `dpi`."""
    per_mm = dpi / 25.4
    smallest = max(1, math.ceil(MIN_MODULE_MM * per_mm - 0.05))
    largest = max(smallest, math.floor(MAX_MODULE_MM * per_mm + 0.05))
    return smallest, largest


def plan(value: str, symbology: Symbology, max_width_pt: float, dpi: int) -> BarPlan:
    """Choose the widest whole-dot module that fits `max_width_pt` (quiet zones included).

    The module stays at or below `MAX_MODULE_MM`; if even `MIN_MODULE_MM` does not fit, a
    narrower module (down to one dot) is used rather than failing to print.
    """
    pattern = modules(value, symbology)
    total_modules = len(pattern) + 2 * QUIET_ZONE_MODULES
    available_dots = math.floor(max_width_pt * dpi / 72.0 + 1e-6)
    _, largest = module_dots_range(dpi)
    k = min(largest, available_dots // total_modules)
    if k < 1:
        raise BarcodeDoesNotFit(
            f"{value!r} needs {total_modules} dots but only {available_dots} fit"
        )
    offset = QUIET_ZONE_MODULES * k
    bars = tuple((offset + start * k, width * k) for start, width in _runs(pattern))
    return BarPlan(encoded_text(value, symbology), symbology, k, dpi, bars, total_modules * k)


def draw(
    canvas: Canvas,
    bar_plan: BarPlan,
    x: float,
    y: float,
    height: float,
) -> tuple[float, float]:
    """Draw the bars with the left quiet zone starting at or just right of `x`.

    The page origin must lie on the printer's dot grid (`pen.Pen` snaps calibration offsets
    to whole dots). The left edge is moved right to the next whole dot so that every bar edge
    lands on a dot boundary. Returns (x of the left quiet zone edge, width) used, in points.
    """
    dot = 72.0 / bar_plan.dpi
    start_dot = math.ceil(x / dot - 1e-6)
    left = start_dot * dot
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for start, width in bar_plan.bars:
        path.rect(left + start * dot, y, width * dot, height)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return left, bar_plan.width_pt


def minimum_height_pt(bar_plan: BarPlan) -> float:
    """Bar height below which scanning gets unreliable: 15% of the width, at least 6 mm."""
    return max(6.0 * float(mm), 0.15 * bar_plan.width_pt)
