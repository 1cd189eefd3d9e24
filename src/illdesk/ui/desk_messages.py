"""The message boxes the desk window opens: problems, conflicts, batch results, About.

Each function only builds the box; the window opens it without blocking its event loop.
"""

from __future__ import annotations

import platform
from collections.abc import Callable

from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMessageBox, QWidget

from illdesk import __version__, resources


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


def about_box(parent: QWidget, database: str) -> QMessageBox:
    """Which ILL Desk this is, its licence, and where its data and settings live."""
    from illdesk.services.admin import workstation  # noqa: PLC0415 - only when asked

    box = QMessageBox(parent)
    box.setWindowTitle("About ILL Desk")
    icon = app_icon()
    if not icon.isNull():
        box.setIconPixmap(icon.pixmap(96, 96))
    box.setText(f"ILL Desk {__version__}\nInterlibrary loan for the people at the desk.")
    box.setInformativeText(
        "Free software under the GNU General Public License, version 3 or later: you may "
        "share and change it under the licence's terms. It comes with no warranty.\n\n"
        f"Database: {database}\n"
        f"Data folder (the local workspace and its backup copies): {workstation.data_dir()}\n"
        f"This workstation's settings: {workstation.settings_path()}\n"
        "Passwords: in this computer's keyring, never in a file.\n\n"
        f"Python {platform.python_version()}, Qt {qVersion()}"
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return box


def app_icon() -> QIcon:
    """ILL Desk's icon, drawn from the SVG inside the package (null if it is missing)."""
    return QIcon(str(resources.path("icons", "illdesk.svg")))
