"""The real start from the menu (`illdesk` with nothing after it) shows the window before
anything loads SQLAlchemy, Alembic, ReportLab or keyring: those take seconds on a busy desk
computer and come later, on the worker that opens the database (docs/performance.md).

tests/unit/test_architecture.py checks the modules' imports; this runs the whole start, so a
late import inside a function called before the window (as the first-run check once did
through the database address parser) is caught too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from illdesk.store.database import open_database

DEFERRED = ("sqlalchemy", "alembic", "reportlab", "keyring")

# Notes what was loaded when the desk window is shown (the database opens on a worker only
# after that, and may load those libraries while the first paint is drawn), then stops the
# process at the window's first paint.
PROBE = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
from illdesk.ui.main_window import MainWindow

app = QApplication(sys.argv)
shown = []
original_show = MainWindow.show

def show(window):
    shown.append([name for name in {DEFERRED!r} if name in sys.modules])
    original_show(window)

MainWindow.show = show

class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and isinstance(watched, MainWindow):
            print("painted; loaded when shown:", " ".join(shown[0]), flush=True)
            os._exit(0)
        return False

watcher = FirstPaint()
app.installEventFilter(watcher)
from illdesk.cli import main
main([])
"""


def _loaded_when_shown(config: Path, data: Path) -> list[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ILLDESK_")}
    env.update(
        ILLDESK_CONFIG_DIR=str(config), ILLDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen"
    )
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("painted")]
    return line.removeprefix("painted; loaded when shown:").split()


@pytest.mark.parametrize("set_up_by", ["the command line", "the setup wizard"])
def test_the_window_paints_before_the_database_libraries_load(
    set_up_by: str, tmp_path: Path
) -> None:
    config, data = tmp_path / "config", tmp_path / "data"
    config.mkdir()
    data.mkdir()
    # A local workspace made by `illdesk demo` leaves no settings file; the wizard writes one.
    open_database(f"sqlite:///{data / 'workspace.sqlite'}", create=True).dispose()
    if set_up_by == "the setup wizard":
        (config / "workstation.json").write_text('{"schema_version": 1}', encoding="utf-8")
    assert _loaded_when_shown(config, data) == []
