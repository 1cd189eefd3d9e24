"""Who is at the desk: the first sign-in, switching people, and the lock after idle time.

`DeskLock` joins the window once its database is open (`app.open_window`). Where sign-in is
in force (`services.access.permissions.sign_in_in_force`) the window's content stays hidden
until someone signs in. Desk > Lock the desk (F12) hides it again and asks for the next
person, as does leaving the desk without a key press or a mouse move for the library's
`sign_in.idle_lock_minutes`. Whoever signs in is the one every change is made in the name of.

Signals:
    person_changed(str): the name of who just signed in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.sign_in_dialog import SignInDialog

if TYPE_CHECKING:
    from illdesk.services.desk.offline import OfflineJournal
    from illdesk.ui.main_window import MainWindow

ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


NOBODY = "Staff: nobody signed in"


def desk_journal(window: MainWindow) -> OfflineJournal | None:
    """The scanning desk's offline journal, once the desk is in the window."""
    return window.scan_desk.journal if window.scan_desk is not None else None


class DeskLock(QObject):
    """The sign-in, switch and idle-lock behaviour of one window."""

    person_changed = Signal(str)

    def __init__(self, window: MainWindow, services: ServiceFacade) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.dialog: SignInDialog | None = None
        self._hidden: list[QWidget] = []
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self._on_idle_timer_timeout)
        self.act_lock = QAction("&Lock the desk / switch person", window)
        self.act_lock.setShortcut(QKeySequence("F12"))
        self.act_lock.setStatusTip("Hide the desk until the next person signs in")
        self.act_lock.triggered.connect(lambda: self.lock("Signed out. Next person, please."))
        window.addAction(self.act_lock)
        desk_menu = window.menuBar().actions()[0].menu()
        if isinstance(desk_menu, QMenu):
            desk_menu.insertAction(window.act_quit, self.act_lock)

    def start(self) -> None:
        """Ask the database whether people must sign in, and how long the desk may idle (the
        copy kept with the offline snapshot while the server cannot be reached)."""
        journal = desk_journal(self.window)

        def work(session: DeskSession) -> object:
            from illdesk.services.desk import offline, offline_link  # noqa: PLC0415 - SQLAlchemy

            return offline_link.desk_rules_here(session, journal or offline.journal_for())

        self.services.query(work, self._on_rules, self._on_rules_failed)

    def set_idle_minutes(self, minutes: float) -> None:
        """Lock after this many idle minutes (0: never)."""
        self.idle_timer.stop()
        self.idle_timer.setInterval(0)
        if minutes > 0:
            self.idle_timer.setInterval(int(minutes * 60_000))
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
            self.idle_timer.start()

    @property
    def locked(self) -> bool:
        return self.dialog is not None and self.dialog.locked and self.dialog.isVisible()

    def lock(self, heading: str) -> None:
        """Hide the desk's content and wait for the next person to sign in."""
        if self.locked:
            return
        self.idle_timer.stop()
        self._hidden = [
            widget
            for widget in (self.window.centralWidget(), self.window.scan_dock)
            if widget is not None and widget.isVisible()
        ]
        for widget in self._hidden:
            widget.hide()
        self.window.who_label.setText(NOBODY)
        self.dialog = SignInDialog(
            self.services,
            self.window,
            heading=heading,
            locked=True,
            journal=desk_journal(self.window),
        )
        self.dialog.signed_in.connect(self._on_dialog_signed_in)
        self.dialog.quit_requested.connect(self._on_dialog_quit_requested)
        self.window.dialog = self.dialog
        self.dialog.open()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.idle_timer.interval() > 0 and not self.locked:
            self.idle_timer.start()
        return False

    def _on_rules(self, rules: object) -> None:
        in_force = bool(getattr(rules, "in_force", False))
        self.set_idle_minutes(float(getattr(rules, "idle_lock_minutes", 0)) if in_force else 0)
        if in_force and self.services.session.staff_id is None:
            self.lock("This desk needs you to sign in.")

    def _on_rules_failed(self, exc: Exception) -> None:
        self.window.statusBar().showMessage(f"Could not read the sign-in rules: {exc}", 30_000)

    def _on_idle_timer_timeout(self) -> None:
        self.lock("The desk was locked after a while without use. Sign in to go on.")

    def _on_dialog_signed_in(self, signed: object) -> None:
        staff_id = int(getattr(signed, "staff_id", 0))
        name = str(getattr(signed, "name", ""))
        self.services.act_as(staff_id, name)
        describe = str(getattr(signed, "describe", name))
        self.window.who_label.setText(f"Staff: {describe}")
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self.dialog is not None:
            self.dialog.locked = False
        self.window.dialog = None
        self.window.statusBar().showMessage(f"Signed in: {describe}.", 10_000)
        if self.idle_timer.interval() > 0:
            self.idle_timer.start()
        self.person_changed.emit(name)

    def _on_dialog_quit_requested(self) -> None:
        if self.dialog is not None:
            self.dialog.locked = False
            self.dialog.close()
        self.window.close()
