"""Edit one notice before it goes: its subject, its e-mail text and its letter.

Shown by the Notices window for a queued or failed notice; the change is saved through
`outbox.edit_notice` on the writer thread, and the dialog closes only once it is saved (a
notice sent meanwhile is refused with the reason, and the text stays for staff to copy).

Signals: `saved()` after the notice is stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

if TYPE_CHECKING:
    from illdesk.ui.facade import ServiceFacade


class NoticeEditDialog(QDialog):
    """The text of one notice, editable, with Save and Cancel."""

    saved = Signal()

    def __init__(self, services: ServiceFacade, text: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.notice_id = services, text.id
        self.setWindowTitle(f"Edit notice {text.id} before it goes")
        self.resize(720, 560)
        self.subject = QLineEdit(text.subject)
        self.body = QPlainTextEdit(text.text)
        self.letter = QPlainTextEdit(text.letter)
        self.problem = QLabel("")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        note = QLabel(
            "The e-mail goes as plain text once edited (its HTML part is dropped)."
            if text.html
            else ""
        )
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        form = QFormLayout(self)
        form.addRow(f"To ({text.channel}):", QLabel(text.recipient or "(no address)"))
        form.addRow("&Subject:", self.subject)
        form.addRow("&E-mail text:", self.body)
        form.addRow("&Letter:", self.letter)
        form.addRow(note)
        form.addRow(self.problem)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self._on_save_clicked)
        self.buttons.rejected.connect(self.reject)

    def _on_save_clicked(self) -> None:
        from illdesk.services.notices import outbox  # noqa: PLC0415

        subject, body, letter = (
            self.subject.text(),
            self.body.toPlainText(),
            self.letter.toPlainText(),
        )
        if not subject.strip():
            self.problem.setText("A notice needs a subject.")
            return
        self.buttons.setEnabled(False)
        self.services.change(
            lambda s: outbox.edit_notice(s.write(), self.notice_id, subject, body, letter),
            self._on_saved,
            self._on_refused,
        )

    def _on_saved(self, _result: Any) -> None:
        self.saved.emit()
        self.accept()

    def _on_refused(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        self.problem.setText(str(exc))
