"""The sign-in dialog: scan a staff badge or type a name, then the PIN.

Used when the window starts on a database that wants a sign-in, to switch people at a shared
desk (Desk > Sign in as someone else, F12), and as the lock after the desk was left idle.
A badge scanner types the badge and Enter, so Enter in the first field moves on to the PIN.

Signals:
    signed_in(object): a `services.access.sign_in.SignedIn`, after a PIN was accepted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.services.session import DeskSession, explains_itself
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.services.desk.offline import OfflineJournal


class SignInView(QDialog):
    """The dialog's widgets only."""

    def __init__(self, parent: QWidget | None, heading: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in — ILL Desk")
        self.setObjectName("sign-in-dialog")
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.who = QLineEdit()
        self.who.setObjectName("sign-in-who")
        self.who.setPlaceholderText("Scan your badge, or type your name")
        self.pin = QLineEdit()
        self.pin.setObjectName("sign-in-pin")
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setObjectName("sign-in-message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton("Sign in")
        # Enter is handled by the fields: in the first it moves on to the PIN (a badge
        # scanner ends with Enter), so no button may take it as "Sign in" as well.
        self.sign_in_button.setAutoDefault(False)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.other_button = QPushButton("Cancel")
        self.other_button.setAutoDefault(False)
        self.buttons.addButton(self.other_button, QDialogButtonBox.ButtonRole.RejectRole)
        form = QFormLayout()
        form.addRow("Name or &badge:", self.who)
        form.addRow("&PIN or password:", self.pin)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(420, 200)


class SignInDialog(SignInView):
    """Checks the PIN through the services; stays open until someone signs in.

    With `locked=True` it cannot be put away (Escape and closing do nothing); its other
    button closes ILL Desk instead (`quit_requested`).
    """

    signed_in = Signal(object)
    quit_requested = Signal()

    def __init__(
        self,
        services: ServiceFacade,
        parent: QWidget | None = None,
        *,
        heading: str = "Scan your staff badge or type your name, then your PIN.",
        locked: bool = False,
        journal: OfflineJournal | None = None,
    ) -> None:
        super().__init__(parent, heading)
        self.services = services
        self.journal = journal  # where the staff list is copied for a desk without its server
        self.locked = locked
        self.busy = False
        if locked:
            self.other_button.setText("Close ILL Desk")
        self.who.returnPressed.connect(self._on_who_return_pressed)
        self.pin.returnPressed.connect(self.submit)
        self.sign_in_button.clicked.connect(self.submit)
        self.other_button.clicked.connect(self._on_other_clicked)
        self.who.setFocus()

    def submit(self) -> None:
        """Check what was typed (in the background); the answer closes or explains."""
        who, pin = self.who.text().strip(), self.pin.text()
        if not who:
            self.message.setText("Scan your badge or type your name first.")
            self.who.setFocus()
            return
        if self.busy:
            return
        self.busy = True
        self.sign_in_button.setEnabled(False)
        self.message.setText("Checking…")

        journal = self.journal

        def work(session: DeskSession) -> object:
            from illdesk.services.desk import offline, offline_link  # noqa: PLC0415 - SQLAlchemy

            return offline_link.sign_in_here(session, journal or offline.journal_for(), who, pin)

        self.services.change(work, self._on_checked, self._on_refused)

    def _on_who_return_pressed(self) -> None:
        self.pin.setFocus()

    def _on_checked(self, signed: object) -> None:
        self.busy = False
        self.sign_in_button.setEnabled(True)
        self.pin.clear()
        self.message.setText("")
        self.signed_in.emit(signed)
        self.accept()

    def _on_refused(self, exc: Exception) -> None:
        self.busy = False
        self.sign_in_button.setEnabled(True)
        self.pin.clear()
        self.message.setText(
            str(exc) if explains_itself(exc) else f"Signing in did not work: {exc}"
        )
        self.pin.setFocus() if self.who.text().strip() else self.who.setFocus()

    def _on_other_clicked(self) -> None:
        if self.locked:
            self.quit_requested.emit()
        else:
            self.reject()

    def reject(self) -> None:
        if not self.locked:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return  # the fields said what Enter does
        if self.locked and event.key() == Qt.Key.Key_Escape:
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.locked:
            event.ignore()
            return
        super().closeEvent(event)
