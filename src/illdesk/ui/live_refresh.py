"""The window follows the other workstations: their changes, and their "in processing" marks.

On a shared PostgreSQL database the listener (`services.desk.live.listen`) hears every change
as it is committed; its thread posts them to the GUI thread through the dispatcher (no Qt call
off the GUI thread, decision 0002). Changes from other workstations that arrive together are
gathered for a fifth of a second, then the counts and the open queue are reloaded, and the open
request too when it is one of them. After a cut the listener catches up from the event table,
so nothing is missed; the status bar says "Live: reconnecting" meanwhile.

While a request is open in the edit dialog, it is marked "in processing" for the others; the
detail of a request someone else is editing says who and where.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QDialog, QLabel

from illdesk.services.session import DeskSession
from illdesk.ui.dispatch import shared_dispatcher
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.ui.main_window import MainWindow

GATHER_MS = 200
RECONNECTING = "Live: reconnecting…"
LOST = (
    "The connection to the shared server was lost. ILL Desk keeps trying by itself; work "
    "already saved is safe, and the scanning desk keeps scans offline meanwhile."
)
BACK = "The connection to the shared server is back; the window shows what is there now."


class LiveRefresh(QObject):
    """Live changes and marks for one window (see the module text)."""

    def __init__(self, window: MainWindow, services: ServiceFacade) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.listening: Any = None
        self.changed_requests: set[int] = set()
        self.everything = False
        self.heard = 0  # changes from other desks heard so far (tests, the status bar)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(GATHER_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.state_label = QLabel("Live: starting")
        self.state_label.setAccessibleName("Live refresh state")
        self.state_label.setContentsMargins(8, 0, 8, 0)
        window.statusBar().addPermanentWidget(self.state_label)
        self.mark_label = QLabel("")
        self.mark_label.setObjectName("processing-mark")
        self.mark_label.setStyleSheet("color: #8a4b00; font-weight: bold;")
        self.mark_label.hide()
        panel_layout = window.detail_panel.layout()
        if panel_layout is not None:
            panel_layout.addWidget(self.mark_label)
        window.controller.detail_loaded.connect(self._on_controller_detail_loaded)

    def start(self) -> None:
        """Start hearing changes (a local file has nobody else to hear: nothing happens)."""
        dispatcher = shared_dispatcher()

        def work(session: DeskSession) -> object:
            from illdesk.services.desk import live  # noqa: PLC0415 - loads SQLAlchemy

            return live.listen(
                session,
                lambda changes, everything: dispatcher.post(
                    self._on_listener_changes, (changes, everything)
                ),
                lambda state: dispatcher.post(self._on_listener_state, state),
            )

        self.services.query(work, self._on_started, self._on_failed)

    def stop(self) -> None:
        if self.listening is not None:
            self.listening.stop()
            self.listening = None

    def editing(self, number: str, dialog: QDialog) -> None:
        """Mark the request "in processing" while `dialog` is open."""

        def mark(session: DeskSession) -> object:
            from illdesk.services.desk import live  # noqa: PLC0415

            return live.mark_in_processing(session.write(), number)

        def unmark(session: DeskSession) -> object:
            from illdesk.services.desk import live  # noqa: PLC0415

            live.clear_mark(session.write(), number)
            return None

        self.services.change(mark, lambda _: None, self._on_failed)
        dialog.finished.connect(
            lambda _code: self.services.change(unmark, lambda _: None, self._on_failed)
        )

    # ------------------------------------------------------------ listener answers

    def _on_started(self, listening: object) -> None:
        self.listening = listening
        if listening is None:
            self.state_label.setText("Live: one workstation")

    def _on_failed(self, exc: Exception) -> None:
        self.state_label.setText("Live: off")
        self.window.statusBar().showMessage(f"Changes at other desks: {exc}", 15_000)

    def _on_listener_state(self, state: str) -> None:
        was_cut = self.state_label.text() == RECONNECTING
        if state == "live":
            self.state_label.setText("Live: on")
            self.state_label.setToolTip("")
            if was_cut:  # back after a cut: show what is there now, whatever happened
                self.window.statusBar().showMessage(BACK, 15_000)
                self.everything = True
                if not self.timer.isActive():
                    self.timer.start()
        elif state.startswith("reconnecting"):
            if not was_cut:
                self.window.statusBar().showMessage(LOST, 60_000)
            self.state_label.setText(RECONNECTING)
            self.state_label.setToolTip(state)
        else:
            self.state_label.setText("Live: off")

    def _on_listener_changes(self, payload: tuple[list[Any], bool]) -> None:
        changes, everything = payload
        mine = self.services.workstation
        theirs = [c for c in changes if c.workstation != mine or c.event_id == 0]
        if not theirs and not everything:
            return
        self.heard += len(theirs)
        self.everything = self.everything or everything
        self.changed_requests.update(c.request_id for c in theirs if c.request_id is not None)
        if not self.timer.isActive():
            self.timer.start()

    def _on_timer_timeout(self) -> None:
        changed, everything = self.changed_requests, self.everything
        self.changed_requests, self.everything = set(), False
        window = self.window
        window.refresh_counts()
        window.model.reload()
        detail = window.detail
        if detail is not None and (everything or detail.row.id in changed):
            window.reload_detail()

    # ------------------------------------------------------------ marks

    def _on_controller_detail_loaded(self, detail: Any) -> None:
        number = str(detail.row.number)

        def work(session: DeskSession) -> object:
            from illdesk.services.desk import live  # noqa: PLC0415

            return live.mark_on(session.read(), number)

        self.services.query(work, lambda mark: self._show_mark(number, mark))

    def _show_mark(self, number: str, mark: Any) -> None:
        detail = self.window.detail
        if detail is not None and detail.row.number != number:
            return
        self.mark_label.setText("" if mark is None else str(mark.text))
        self.mark_label.setVisible(mark is not None)
