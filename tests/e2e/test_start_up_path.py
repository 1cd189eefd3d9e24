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


# Opens a workspace the way the window's worker does, then imports what the GUI thread attaches
# once the database is open; prints the heavy modules that only the GUI thread's imports loaded.
ATTACH_PROBE = """
import sys
from illdesk.app import open_for_the_desk
from illdesk.services.session import DeskSession

session = DeskSession.opening(sys.argv[1], "Staff", "desk-1")
open_for_the_desk(session)
before = set(sys.modules)
import illdesk.ui.print_menu, illdesk.ui.scan_desk, illdesk.ui.app_fonts
heavy = ("sqlalchemy", "alembic", "reportlab", "illdesk.store", "illdesk.services")
late = sorted(name for name in set(sys.modules) - before if name.startswith(heavy))
print("late:", " ".join(late))
session.close()
"""


def test_what_the_desk_attaches_is_loaded_on_the_worker(tmp_path: Path) -> None:
    """The Print menu and the scanning desk join the window on the GUI thread once the
    database is open; what they need from the services (the ORM mapping, ReportLab) must be
    loaded by then on the worker, or the window stops answering for a second or more."""
    url = f"sqlite:///{tmp_path / 'workspace.sqlite'}"
    open_database(url, create=True).dispose()
    done = subprocess.run(
        [sys.executable, "-c", ATTACH_PROBE, url],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    (line,) = [line for line in done.stdout.splitlines() if line.startswith("late:")]
    assert line.removeprefix("late:").split() == []
