"""The desk window fits the screen it opens on: a laptop's 1366x768 and a 1400x900 monitor on
a first run, and a size remembered from a larger screen (or a place on a screen no longer
attached) is brought back inside. Each run is a real start of the window in its own process,
on Qt's offscreen platform given a screen of that size, with the scanning desk docked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from illdesk.ui.layout_state import PANE_MIN_WIDTHS

# Opens the window on the demo workspace, waits for its queues, reports its layout as JSON,
# and (with "move") puts the window where argv[3] says before closing, which saves the layout.
PROBE = """
import json, sys
from PySide6.QtCore import QEventLoop, QRect, QTimer
from PySide6.QtWidgets import QApplication, QToolButton
from illdesk.app import attach_scan_desk
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import Actor
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow

app = QApplication(sys.argv[:1])
db = open_database(sys.argv[1])
window = MainWindow(facade_for(db, Actor(None, "Ann Archer", "DESK-1")))
desk = attach_scan_desk(window, window.services)
window.show()
loop = QEventLoop()
QTimer.singleShot(2500, loop.quit)
loop.exec()
window.select_queue("b-hold")  # a request with many actions, a warning and a lender line
loop = QEventLoop()
QTimer.singleShot(1500, loop.quit)
loop.exec()
window.queue_view.table.selectRow(0)
loop = QEventLoop()
QTimer.singleShot(1500, loop.quit)
loop.exec()
area = window.screen().availableGeometry()
frame, toolbar = window.frameGeometry(), window.toolbar
hidden = [
    b.text() for b in toolbar.findChildren(QToolButton)
    if b.defaultAction() is not None and not b.isVisible()
]
print(json.dumps({
    "area": [area.x(), area.y(), area.width(), area.height()],
    "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
    "minimum": [window.minimumSize().width(), window.minimumSize().height()],
    "panes": window.splitter.sizes(),
    "toolbar_hidden": hidden,
    "detail_scrolls": window.splitter.widget(2).verticalScrollBar().isVisible(),
}))
if sys.argv[2] == "move":
    x, y, w, h = (int(n) for n in sys.argv[3].split(","))
    window.setGeometry(QRect(x, y, w, h))
desk.shutdown()
window.close()
"""


def _start(tmp_path: Path, demo: Path, screen: tuple[int, int], *move: str) -> dict[str, Any]:
    config = tmp_path / f"screen-{screen[0]}x{screen[1]}.json"
    config.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "desk",
                        "x": 0,
                        "y": 0,
                        "width": screen[0],
                        "height": screen[1],
                        "logicalDpiX": 96,
                        "logicalDpiY": 96,
                        "dpr": 1,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, f"sqlite:///{demo}", *(move or ("stay",))],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


def _inside(report: dict[str, Any]) -> bool:
    ax, ay, aw, ah = report["area"]
    fx, fy, fw, fh = report["frame"]
    return fx >= ax and fy >= ay and fx + fw <= ax + aw and fy + fh <= ay + ah


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    path.write_bytes(demo_template.read_bytes())
    return path


@pytest.mark.parametrize("screen", [(1366, 768), (1400, 900)])
def test_a_first_run_fits_the_screen_with_every_pane_and_button(
    tmp_path: Path, demo: Path, screen: tuple[int, int]
) -> None:
    report = _start(tmp_path, demo, screen)
    assert _inside(report), report
    width, height = report["minimum"]
    assert width <= screen[0] - 100 and height <= screen[1] - 120, report  # room for a frame
    assert all(size >= least for size, least in zip(report["panes"], PANE_MIN_WIDTHS, strict=True))
    assert report["toolbar_hidden"] == [], report
    # The request's detail scrolls as a whole only on the low screen; on a 900-pixel one its
    # pages scroll inside, with no second scroll bar around them.
    assert report["detail_scrolls"] is (screen[1] < 800), report


def test_a_size_remembered_from_a_larger_screen_is_brought_inside_a_smaller_one(
    tmp_path: Path, demo: Path
) -> None:
    # Left maximised-by-hand on a 1920x1200 monitor; the laptop is used alone the next day.
    report = _start(tmp_path, demo, (1920, 1200), "move", "0,30,1910,1160")
    assert report["frame"][2] > 1500
    small = _start(tmp_path, demo, (1366, 768))
    assert _inside(small), small
    assert all(size >= least for size, least in zip(small["panes"], PANE_MIN_WIDTHS, strict=True))


def test_a_place_on_a_screen_no_longer_attached_is_brought_back(tmp_path: Path, demo: Path) -> None:
    # Last closed on a second monitor to the right of this one.
    _start(tmp_path, demo, (1400, 900), "move", "1500,100,1200,760")
    again = _start(tmp_path, demo, (1400, 900))
    assert _inside(again), again
