"""Cold start: from starting the process to the desk window on screen, against a bare window.

Both are measured in the same run as whole processes (interpreter start, imports, window,
first paint), alternately, and the median of several runs is reported with the ratio. The
floor is an empty PySide6 window of the same size. The goal (issue 10): at most 4x the floor.

    python benchmarks/bench_cold_start.py [--runs 9]

Under Xvfb (`DISPLAY=:55`) the window is really mapped; without a display set, Qt's offscreen
platform is used. The desk opens a demo workspace made once, before timing, in a temporary
folder (its own settings folder too, so nothing of this computer's set-up is touched).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Exits as soon as the window is exposed and has been painted once.
ON_SCREEN = """
import os
from PySide6.QtCore import QEvent, QObject
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if watched is WINDOW and event.type() == QEvent.Type.Paint:
            os._exit(0)
        return False
"""

BARE = (
    """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
WINDOW = QMainWindow()
WINDOW.resize(1500, 900)
"""
    + ON_SCREEN
    + """
watcher = FirstPaint()
WINDOW.installEventFilter(watcher)
WINDOW.show()
app.exec()
"""
)

DESK = (
    """
import sys
from PySide6.QtWidgets import QApplication
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade
app = QApplication(sys.argv)
from illdesk.app import open_window
session = DeskSession.opening(sys.argv[1], "Benchmark", "BENCH")
"""
    + ON_SCREEN
    + """
import illdesk.ui.main_window as main_window
original_show = main_window.MainWindow.show
def show_and_watch(self):
    global WINDOW
    WINDOW = self
    self._watcher = FirstPaint()
    self.installEventFilter(self._watcher)
    original_show(self)
main_window.MainWindow.show = show_and_watch
open_window(ServiceFacade(session))
app.exec()
"""
)


def _environment(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["ILLDESK_CONFIG_DIR"] = str(folder / "config")
    env["ILLDESK_DATA_DIR"] = str(folder / "data")
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _make_workspace(folder: Path, env: dict[str, str]) -> str:
    url = f"sqlite:///{folder / 'desk.sqlite'}"
    subprocess.run(
        [sys.executable, "-m", "illdesk", "--database", url, "demo", "--requests", "500"],
        env=env,
        check=True,
        capture_output=True,
    )
    return url


def _time_once(script: str, env: dict[str, str], *args: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"The window did not come up:\n{done.stderr.decode()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (median reported)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="illdesk-cold-") as temp:
        folder = Path(temp)
        env = _environment(folder)
        url = _make_workspace(folder, env)
        _time_once(BARE, env)  # warm the file cache for both before timing
        _time_once(DESK, env, url)
        bare: list[float] = []
        desk: list[float] = []
        for _ in range(args.runs):
            bare.append(_time_once(BARE, env))
            desk.append(_time_once(DESK, env, url))
    floor, ours = statistics.median(bare), statistics.median(desk)
    platform = env.get("QT_QPA_PLATFORM") or "xcb (DISPLAY " + env.get("DISPLAY", "?") + ")"
    print(f"Cold start to the window on screen, whole process, median of {args.runs} ({platform})")
    print(f"  bare PySide6 window : {floor * 1000:7.0f} ms  (min {min(bare) * 1000:.0f} ms)")
    print(f"  ILL Desk window     : {ours * 1000:7.0f} ms  (min {min(desk) * 1000:.0f} ms)")
    print(f"  ratio               : {ours / floor:7.2f}x  (goal: at most 4x)")
    return 0 if ours / floor <= 4 else 1


if __name__ == "__main__":
    sys.exit(main())
