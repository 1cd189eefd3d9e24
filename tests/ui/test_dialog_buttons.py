"""Save closes a form dialog as accepted, Cancel as rejected (clicked, as staff do)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from illdesk.ui.dialog_buttons import save_cancel_buttons


def _press(qtbot, which: QDialogButtonBox.StandardButton) -> int:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    buttons = save_cancel_buttons(dialog)
    buttons.setParent(dialog)
    dialog.show()
    qtbot.mouseClick(buttons.button(which), Qt.MouseButton.LeftButton)
    return dialog.result()


def test_save_accepts_and_cancel_rejects(qtbot) -> None:
    assert _press(qtbot, QDialogButtonBox.StandardButton.Save) == QDialog.DialogCode.Accepted
    assert _press(qtbot, QDialogButtonBox.StandardButton.Cancel) == QDialog.DialogCode.Rejected
