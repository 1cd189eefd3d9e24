"""Help > About: the version, the licence, and where this desk's data and settings live."""

from __future__ import annotations

from illdesk import __version__
from illdesk.services.admin import workstation
from illdesk.ui.desk_messages import about_box, app_icon


def test_about_says_version_licence_and_places(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    box = about_box(parent, "Local file /desk/workspace.sqlite")
    assert f"ILL Desk {__version__}" in box.text()
    details = box.informativeText()
    assert "GNU General Public License, version 3 or later" in details
    assert "Database: Local file /desk/workspace.sqlite" in details
    assert str(workstation.data_dir()) in details
    assert str(workstation.settings_path()) in details
    assert not box.iconPixmap().isNull()


def test_the_icon_ships_in_the_package(qtbot) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert not icon.pixmap(64, 64).toImage().isNull()
