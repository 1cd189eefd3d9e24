"""Every menu item the user guide names ("Desk ▸ Back up the database…") is in the desk
window's menus, and every key of its Keyboard table does what the table says it is for: the
window is opened the real way (app.open_window), with all it attaches once its database is
open. (The commands the guide shows: tests/unit/test_user_guide_commands.py.)"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from illdesk.app import open_window
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade
from tests.ui.helpers import TIMEOUT, settle

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"
TOP_MENUS = ("Desk", "Request", "Print", "Directory", "View", "Help")
MENU_PATH = re.compile(rf"\b((?:{'|'.join(TOP_MENUS)}) (?:▸|>) [^*|`()\n]+)")
# Keys of the table that belong to other windows or to clicks, not to the desk window's actions.
NOT_WINDOW_ACTIONS = {"Ctrl+click", "Shift+click"}


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _menu_items(menu: QMenu, path: str) -> dict[str, QAction]:
    items = {}
    for action in menu.actions():
        if action.isSeparator():
            continue
        name = f"{path} ▸ {_plain(action.text())}"
        items[name] = action
        if action.menu() is not None:
            items.update(_menu_items(action.menu(), name))
    return items


@pytest.fixture
def whole_window(qtbot, demo_template, tmp_path):
    path = tmp_path / "desk.sqlite"
    shutil.copyfile(demo_template, path)
    session = DeskSession.opening(f"sqlite:///{path}", "Ann Archer", "DESK-1")
    window = open_window(ServiceFacade(session))
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.desk_lock is not None, timeout=TIMEOUT)
    yield window
    window.scan_desk.shutdown()
    settle()
    session.close()


@pytest.mark.qt_log_ignore(
    "PulseAudioService.*", "Couldn't (load|resolve) .*", "Using Qt multimedia.*"
)
def test_the_menus_and_keys_the_guide_names_are_in_the_window(whole_window) -> None:
    window = whole_window
    items: dict[str, QAction] = {}
    for top in window.menuBar().actions():
        items.update(_menu_items(top.menu(), _plain(top.text())))
    text = GUIDE.read_text(encoding="utf-8")

    named = {m.group(1).replace(" > ", " ▸ ").strip().rstrip(".") for m in MENU_PATH.finditer(text)}
    assert len(named) >= 10
    # "Directory ▸ Patrons" names the item "Patrons…"; "Desk ▸ New copy request" the item
    # "New copy request (article, chapter)…".
    missing = {
        name for name in named if not any(item.startswith(name.rstrip("…")) for item in items)
    }
    assert missing == set()

    keys: dict[str, list[str]] = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            keys.setdefault(sequence.toString(), []).append(_plain(action.text()))
    table = text.split("## Keyboard", 1)[1].split("\n\n", 2)[1]
    unknown = {}
    for row in table.splitlines()[2:]:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        for key in re.split(r" / | or ", cells[0]):
            if key in NOT_WINDOW_ACTIONS or " ▸ " in key:
                continue
            if QKeySequence(key).toString() not in keys:
                unknown[key] = cells[1]
    assert unknown == {}
