"""Page geometry: boxes, paper and label sizes, and where each label sits on a sheet."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import inch, mm

from illdesk.printing.model import Stock


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle in points; (x, y) is its bottom-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        """y of the top edge."""
        return self.y + self.h

    @property
    def right(self) -> float:
        """x of the right edge."""
        return self.x + self.w

    def inset(self, dx: float, dy: float | None = None) -> Box:
        """The box shrunk by `dx` left and right and `dy` (default `dx`) top and bottom."""
        dy = dx if dy is None else dy
        return Box(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def take_top(self, height: float) -> tuple[Box, Box]:
        """Split into (the top `height` points, the rest below)."""
        height = min(height, self.h)
        return Box(self.x, self.top - height, self.w, height), Box(
            self.x, self.y, self.w, self.h - height
        )

    def take_bottom(self, height: float) -> tuple[Box, Box]:
        """Split into (the bottom `height` points, the rest above)."""
        height = min(height, self.h)
        return Box(self.x, self.y, self.w, height), Box(
            self.x, self.y + height, self.w, self.h - height
        )

    def take_left(self, width: float) -> tuple[Box, Box]:
        """Split into (the left `width` points, the rest to the right)."""
        width = min(width, self.w)
        return Box(self.x, self.y, width, self.h), Box(
            self.x + width, self.y, self.w - width, self.h
        )

    def columns(self, count: int, gap: float = 0.0) -> list[Box]:
        """`count` equal columns, left to right, with `gap` between them."""
        width = (self.w - gap * (count - 1)) / count
        return [Box(self.x + i * (width + gap), self.y, width, self.h) for i in range(count)]

    def rows(self, count: int, gap: float = 0.0) -> list[Box]:
        """`count` equal rows, top to bottom, with `gap` between them."""
        height = (self.h - gap * (count - 1)) / count
        return [
            Box(self.x, self.top - (i + 1) * height - i * gap, self.w, height) for i in range(count)
        ]

    def as_tuple(self) -> tuple[float, float, float, float]:
        """(x0, y0, x1, y1)."""
        return (self.x, self.y, self.right, self.top)


@dataclass(frozen=True, slots=True)
class LabelGrid:
    """Where the labels of a laser label sheet are."""

    columns: int
    rows: int
    label_w: float
    label_h: float
    left: float
    top: float
    gap_x: float
    gap_y: float

    @property
    def count(self) -> int:
        """Labels per sheet."""
        return self.columns * self.rows

    def box(self, position: int, page_h: float) -> Box:
        """The label at `position` (0-based, across then down) on a page `page_h` tall."""
        row, column = divmod(position, self.columns)
        x = self.left + column * (self.label_w + self.gap_x)
        top = page_h - self.top - row * (self.label_h + self.gap_y)
        return Box(x, top - self.label_h, self.label_w, self.label_h)


PAGE_SIZES: dict[Stock, tuple[float, float]] = {
    Stock.THERMAL_4X6: (4 * inch, 6 * inch),
    Stock.THERMAL_4X3: (4 * inch, 3 * inch),
    Stock.THERMAL_2X6: (2 * inch, 6 * inch),
    Stock.LETTER: LETTER,
    Stock.A4: A4,
    Stock.LETTER_LABELS_2X5: LETTER,
    Stock.A4_LABELS_2X4: A4,
}

LABEL_GRIDS: dict[Stock, LabelGrid] = {
    Stock.LETTER_LABELS_2X5: LabelGrid(
        columns=2,
        rows=5,
        label_w=4 * inch,
        label_h=2 * inch,
        left=0.15625 * inch,
        top=0.5 * inch,
        gap_x=0.1875 * inch,
        gap_y=0.0,
    ),
    Stock.A4_LABELS_2X4: LabelGrid(
        columns=2,
        rows=4,
        label_w=99.1 * mm,
        label_h=67.7 * mm,
        left=4.65 * mm,
        top=13.1 * mm,
        gap_x=2.5 * mm,
        gap_y=0.0,
    ),
}

THERMAL_STOCKS = frozenset({Stock.THERMAL_4X6, Stock.THERMAL_4X3, Stock.THERMAL_2X6})
PAPER_STOCKS = frozenset({Stock.LETTER, Stock.A4})


def page_size(stock: Stock) -> tuple[float, float]:
    """Width and height of one page of `stock` in points."""
    return PAGE_SIZES[stock]


def page_box(stock: Stock) -> Box:
    """The whole page of `stock`."""
    width, height = PAGE_SIZES[stock]
    return Box(0.0, 0.0, width, height)
