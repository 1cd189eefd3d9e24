"""The message boxes the desk window opens: problems, conflicts, batch results, About.

Each function only builds the box; the window opens it without blocking its event loop.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from illdesk import __version__


def problem_box(parent: QWidget, message: str) -> QMessageBox:
    """A refusal or a problem, in words for staff."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("ILL Desk")
    box.setText(message)
    return box


def conflict_box(parent: QWidget, message: str, on_reload: Callable[[], None]) -> QMessageBox:
    """Someone else changed the request meanwhile: say who, and offer to reload it."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Changed at another workstation")
    box.setText(message)
    box.setInformativeText(
        "Reload to see the request as it is now, then do your change again if it is still needed."
    )
    reload_button = box.addButton("Reload the request", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reload_button)
    reload_button.clicked.connect(on_reload)
    return box


def batch_box(parent: QWidget, summary: str, any_failed: bool) -> QMessageBox:
    """What a batch did, and what it could not do."""
    box = QMessageBox(parent)
    box.setWindowTitle("Batch finished")
    box.setIcon(QMessageBox.Icon.Warning if any_failed else QMessageBox.Icon.Information)
    box.setText(summary)
    return box


def about_box(parent: QWidget) -> QMessageBox:
    """Which ILL Desk this is."""
    box = QMessageBox(parent)
    box.setWindowTitle("About ILL Desk")
    box.setText(f"ILL Desk {__version__}\nInterlibrary loan for the people at the desk.")
    return box
