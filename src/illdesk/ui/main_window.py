"""The desk window: queues on the left, the chosen queue's requests, and the request detail.

The window lays out and wires; what happens to a request is decided by `RequestController`
and `BatchRunner`, and every database call runs in the background (`ui.tasks`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from illdesk import __version__
from illdesk.core.address_format import courier_place
from illdesk.core.queues import SHIPPING_HEADINGS, QueueFilter
from illdesk.core.vocabulary import DeliveryMethod, Direction
from illdesk.core.workflow import ACTION_LABELS, Action
from illdesk.services.desk import queues as queue_service
from illdesk.services.desk.undo_scope import UndoCandidate
from illdesk.services.desk.views import ActionChoice, ActionResult, RequestDetail, RequestRow
from illdesk.services.errors import InvalidInput
from illdesk.services.shipping import packages as shipping
from illdesk.services.shipping.packages import ShipmentView, ShippingGroup
from illdesk.store.database import Database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui import layout_state
from illdesk.ui.action_dialog import ActionDialog
from illdesk.ui.batch import BatchOutcome, BatchRunner
from illdesk.ui.custom_queue import CustomQueueDialog
from illdesk.ui.detail_panel import DetailPanel
from illdesk.ui.edit_dialog import RequestEditDialog
from illdesk.ui.library_directory import LibraryDirectory
from illdesk.ui.patron_directory import PatronDirectory
from illdesk.ui.print_menu import PrintMenu
from illdesk.ui.print_settings import PrintSettingsDialog
from illdesk.ui.queue_model import QueueModel
from illdesk.ui.queue_view import QueueView
from illdesk.ui.request_controller import RequestController
from illdesk.ui.request_form import RequestForm
from illdesk.ui.ship_dialog import ShipCandidates, ShipDialog, ship_candidates
from illdesk.ui.tasks import run_task
from illdesk.ui.undo_question import undo_question_box

COUNT_REFRESH_MS = 60_000
QUEUE_KEY = Qt.ItemDataRole.UserRole
SHIP_KEY = "Ctrl+K"


class MainWindow(QMainWindow):
    """Queues, their requests and the request detail, with menus, toolbar and status bar."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.setWindowTitle(f"ILL Desk — {db.display_name}")
        self.setObjectName("desk-window")
        self.resize(1500, 900)
        self.queues: dict[str, QueueFilter] = {}
        self.shipping_groups: tuple[ShippingGroup, ...] = ()
        self._method_items: dict[DeliveryMethod, QTreeWidgetItem] = {}
        self.counts: dict[str, int] = {}
        self.dialog: QDialog | None = None  # the dialog open now (tests and screenshots use it)
        self.scan_dock: QDockWidget | None = None
        self._counting = False
        self._select_after_counts = ""  # a queue to open once the list is rebuilt

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Queue", "Count"])
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAccessibleName("Queues")
        self.tree.setRootIsDecorated(True)
        self.tree.itemSelectionChanged.connect(self._on_tree_selection_changed)
        self.model = QueueModel(db, actor)
        self.queue_view = QueueView(self.model)
        self.queue_view.current_changed.connect(self._on_queue_current_changed)
        self.queue_view.batch_requested.connect(self._on_queue_batch_requested)
        self.model.failed.connect(self.show_problem)
        self.detail_panel = DetailPanel()
        self.detail_panel.action_clicked.connect(self._on_detail_action_clicked)
        self.detail_panel.undo_clicked.connect(self.undo_last)
        self.detail_panel.edit_clicked.connect(self.edit_request)
        self.detail_panel.reload_clicked.connect(self.reload_detail)
        self.controller = RequestController(db, actor, self)
        self.controller.detail_loaded.connect(self._on_controller_detail_loaded)
        self.controller.acted.connect(self._on_controller_acted)
        self.controller.edited.connect(self._on_controller_edited)
        self.controller.conflict.connect(self._on_controller_conflict)
        self.controller.undo_question.connect(self._on_controller_undo_question)
        self.controller.failed.connect(self.show_problem)
        self.batch = BatchRunner(db, actor, self, self)
        self.batch.finished.connect(self._on_batch_finished)
        self.printing = PrintMenu(db, actor, self.queue_view, self)
        self.printing.preview_ready.connect(self._open_dialog)
        self.printing.message.connect(lambda text: self.statusBar().showMessage(text, 15_000))
        self.printing.problem.connect(self.show_problem)
        self.printing.requests_changed.connect(self._on_printing_requests_changed)
        self.detail: RequestDetail | None = None
        # Set when a scanning desk is docked: with no request open, Ctrl+Z undoes this
        # person's last scan (their own action of this session) instead of nothing.
        self.undo_last_scan: Callable[[], None] | None = None
        self._wanted_number = ""

        self.splitter = QSplitter()
        self.splitter.setObjectName("desk-splitter")
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.queue_view)
        self.splitter.addWidget(self.detail_panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([280, 720, 500])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_status_bar()
        layout_state.restore_window(self, {"desk": self.splitter})
        self.count_timer = QTimer(self)
        self.count_timer.setInterval(COUNT_REFRESH_MS)
        self.count_timer.timeout.connect(self.refresh_counts)
        self.count_timer.start()
        self.refresh_counts()

    # ------------------------------------------------------------ building

    def _action(
        self,
        text: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        plain = text.replace("&", "").rstrip("…")
        shortcut_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip or plain} ({shortcut_text})" if shortcut_text else tip or plain)
        action.setStatusTip(tip or plain)
        action.triggered.connect(lambda _=False: slot())
        return action

    def _build_actions(self) -> None:
        icon = self.style().standardIcon
        pix = QStyle.StandardPixmap
        self.act_new_loan = self._action(
            "New &loan request (book)…",
            lambda: self.new_request("loan"),
            "Ctrl+N",
            "Borrow a book or other returnable item for a patron",
        )
        self.act_new_loan.setIcon(icon(pix.SP_FileIcon))
        self.act_new_copy = self._action(
            "New &copy request (article, chapter)…",
            lambda: self.new_request("copy"),
            "Ctrl+Shift+N",
            "Ask for a copy of an article or chapter for a patron",
        )
        self.act_new_copy.setIcon(icon(pix.SP_FileDialogDetailedView))
        self.act_new_lending = self._action(
            "New l&ending request…",
            lambda: self.new_request("lending"),
            "Ctrl+L",
            "Enter a request another library sent us",
        )
        self.act_new_lending.setIcon(icon(pix.SP_FileDialogNewFolder))
        self.act_refresh = self._action(
            "&Refresh",
            self.refresh,
            QKeySequence.StandardKey.Refresh,
            "Recount the queues and reload the list and the request",
        )
        self.act_refresh.setIcon(icon(pix.SP_BrowserReload))
        self.act_refresh.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
        self.act_filter = self._action(
            "&Filter this queue", self.focus_filter, QKeySequence.StandardKey.Find
        )
        self.act_undo = self._action(
            "&Undo last action on this request", self.undo_last, QKeySequence.StandardKey.Undo
        )
        self.act_undo.setIcon(icon(pix.SP_ArrowBack))
        self.act_edit = self._action("&Edit request…", self.edit_request, "Ctrl+E")
        self.act_reload = self._action("Re&load request", self.reload_detail, "Ctrl+Shift+R")
        self.act_patrons = self._action(
            "&Patrons…", self.open_patrons, "Ctrl+Shift+P", "Find, add, edit or block patrons"
        )
        self.act_patrons.setIcon(icon(pix.SP_DirHomeIcon))
        self.act_libraries = self._action(
            "Partner &libraries…",
            self.open_libraries,
            "Ctrl+Shift+L",
            "Partner libraries: addresses, delivery, loan terms",
        )
        self.act_libraries.setIcon(icon(pix.SP_DriveNetIcon))
        self.act_focus_queues = self._action("&Queues", self.tree.setFocus, "Alt+1")
        self.act_focus_list = self._action(
            "&Requests in the queue", self.queue_view.table.setFocus, "Alt+2"
        )
        self.act_focus_detail = self._action(
            "Request &detail", self.detail_panel.tabs.setFocus, "Alt+3"
        )
        self.act_custom_queue = self._action(
            "Add a &custom queue…",
            self.add_custom_queue,
            None,
            "A saved filter of your own, shown to every workstation",
        )
        self.act_ship = self._action(
            "S&hip a package…",
            self.ship_package,
            SHIP_KEY,
            "Everything selected, or this library's whole group under Shipping, in one package",
        )
        self.act_ship.setIcon(icon(pix.SP_ArrowForward))
        self.act_print_settings = self._action(
            "Print &settings…",
            self.open_print_settings,
            None,
            "Printer, paper or labels, resolution and calibration for each document",
        )
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_about = self._action("&About ILL Desk", self._about)
        for action in (self.act_undo, self.act_edit, self.act_reload):
            action.setEnabled(False)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        desk = bar.addMenu("&Desk")
        for action in (self.act_new_loan, self.act_new_copy, self.act_new_lending):
            desk.addAction(action)
        desk.addSeparator()
        desk.addAction(self.act_ship)
        desk.addSeparator()
        desk.addAction(self.act_refresh)
        desk.addAction(self.act_custom_queue)
        desk.addAction(self.act_print_settings)
        desk.addSeparator()
        desk.addAction(self.act_quit)
        request = bar.addMenu("&Request")
        for action in (self.act_undo, self.act_edit, self.act_reload):
            request.addAction(action)
        self.actions_menu = request.addMenu("&Actions possible now")
        self.actions_menu.setEnabled(False)
        self.print_menu = self.printing.build_menu(bar.addMenu("&Print"), self.act_print_settings)
        directory_menu = bar.addMenu("D&irectory")
        directory_menu.addAction(self.act_patrons)
        directory_menu.addAction(self.act_libraries)
        self.view_menu = bar.addMenu("&View")
        self.view_menu.addAction(self.act_filter)
        self.view_menu.addSeparator()
        for action in (self.act_focus_queues, self.act_focus_list, self.act_focus_detail):
            self.view_menu.addAction(action)
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Main toolbar")
        toolbar.setObjectName("main-toolbar")
        toolbar.setAccessibleName("Main toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.act_new_loan.setIconText("New loan")
        self.act_new_copy.setIconText("New copy")
        self.act_new_lending.setIconText("New lending")
        self.act_ship.setIconText("Ship")
        self.act_undo.setIconText("Undo")
        self.act_patrons.setIconText("Patrons")
        self.act_libraries.setIconText("Libraries")
        for action in (self.act_new_loan, self.act_new_copy, self.act_new_lending):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.act_refresh)
        toolbar.addAction(self.act_undo)
        toolbar.addSeparator()
        toolbar.addAction(self.act_ship)
        self.print_button = self.printing.toolbar_button()
        toolbar.addWidget(self.print_button)
        toolbar.addSeparator()
        toolbar.addAction(self.act_patrons)
        toolbar.addAction(self.act_libraries)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.scanner_label = QLabel("Scanner: not connected")
        self.scanner_label.setAccessibleName("Scanner state")
        self.who_label = QLabel(f"Staff: {self.actor.staff_name}")
        self.who_label.setAccessibleName("Staff member at the desk")
        self.workstation_label = QLabel(f"Workstation: {self.actor.workstation}")
        self.workstation_label.setAccessibleName("Workstation")
        self.database_label = QLabel(f"Database: {self.db.display_name}")
        self.database_label.setAccessibleName("Database in use")
        for label in (
            self.scanner_label,
            self.who_label,
            self.workstation_label,
            self.database_label,
        ):
            label.setContentsMargins(8, 0, 8, 0)
            bar.addPermanentWidget(label)

    # ------------------------------------------------------------ hosting other desks

    def set_scanner_state(self, text: str) -> None:
        """What the status bar says about the barcode scanner (set by the scanning desk)."""
        self.scanner_label.setText(f"Scanner: {text}")

    def add_scan_desk(self, widget: QWidget) -> QDockWidget:
        """Host the scanning desk (`ui.scan_desk.ScanDesk`) as a dock below the queues.

        The dock can be floated onto a second screen, and View ▸ Scanning desk shows it again.
        """
        dock = QDockWidget("Scanning desk", self)
        dock.setObjectName("scan-desk-dock")
        dock.setAccessibleName("Scanning desk")
        dock.setWidget(widget)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        toggle = dock.toggleViewAction()
        # F2..F9 belong to the desk's modes; the dock itself toggles with Ctrl+Shift+D.
        toggle.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.view_menu.addSeparator()
        self.view_menu.addAction(toggle)
        self.scan_dock = dock
        return dock

    # ------------------------------------------------------------ queues

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
        if self._counting:
            return
        self._counting = True

        def work() -> tuple[list[QueueFilter], dict[str, int], tuple[ShippingGroup, ...]]:
            found = queue_service.all_queues(self._read())
            counts = queue_service.queue_counts(self._read(), found)
            return found, counts, shipping.shipping_groups(self._read())

        def failed(exc: Exception) -> None:
            self._counting = False
            self.show_problem(str(exc))

        run_task(work, self._on_counts_loaded, failed)

    def _read(self) -> UnitOfWork:
        return UnitOfWork(self.db, self.actor, read_only=True)

    def _on_counts_loaded(
        self, result: tuple[list[QueueFilter], dict[str, int], tuple[ShippingGroup, ...]]
    ) -> None:
        self._counting = False
        found, counts, groups = result
        counts = {**counts, **{g.queue.key: g.count for g in groups}}
        self.counts = counts
        if [q.key for q in found] + [g.queue.key for g in groups] != list(self.queues):
            self._build_tree(found, groups)
        self.shipping_groups = groups
        for method, header in self._method_items.items():
            total = sum(g.count for g in groups if g.method is method)
            header.setText(1, str(total))
            header.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for item in self._queue_items():
            key = str(item.data(0, QUEUE_KEY))
            count = counts.get(key, 0)
            item.setText(1, str(count))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            font = item.font(0)
            font.setBold(count > 0)
            item.setFont(0, font)
            item.setFont(1, font)
            item.setData(
                0, Qt.ItemDataRole.AccessibleTextRole, f"{self.queues[key].title}: {count} requests"
            )
        if self._select_after_counts in self.queues:
            self.select_queue(self._select_after_counts)
            self._select_after_counts = ""
        queue = self.model.queue
        if queue is not None:
            self.queue_view.set_title(f"{queue.group}: {queue.title}", counts.get(queue.key))

    def _build_tree(
        self, found: list[QueueFilter], shipping_groups: tuple[ShippingGroup, ...]
    ) -> None:
        """The queue list; under Shipping, a heading per delivery method with one entry per
        destination library (what goes in one package)."""
        current = self.model.queue.key if self.model.queue is not None else ""
        self.tree.blockSignals(True)
        self.tree.clear()
        self.queues = {q.key: q for q in found}
        groups: dict[str, QTreeWidgetItem] = {}

        def heading(parent: QTreeWidget | QTreeWidgetItem, text: str) -> QTreeWidgetItem:
            item = QTreeWidgetItem(parent, [text, ""])
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            font = QFont(item.font(0))
            font.setBold(True)
            item.setFont(0, font)
            item.setExpanded(True)
            return item

        for queue in found:
            parent = groups.get(queue.group)
            if parent is None:
                parent = groups[queue.group] = heading(self.tree, queue.group)
            item = QTreeWidgetItem(parent, [queue.title, ""])
            item.setData(0, QUEUE_KEY, queue.key)
            item.setToolTip(0, f"{queue.group}: {queue.title}")
        self._method_items = {}
        for group in shipping_groups:
            parent = groups.get("Shipping") or heading(self.tree, "Shipping")
            groups["Shipping"] = parent
            method_item = self._method_items.get(group.method)
            if method_item is None:
                method_item = heading(parent, SHIPPING_HEADINGS[group.method])
                method_item.setData(
                    0, Qt.ItemDataRole.AccessibleTextRole, f"Packages going by {group.method.label}"
                )
                self._method_items[group.method] = method_item
            item = QTreeWidgetItem(
                method_item, [f"{group.library_symbol} — {group.library_name}", ""]
            )
            item.setData(0, QUEUE_KEY, group.queue.key)
            stop = courier_place(group.courier_route, group.courier_stop)
            waiting = group.oldest.strftime("%d %b %Y") if group.oldest else ""
            item.setToolTip(
                0,
                "\n".join(
                    line
                    for line in (
                        group.queue.title,
                        f"Courier: {stop}" if stop else "",
                        f"Waiting since {waiting}" if waiting else "",
                        f"Ship them together: {SHIP_KEY}",
                    )
                    if line
                ),
            )
            self.queues[group.queue.key] = group.queue
        kept = False
        for item in self._queue_items():
            if item.data(0, QUEUE_KEY) == current:
                self.tree.setCurrentItem(item)
                kept = True
        self.tree.blockSignals(False)
        if current.startswith("ship:") and not kept:
            # That library's package has gone out: show what else waits to be sent.
            self._select_after_counts = "s-all"

    def _queue_items(self) -> list[QTreeWidgetItem]:
        """Every entry that opens a queue, at any depth."""
        items: list[QTreeWidgetItem] = []
        pending = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        while pending:
            node = pending.pop(0)
            if node is None:
                continue
            if node.data(0, QUEUE_KEY):
                items.append(node)
            pending[0:0] = [node.child(j) for j in range(node.childCount())]
        return items

    def select_queue(self, key: str) -> None:
        """Open a queue by its key (as if clicked in the tree)."""
        for item in self._queue_items():
            if item.data(0, QUEUE_KEY) == key:
                self.tree.setCurrentItem(item)
                return

    def _on_tree_selection_changed(self) -> None:
        items = self.tree.selectedItems()
        key = items[0].data(0, QUEUE_KEY) if items else None
        queue = self.queues.get(str(key)) if key else None
        if queue is None:
            return
        self.queue_view.set_title(f"{queue.group}: {queue.title}", self.counts.get(queue.key))
        # The detail follows the queue shown: it comes back only if its request is listed.
        if self.detail is not None:
            self.queue_view.select_number_after_load(self.detail.row.number)
        self._wanted_number = ""
        self._show_detail(None)
        self.model.set_queue(queue, self.queue_view.filter.text().strip())

    def focus_filter(self) -> None:
        self.queue_view.filter.setFocus()
        self.queue_view.filter.selectAll()

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
        dialog = ActionDialog(
            self.db, self.actor, Direction(detail.row.direction), choice.action, [number], self
        )
        dialog.accepted.connect(
            lambda: self.controller.perform(number, choice.action, dialog.values(), version)
        )
        self._open_dialog(dialog)

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
        self.statusBar().showMessage(candidate.question(), 30_000)
        box = undo_question_box(
            self, candidate, lambda: self.controller.undo_confirmed(candidate, version)
        )
        self._open_dialog(box)

    def edit_request(self) -> None:
        detail = self.detail
        if detail is None:
            return
        dialog = RequestEditDialog(detail, self)
        number, version = detail.row.number, detail.row.version

        def save() -> None:
            if dialog.changes():
                self.controller.edit(number, dialog.changes(), version)

        dialog.accepted.connect(save)
        self._open_dialog(dialog)

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
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Changed at another workstation")
        box.setText(message)
        box.setInformativeText(
            "Reload to see the request as it is now, then do your change again if it is "
            "still needed."
        )
        reload_button = box.addButton("Reload the request", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("Close", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(reload_button)
        reload_button.clicked.connect(lambda: self._on_conflict_reload(number))
        self.statusBar().showMessage(message, 30_000)
        self._open_dialog(box)

    def _on_conflict_reload(self, number: str) -> None:
        self.open_request(number)
        self.model.reload()
        self.refresh_counts()

    # ------------------------------------------------------------ many requests

    def _on_queue_batch_requested(
        self, direction: Direction, action: Action, rows: list[RequestRow]
    ) -> None:
        numbers = [r.number for r in rows]
        dialog = ActionDialog(self.db, self.actor, direction, action, numbers, self)
        if not dialog.params:
            dialog.setWindowTitle(f"{ACTION_LABELS[action]} — {len(rows)} requests")
        dialog.accepted.connect(lambda: self.batch.start(rows, action, dialog.values()))
        self._open_dialog(dialog)

    def _on_batch_finished(self, outcome: BatchOutcome) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Batch finished")
        box.setIcon(QMessageBox.Icon.Warning if outcome.failed else QMessageBox.Icon.Information)
        box.setText(outcome.summary())
        self.statusBar().showMessage(outcome.summary().splitlines()[0], 15_000)
        self.last_batch = outcome
        self.model.reload()
        self.refresh_counts()
        self.reload_detail()
        self._open_dialog(box)

    # ------------------------------------------------------------ forms and directories

    # ------------------------------------------------------------ shipping

    def ship_package(self) -> None:
        """Ship the selected items, or the open library group, in one package (Ctrl+K)."""
        queue = self.model.queue
        rows = self.queue_view.selected_rows()
        if not rows and (queue is None or len(queue.libraries) != 1):
            self.show_problem(
                "Select the items going in the package, or open a library under Shipping "
                "to ship everything waiting for it."
            )
            return
        db, actor = self.db, self.actor

        def work() -> ShipCandidates:
            read = UnitOfWork(db, actor, read_only=True)
            return ship_candidates(read, UnitOfWork(db, actor, read_only=True), queue, rows)

        run_task(work, self._on_ship_candidates, lambda exc: self.show_problem(str(exc)))

    def _on_ship_candidates(self, candidates: ShipCandidates) -> None:
        dialog = ShipDialog(candidates, self)
        dialog.ship.connect(self._on_ship_dialog_ship)
        self._open_dialog(dialog)

    def _on_ship_dialog_ship(
        self, symbol: str, numbers: list[str], method: DeliveryMethod, tracking: str
    ) -> None:
        count = len(numbers)
        self.statusBar().showMessage(f"Shipping {count} item(s) to {symbol}…")
        db, actor = self.db, self.actor
        run_task(
            lambda: shipping.ship_package(UnitOfWork(db, actor), symbol, numbers, method, tracking),
            self._on_shipped,
            self._on_ship_failed,
        )

    def _on_shipped(self, package: ShipmentView) -> None:
        count = len(package.request_numbers)
        self.statusBar().showMessage(
            f"Package {package.number} shipped to {package.library_symbol} by "
            f"{DeliveryMethod(package.method).label}: {count} item{'s' if count != 1 else ''}.",
            30_000,
        )
        self.refresh()
        if package.method != DeliveryMethod.ELECTRONIC.value:
            self.printing.print_package(package.number)

    def _on_ship_failed(self, exc: Exception) -> None:
        if isinstance(exc, InvalidInput):
            self.show_problem(f"Nothing was shipped. {exc}")
        else:
            self.show_problem(f"Nothing was shipped: {exc}")
        self.refresh()

    def new_request(self, kind: str) -> None:
        form = RequestForm(self.db, self.actor, kind, self)
        form.created.connect(self._on_form_created)
        form.open_existing.connect(self.open_request)
        self._open_dialog(form)

    def _on_form_created(self, number: str, service: str) -> None:
        self.statusBar().showMessage(f"{number} entered.", 15_000)
        self.open_request(number)
        self.model.reload()
        self.refresh_counts()
        del service

    def add_custom_queue(self) -> None:
        dialog = CustomQueueDialog(self.db, self.actor, self)
        dialog.saved.connect(self._on_custom_queue_saved)
        self._open_dialog(dialog)

    def _on_custom_queue_saved(self, key: str) -> None:
        self._select_after_counts = key
        self.refresh_counts()

    def open_print_settings(self) -> None:
        dialog = PrintSettingsDialog(self)
        dialog.saved.connect(
            lambda: self.statusBar().showMessage("Print settings saved for this computer.", 15_000)
        )
        self._open_dialog(dialog)

    def _on_printing_requests_changed(self) -> None:
        self.model.reload()
        self.refresh_counts()
        self.reload_detail()

    def open_patrons(self) -> None:
        self._open_dialog(PatronDirectory(self.db, self.actor, self))

    def open_libraries(self) -> None:
        self._open_dialog(LibraryDirectory(self.db, self.actor, self))

    # ------------------------------------------------------------ messages

    def _open_dialog(self, dialog: QDialog) -> None:
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
        """A refusal or a problem, in a message box and on the status bar."""
        self.statusBar().showMessage(message, 30_000)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("ILL Desk")
        box.setText(message)
        self._open_dialog(box)

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About ILL Desk")
        box.setText(f"ILL Desk {__version__}\nInterlibrary loan for the people at the desk.")
        self._open_dialog(box)

    def closeEvent(self, event: QCloseEvent) -> None:
        layout_state.save_window(self, {"desk": self.splitter})
        self.count_timer.stop()
        super().closeEvent(event)
