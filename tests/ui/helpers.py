"""Driving the desk window the way staff do: clicks and keys on its widgets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QDialogButtonBox

from illdesk.core.workflow import Action
from illdesk.ui import tasks
from illdesk.ui.action_dialog import ActionDialog
from illdesk.ui.tasks import process_events

TIMEOUT = 10_000


def status_of(win: Any) -> str:
    return "" if win.detail is None else str(win.detail.row.status)


def click_action(
    qtbot: Any,
    win: Any,
    action: Action,
    expect_status: str,
    fill: Callable[[ActionDialog], None] | None = None,
) -> None:
    """Press an action button of the detail panel, fill its dialog if it opens one, and wait
    until the request shows the expected status."""
    qtbot.waitUntil(lambda: action in win.detail_panel.action_buttons, timeout=TIMEOUT)
    version = win.detail.row.version
    qtbot.mouseClick(win.detail_panel.action_buttons[action], Qt.MouseButton.LeftButton)
    dialog = win.dialog
    if isinstance(dialog, ActionDialog):
        if fill is not None:
            fill(dialog)
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            win.detail is not None
            and win.detail.row.version > version
            and status_of(win) == expect_status
        ),
        timeout=TIMEOUT,
    )


def settle() -> None:
    """Let every background task finish and deliver its result."""
    pool = QThreadPool.globalInstance()
    for _ in range(200):
        pool.waitForDone(5000)
        process_events()
        if not tasks.busy() and pool.activeThreadCount() == 0:
            return
