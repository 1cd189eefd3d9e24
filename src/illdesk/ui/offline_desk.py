"""The scanning desk without the server, in the window: what the status bar says, the snapshot
kept fresh while online, and Desk ▸ Offline journal… (the scans kept, replay, exceptions).

The status bar says "Offline: N scan(s) wait for the server" while the server is away, and how
many exceptions wait for a person. Every `TRY_SERVER_MS` while offline or while scans wait,
the server is tried on the writer thread (in order with the scans); when it answers, the
waiting scans are replayed and the result is said in the status bar. While online, the
snapshot an offline scan is checked against is refreshed every `SNAPSHOT_MS` on a reader.
Nothing here waits on the server in the GUI thread (decision 0002).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.services.desk import offline
from illdesk.services.desk.offline_link import (
    DeskLink,
    link_now,
    refresh_snapshot,
    try_server,
    unreachable,
)
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.ui.main_window import MainWindow
    from illdesk.ui.scan_desk import ScanDesk

TRY_SERVER_MS = 15_000
REOPEN_MS = 15_000  # a desk started while the server was away tries to open it this often
SNAPSHOT_MS = 5 * 60_000
OFFLINE_HEADLINES = ("Saved offline", "Offline: not in this mode")
COLUMNS = ("#", "Scanned", "State", "Mode", "Code", "Who", "What became of it")


class OfflineDesk(QObject):
    """The desk's link to the server in one window (see the module text)."""

    def __init__(self, window: MainWindow, desk: ScanDesk, services: ServiceFacade) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.journal = desk.journal
        self.link = DeskLink(False, 0, 0)
        self.dialog: OfflineJournalDialog | None = None
        self.label = QLabel("")
        self.label.setObjectName("offline-state")
        self.label.setAccessibleName("Offline scanning state")
        self.label.setStyleSheet("color: #a01010; font-weight: bold;")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        desk.result_shown.connect(self._on_desk_result_shown)
        self.try_timer = QTimer(self)
        self.try_timer.setInterval(TRY_SERVER_MS)
        self.try_timer.timeout.connect(self._on_try_timer_timeout)
        self.snapshot_timer = QTimer(self)
        self.snapshot_timer.setInterval(SNAPSHOT_MS)
        self.snapshot_timer.timeout.connect(self.refresh_snapshot)
        self.action = QAction("&Offline journal…", window)
        self.action.setStatusTip("Scans kept while the server was away: replay, exceptions")
        self.action.triggered.connect(self.open_journal)
        desk_menu = window.menuBar().actions()[0].menu()
        if isinstance(desk_menu, QMenu):
            desk_menu.insertAction(window.act_quit, self.action)

    def start(self) -> None:
        """Show what the journal holds, take a first snapshot and start the timers."""
        self.refresh_snapshot()
        self.show_link()
        self.try_timer.start()
        self.snapshot_timer.start()

    def stop(self) -> None:
        self.try_timer.stop()
        self.snapshot_timer.stop()

    def work_offline(self, problem: str) -> None:
        """The server could not be reached when the desk started: scan offline from now on."""
        offline.mark_unreachable(self.journal)
        self.link = DeskLink(True, self.link.waiting, self.link.exceptions)
        self.window.statusBar().showMessage(
            f"{problem} The scanning desk works offline meanwhile: scans are kept on this "
            "computer and sent when the server is back; ILL Desk keeps trying."
        )
        self.show_link()

    # ------------------------------------------------------------ actions

    def show_link(self) -> None:
        """Read the journal's counts (on a reader) and show them."""
        journal = self.journal
        self.services.query(lambda _session: link_now(journal), self._show)

    def try_now(self) -> None:
        """Try the server (replaying what waits) on the writer thread, after queued scans."""
        journal = self.journal

        def work(session: DeskSession) -> DeskLink:
            return try_server(session, journal)

        self.services.change(work, self._on_tried, self._on_failed)

    def refresh_snapshot(self) -> None:
        """Copy open requests, patron cards and blocks for offline use (while online)."""
        journal = self.journal
        if self.link.offline:
            return

        def work(session: DeskSession) -> int | None:
            return refresh_snapshot(session, journal)

        self.services.query(work, self._on_snapshot, self._on_failed)

    def open_journal(self) -> OfflineJournalDialog:
        """Desk ▸ Offline journal…: every scan kept, replay now, settle an exception."""
        if self.dialog is None:
            self.dialog = OfflineJournalDialog(self, self.window)
        self.dialog.reload()
        self.dialog.show()
        return self.dialog

    def settle(self, scan_id: str, note: str) -> None:
        journal = self.journal

        def work(_session: DeskSession) -> DeskLink:
            offline.settle_exception(journal, scan_id, note)
            return link_now(journal)

        self.services.change(work, self._on_tried, self._on_failed)

    # ------------------------------------------------------------ answers

    def _on_desk_result_shown(self, result: Any) -> None:
        self.show_link()
        if "were replayed" in str(result.next_step) and self.dialog is not None:
            self.dialog.reload()

    def _on_try_timer_timeout(self) -> None:
        if self.link.offline or self.link.waiting:
            self.try_now()

    def _on_tried(self, link: DeskLink) -> None:
        self._show(link)
        if link.replayed is not None:
            self.window.statusBar().showMessage(
                f"The server is back: the scans kept offline were replayed ({link.replayed.text})",
                30_000,
            )
        if self.dialog is not None:
            self.dialog.reload()

    def _on_snapshot(self, codes: int | None) -> None:
        if codes is not None:
            self.label.setToolTip(f"The offline list holds {codes} codes.")

    def _on_failed(self, exc: Exception) -> None:
        self.window.statusBar().showMessage(f"Offline journal: {exc}", 15_000)

    def _show(self, link: DeskLink) -> None:
        came_back = self.link.offline and not link.offline
        self.link = link
        self.label.setText(link.text)
        self.label.setVisible(bool(link.text))
        self.action.setText(
            f"&Offline journal… ({link.exceptions} to decide)"
            if link.exceptions
            else "&Offline journal…"
        )
        if came_back:
            self.refresh_snapshot()


class OfflineJournalDialog(QDialog):
    """The scans kept on this workstation, newest last, with replay and settle."""

    def __init__(self, owner: OfflineDesk, parent: QWidget) -> None:
        super().__init__(parent)
        self.owner = owner
        self.setWindowTitle("Offline journal")
        self.resize(900, 420)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.replay_button = QPushButton("&Replay now")
        self.replay_button.clicked.connect(self._on_replay_button_clicked)
        self.settle_button = QPushButton("&Settled by hand…")
        self.settle_button.setToolTip("The selected exception was dealt with: take it off")
        self.settle_button.clicked.connect(self._on_settle_button_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.replay_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.settle_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.scans: list[offline.JournaledScan] = []

    def reload(self) -> None:
        journal = self.owner.journal
        self.owner.services.query(lambda _session: journal.scans(), self._fill)

    def _fill(self, scans: list[offline.JournaledScan]) -> None:
        self.scans = scans
        self.table.setRowCount(len(scans))
        for row, scan in enumerate(scans):
            known = f" ({scan.known})" if scan.known and scan.known != scan.raw else ""
            cells = (
                str(scan.seq),
                f"{scan.at.astimezone():%Y-%m-%d %H:%M:%S}",
                scan.state,
                scan.mode,
                scan.raw + known,
                f"{scan.staff_name} at {scan.workstation}".strip(),
                scan.outcome,
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        waiting = sum(1 for s in scans if s.state == "waiting")
        to_decide = sum(1 for s in scans if s.state == "exception")
        self.summary.setText(
            f"{waiting} scan(s) wait for the server; {to_decide} exception(s) to decide. "
            "An exception was not applied: do it by hand (or set the item aside), then mark "
            "it settled."
            if scans
            else "The offline journal is empty: every scan reached the server."
        )
        self.replay_button.setEnabled(waiting > 0)
        self.settle_button.setEnabled(to_decide > 0)

    def selected_exception(self) -> offline.JournaledScan | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.scans) and self.scans[row].state == "exception":
            return self.scans[row]
        return None

    def _on_replay_button_clicked(self) -> None:
        self.replay_button.setEnabled(False)
        self.owner.try_now()

    def _on_settle_button_clicked(self) -> None:
        scan = self.selected_exception()
        if scan is None:
            self.summary.setText("Choose an exception (state “exception”) first.")
            return
        note, ok = QInputDialog.getText(self, "Settled by hand", f"What was done about {scan.raw}?")
        if ok:
            self.owner.settle(scan.scan_id, note.strip())


def can_start_offline(services: ServiceFacade, exc: Exception) -> bool:
    """Whether a desk whose shared server is away at start can still scan: the server could
    not be reached (not refused), and this workstation has a snapshot to check scans against."""
    if not unreachable(exc):
        return False
    if not services.display_name.startswith("Shared"):
        return False
    return offline.journal_for().snapshot_taken() is not None  # a small file of this computer
