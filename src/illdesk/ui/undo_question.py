"""The question asked before the window undoes an action that is not the person's own."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from illdesk.services.desk.undo_scope import UndoCandidate


def undo_question_box(
    parent: QWidget, candidate: UndoCandidate, on_yes: Callable[[], None]
) -> QMessageBox:
    """A box naming who did the action and when; "Keep it" is the default, so Enter or
    Esc never reverses a colleague's work."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Undo somebody else's action?")
    box.setText(candidate.question())
    box.setInformativeText(
        "Undo reverses the last action on the request shown on the right. To undo your last "
        "scan, use “Undo last scan” in the scanning desk."
    )
    undo = box.addButton(f"Undo “{candidate.action_label}”", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Keep it", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    undo.clicked.connect(on_yes)
    return box
