"""The desk window: queues on the left, the chosen queue's requests, and the request detail.

The window lays out and wires. The queue list is `QueueTree`; the menus and toolbar are built
by `window_actions`; what happens to a request is decided by `RequestController`,
`BatchRunner` and `ShippingFlow`, which reach the services through `ServiceFacade` (every
database call in the background). Dialogs are imported when first opened, so the first
screen loads neither SQLAlchemy nor ReportLab.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QMainWindow,
    QSplitter,
    QToolBar,
    QWidget,
)

from illdesk.core.queues import QueueFilter
from illdesk.core.vocabulary import DeliveryMethod, Direction
from illdesk.core.workflow import ACTION_LABELS, Action
from illdesk.services.desk.views import ActionChoice, ActionResult, RequestDetail, RequestRow
from illdesk.ui import layout_state, window_actions, window_dialogs
from illdesk.ui.desk_messages import about_box, batch_box, conflict_box, problem_box
from illdesk.ui.detail_panel import DetailPanel
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.queue_model import QueueModel
from illdesk.ui.queue_tree import QueueTree
from illdesk.ui.queue_view import QueueView
from illdesk.ui.request_controller import RequestController
from illdesk.ui.shipping_flow import ShippingFlow

if TYPE_CHECKING:
    from illdesk.services.desk.undo_scope import UndoCandidate
    from illdesk.services.shipping.packages import ShipmentView, ShippingGroup
    from illdesk.ui.batch import BatchOutcome, BatchRunner
    from illdesk.ui.desk_lock import DeskLock
    from illdesk.ui.live_refresh import LiveRefresh
    from illdesk.ui.offline_desk import OfflineDesk
    from illdesk.ui.print_menu import PrintMenu
    from illdesk.ui.scan_desk import ScanDesk


class MainWindow(QMainWindow, window_actions.WindowParts):
    """Queues, their requests and the request detail, with menus, toolbar and status bar.

    With `database_later=True` the window shows before its database is open: the Print menu
    (which loads ReportLab) waits for `attach_printing()` and the counts for `refresh()`.
    """

    def __init__(self, services: ServiceFacade, *, database_later: bool = False) -> None:
        super().__init__()
        self.services = services
        self.setWindowTitle(f"ILL Desk — {services.display_name}")
        self.setObjectName("desk-window")
        self.dialog: QDialog | None = None  # the dialog open now (tests and screenshots use it)
        self.scan_dock: QDockWidget | None = None
        self.scan_desk: ScanDesk | None = None  # set by app.open_window
        self.offline_desk: OfflineDesk | None = None  # set with the scanning desk
        self.desk_lock: DeskLock | None = None  # set by app.open_window
        self.live: LiveRefresh | None = None  # set by app.open_window on a shared database
        self.startup_problem = ""  # why the database could not be opened, if it could not
        self.printing: PrintMenu | None = None
        self._batch: BatchRunner | None = None
        self.last_batch: BatchOutcome | None = None
        self.guide_viewer: QWidget | None = None  # Help > user guide, once opened

        self.tree = QueueTree(services)
        self.tree.queue_chosen.connect(self._on_tree_queue_chosen)
        self.tree.counts_changed.connect(self._on_tree_counts_changed)
        self.tree.failed.connect(self.show_problem)
        self.count_timer = self.tree.count_timer
        self.model = QueueModel(services)
        self.queue_view = QueueView(self.model)
        self.queue_view.current_changed.connect(self._on_queue_current_changed)
        self.queue_view.batch_requested.connect(self._on_queue_batch_requested)
        self.model.failed.connect(self.show_problem)
        self.detail_panel = DetailPanel()
        self.detail_panel.charges.attach(services)
        self.detail_panel.action_clicked.connect(self._on_detail_action_clicked)
        self.detail_panel.undo_clicked.connect(self.undo_last)
        self.detail_panel.edit_clicked.connect(self.edit_request)
        self.detail_panel.reload_clicked.connect(self.reload_detail)
        self.controller = RequestController(services, self)
        self.controller.detail_loaded.connect(self._on_controller_detail_loaded)
        self.controller.acted.connect(self._on_controller_acted)
        self.controller.edited.connect(self._on_controller_edited)
        self.controller.conflict.connect(self._on_controller_conflict)
        self.controller.undo_question.connect(self._on_controller_undo_question)
        self.controller.failed.connect(self.show_problem)
        self.shipping = ShippingFlow(services, self)
        self.shipping.dialog_ready.connect(self.open_dialog)
        self.shipping.message.connect(lambda text: self.statusBar().showMessage(text, 30_000))
        self.shipping.problem.connect(self.show_problem)
        self.shipping.failed.connect(self._on_shipping_failed)
        self.shipping.shipped.connect(self._on_shipping_shipped)
        self.detail: RequestDetail | None = None
        # With a scanning desk docked and no request open, Ctrl+Z undoes this person's last scan.
        self.undo_last_scan: Callable[[], None] | None = None
        self._wanted_number = ""

        self.splitter = QSplitter()
        self.splitter.setObjectName("desk-splitter")
        detail_pane = layout_state.scrolling_down(self.detail_panel)
        layout_state.arrange_panes(self.splitter, (self.tree, self.queue_view, detail_pane))
        self.setCentralWidget(self.splitter)

        window_actions.build_actions(self)
        window_actions.build_menus(self)
        self.toolbar: QToolBar = window_actions.build_toolbar(self)
        window_actions.build_status_bar(self)
        # A first run fits the queue list to its names once they are known (see below).
        self._fit_tree = not layout_state.restore_window(self, {"desk": self.splitter})
        self.count_timer.start()
        if not database_later:
            self.attach_printing()
            self.refresh_counts()

    # ------------------------------------------------------------ hosting other desks

    def attach_printing(self) -> PrintMenu:
        """Fill the Print menu and put the Print button on the toolbar."""
        if self.printing is not None:
            return self.printing
        from illdesk.ui.print_menu import PrintMenu  # noqa: PLC0415 - loads ReportLab

        printing = PrintMenu(self.services, self.queue_view, self)
        printing.preview_ready.connect(self.open_dialog)
        printing.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        printing.problem.connect(self.show_problem)
        printing.requests_changed.connect(self._on_printing_requests_changed)
        printing.build_menu(self.print_menu, self.act_print_settings)
        self.print_button.setEnabled(True)
        self.printing = printing
        return printing

    def set_scanner_state(self, text: str) -> None:
        """What the status bar says about the barcode scanner (set by the scanning desk)."""
        self.scanner_label.setText(f"Scanner: {text}")

    def set_database_name(self, text: str) -> None:
        """Where the data lives, once the database is open."""
        self.setWindowTitle(f"ILL Desk — {text}")
        self.database_label.set_full_text(f"Database: {text}")

    def add_scan_desk(self, widget: QWidget) -> QDockWidget:
        """Host the scanning desk (`ui.scan_desk.ScanDesk`) as a dock below the queues; it can
        be floated onto a second screen, and View ▸ Scanning desk shows it again."""
        dock = QDockWidget("Scanning desk", self)
        dock.setObjectName("scan-desk-dock")
        dock.setAccessibleName("Scanning desk")
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        # A third of the window: the queues keep room for their rows above the desk.
        self.resizeDocks([dock], [max(300, self.height() // 3)], Qt.Orientation.Vertical)
        toggle = dock.toggleViewAction()
        # F2..F9 belong to the desk's modes; the dock itself toggles with Ctrl+Shift+D.
        toggle.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.view_menu.addSeparator()
        self.view_menu.addAction(toggle)
        self.scan_dock = dock
        return dock

    # ------------------------------------------------------------ queues

    @property
    def queues(self) -> dict[str, QueueFilter]:
        return self.tree.queues

    @property
    def counts(self) -> dict[str, int]:
        return self.tree.counts

    @property
    def shipping_groups(self) -> tuple[ShippingGroup, ...]:
        return self.tree.shipping_groups

    def refresh(self) -> None:
        """Recount the queues, reload the open queue and the open request (F5)."""
        self.refresh_counts()
        current = self.queue_view.current_row()
        if current is not None:
            self.queue_view.select_number_after_load(current.number)
        self.model.reload()
        self.reload_detail()

    def refresh_counts(self) -> None:
        """Recount every queue in the background (on a timer and after every change)."""
        self.tree.refresh_counts()

    def refresh_after_scan(self, action: str) -> None:
        """A scan did `action`: recount the queues it can change (at most once a second)."""
        self.tree.refresh_after_scan(action)

    def select_queue(self, key: str) -> None:
        """Open a queue by its key (as if clicked in the tree)."""
        self.tree.select_queue(key)

    def _on_tree_counts_changed(self) -> None:
        if self._fit_tree and self.tree.queues:
            self._fit_tree = False
            self._fit_queue_list()
        queue = self.model.queue
        if queue is not None:
            self.queue_view.set_title(f"{queue.group}: {queue.title}", self.counts.get(queue.key))

    def _fit_queue_list(self) -> None:
        """Widen the queue list so that queue and library names show whole (at most 40% of
        the window), taking the room from the request list."""
        tree = self.tree
        tree.expandAll()
        needed = (
            tree.sizeHintForColumn(0)
            + tree.sizeHintForColumn(1)
            + tree.verticalScrollBar().sizeHint().width()
            + 2 * tree.frameWidth()
            + 16
        )
        sizes = self.splitter.sizes()
        total = sum(sizes)
        # Never so wide that the request list falls below its own minimum (a small screen).
        room = total - sizes[2] - layout_state.PANE_MIN_WIDTHS[1]
        width = max(min(max(needed, sizes[0]), int(total * 0.4), room), sizes[0])
        self.splitter.setSizes([width, total - width - sizes[2], sizes[2]])

    def _on_tree_queue_chosen(self, queue: QueueFilter) -> None:
        self.queue_view.set_title(f"{queue.group}: {queue.title}", self.counts.get(queue.key))
        # The detail follows the queue shown: it comes back only if its request is listed.
        if self.detail is not None:
            self.queue_view.select_number_after_load(self.detail.row.number)
        self._wanted_number = ""
        self._show_detail(None)
        self.model.set_queue(queue, self.queue_view.filter.text().strip())

    # ------------------------------------------------------------ one request

    def open_request(self, number: str) -> None:
        """Show a request in the detail panel, whichever queue it is in."""
        self._wanted_number = number
        self.controller.load(number)

    def reload_detail(self) -> None:
        if self._wanted_number:
            self.controller.load(self._wanted_number)

    def _on_queue_current_changed(self, number: str) -> None:
        if number:
            self.open_request(number)

    def _on_controller_detail_loaded(self, detail: RequestDetail) -> None:
        if detail.row.number == self._wanted_number:
            self._show_detail(detail)

    def _show_detail(self, detail: RequestDetail | None) -> None:
        self.detail = detail
        self.detail_panel.show_detail(detail)
        for action in (self.act_undo, self.act_edit, self.act_reload):
            action.setEnabled(detail is not None)
        self.act_undo.setEnabled(detail is not None or self.undo_last_scan is not None)
        self.actions_menu.clear()
        self.actions_menu.setEnabled(bool(detail and detail.actions))
        for choice in detail.actions if detail else ():
            item = self.actions_menu.addAction(choice.label + ("…" if choice.params else ""))
            item.triggered.connect(lambda _=False, c=choice: self._on_detail_action_clicked(c))

    def _on_detail_action_clicked(self, choice: ActionChoice) -> None:
        detail = self.detail
        if detail is None:
            return
        number, version = detail.row.number, detail.row.version
        if not choice.params:
            self.statusBar().showMessage(f"{number}: {choice.label}…")
            self.controller.perform(number, choice.action, {}, version)
            return
        from illdesk.ui.action_dialog import ActionDialog  # noqa: PLC0415

        dialog = ActionDialog(
            self.services, Direction(detail.row.direction), choice.action, [number], self
        )
        dialog.accepted.connect(
            lambda: self.controller.perform(number, choice.action, dialog.values(), version)
        )
        self.open_dialog(dialog)

    def undo_last(self) -> None:
        detail = self.detail
        if detail is None:
            if self.undo_last_scan is not None:
                self.statusBar().showMessage("No request is open: undoing your last scan…")
                self.undo_last_scan()
            return
        self.statusBar().showMessage(f"{detail.row.number}: undoing the last action…")
        self.controller.undo(detail.row.number, detail.row.version)

    def _on_controller_undo_question(self, candidate: UndoCandidate, version: int) -> None:
        from illdesk.ui.undo_question import undo_question_box  # noqa: PLC0415

        self.statusBar().showMessage(candidate.question(), 30_000)
        box = undo_question_box(
            self, candidate, lambda: self.controller.undo_confirmed(candidate, version)
        )
        self.open_dialog(box)

    def edit_request(self) -> None:
        detail = self.detail
        if detail is None:
            return
        from illdesk.ui.edit_dialog import RequestEditDialog  # noqa: PLC0415

        dialog = RequestEditDialog(detail, self)
        number, version = detail.row.number, detail.row.version

        def save() -> None:
            if dialog.changes():
                self.controller.edit(number, dialog.changes(), version)

        dialog.accepted.connect(save)
        if self.live is not None:  # "in processing" for the other desks while it is open
            self.live.editing(number, dialog)
        self.open_dialog(dialog)

    def _on_controller_acted(self, result: ActionResult) -> None:
        self.statusBar().showMessage(result.message, 15_000)
        self._after_change(result.number)

    def _on_controller_edited(self, row: RequestRow) -> None:
        self.statusBar().showMessage(f"{row.number}: changes saved.", 15_000)
        self._after_change(row.number)

    def _after_change(self, number: str) -> None:
        self.open_request(number)
        self.queue_view.select_number_after_load(number)
        self.model.reload()
        self.refresh_counts()

    def _on_controller_conflict(self, number: str, message: str) -> None:
        self.statusBar().showMessage(message, 30_000)
        self.open_dialog(conflict_box(self, message, lambda: self._on_conflict_reload(number)))

    def _on_conflict_reload(self, number: str) -> None:
        self.open_request(number)
        self.model.reload()
        self.refresh_counts()

    # ------------------------------------------------------------ many requests

    def _on_queue_batch_requested(
        self, direction: Direction, action: Action, rows: list[RequestRow]
    ) -> None:
        numbers = [r.number for r in rows]
        from illdesk.ui.action_dialog import ActionDialog  # noqa: PLC0415

        dialog = ActionDialog(self.services, direction, action, numbers, self)
        if not dialog.params:
            dialog.setWindowTitle(f"{ACTION_LABELS[action]} — {len(rows)} requests")
        dialog.accepted.connect(lambda: self.batch.start(rows, action, dialog.values()))
        self.open_dialog(dialog)

    @property
    def batch(self) -> BatchRunner:
        """The runner of batch actions (made on first use)."""
        if self._batch is None:
            from illdesk.ui.batch import BatchRunner  # noqa: PLC0415

            self._batch = BatchRunner(self.services, self, self)
            self._batch.finished.connect(self._on_batch_finished)
        return self._batch

    def _on_batch_finished(self, outcome: BatchOutcome) -> None:
        box = batch_box(self, outcome.summary(), bool(outcome.failed))
        self.statusBar().showMessage(outcome.summary().splitlines()[0], 15_000)
        self.last_batch = outcome
        self.model.reload()
        self.refresh_counts()
        self.reload_detail()
        self.open_dialog(box)

    # ------------------------------------------------------------ shipping

    def ship_package(self) -> None:
        """Ship the selected items, or the open library group, in one package (Ctrl+K)."""
        self.shipping.start(self.model.queue, self.queue_view.selected_rows())

    def _on_shipping_shipped(self, package: ShipmentView) -> None:
        self.refresh()
        if package.method != DeliveryMethod.ELECTRONIC.value:
            self.attach_printing().print_package(package.number)

    def _on_shipping_failed(self, message: str) -> None:
        self.show_problem(message)
        self.refresh()

    def add_custom_queue(self) -> None:
        from illdesk.ui.custom_queue import CustomQueueDialog  # noqa: PLC0415

        dialog = CustomQueueDialog(self.services, self)
        dialog.saved.connect(self._on_custom_queue_saved)
        self.open_dialog(dialog)

    def _on_custom_queue_saved(self, key: str) -> None:
        self.tree.select_after_counts = key
        self.refresh_counts()

    def _on_printing_requests_changed(self) -> None:
        self.model.reload()
        self.refresh_counts()
        self.reload_detail()

    def open_patrons(self) -> None:
        window_dialogs.open_patrons(self)

    # ------------------------------------------------------------ messages

    def open_dialog(self, dialog: QDialog) -> None:
        """Open a dialog without blocking the window's event loop (background results keep
        arriving) and remember it as the one open now."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r, d=dialog: self._on_dialog_finished(d))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def show_problem(self, message: str) -> None:
        """A problem on the status bar and in a box; a server away in a banner (server_banner)."""
        self.statusBar().showMessage(message, 30_000)
        if not self.server_banner.offer(message):
            self.open_dialog(problem_box(self, message))

    def about(self) -> None:
        self.open_dialog(about_box(self, self.services.display_name))

    def closeEvent(self, event: QCloseEvent) -> None:
        layout_state.save_window(self, {"desk": self.splitter})
        self.count_timer.stop()
        self.tree.scan_timer.stop()
        super().closeEvent(event)
