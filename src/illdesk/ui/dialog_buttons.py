"""The Save and Cancel pair that closes a form dialog: Save accepts, Cancel rejects."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Save (accepts `dialog`) and Cancel (rejects it), ready to add below the form."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
