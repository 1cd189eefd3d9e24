"""Page geometry."""

from __future__ import annotations

import pytest
from reportlab.lib.units import inch

from illdesk.printing.layout import LABEL_GRIDS, Box, page_box
from illdesk.printing.model import Stock


def test_box_splits_add_up() -> None:
    box = Box(10, 20, 100, 50)
    top, rest = box.take_top(15)
    assert (top.y, top.h, rest.y, rest.h) == (55, 15, 20, 35)
    left, right = box.take_left(30)
    assert (left.w, right.x, right.w) == (30, 40, 70)
    bottom, above = box.take_bottom(5)
    assert (bottom.y, bottom.h, above.y, above.h) == (20, 5, 25, 45)
    assert box.inset(5).as_tuple() == (15, 25, 105, 65)


def test_rows_run_top_down_and_columns_left_right() -> None:
    rows = Box(0, 0, 100, 100).rows(2, gap=10)
    assert rows[0].y > rows[1].y
    assert rows[0].h == rows[1].h == 45
    columns = Box(0, 0, 100, 100).columns(3)
    assert [c.x for c in columns] == pytest.approx([0, 100 / 3, 200 / 3])


@pytest.mark.parametrize("stock", list(LABEL_GRIDS))
def test_sheet_labels_lie_on_the_page_without_overlap(stock: Stock) -> None:
    grid = LABEL_GRIDS[stock]
    page = page_box(stock)
    boxes = [grid.box(position, page.h) for position in range(grid.count)]
    for box in boxes:
        assert box.x >= 0 and box.right <= page.w + 0.01
        assert box.y >= 0 and box.top <= page.h + 0.01
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            overlap_x = min(a.right, b.right) - max(a.x, b.x)
            overlap_y = min(a.top, b.top) - max(a.y, b.y)
            assert overlap_x <= 0.01 or overlap_y <= 0.01


def test_thermal_sizes() -> None:
    assert page_box(Stock.THERMAL_4X6).as_tuple() == (0, 0, 4 * inch, 6 * inch)
    assert page_box(Stock.THERMAL_2X6).w == 2 * inch
