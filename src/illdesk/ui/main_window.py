"""The desk window (first version): queues with their counts, a queue's first rows, and the
status bar. The full desk (request detail, forms, batch actions) grows from here."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
)

from illdesk import __version__
from illdesk.core.queues import QueueFilter
from illdesk.services import queues as queue_service
from illdesk.services.views import RequestRow
from illdesk.store.database import Database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui.tasks import run_task

COLUMNS = (
    ("Number", "number"),
    ("Status", "status_label"),
    ("Title", "title"),
    ("Patron", "patron"),
    ("Library", "library"),
    ("Need before", "need_before"),
    ("Due (lender)", "lender_due_date"),
    ("Due (patron)", "patron_due_date"),
)


class QueueModel(QAbstractTableModel):
    """Rows of one queue page (plain RequestRow values, never ORM objects)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: tuple[RequestRow, ...] = ()

    def set_rows(self, rows: tuple[RequestRow, ...]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        value = getattr(self.rows[index.row()], COLUMNS[index.column()][1])
        return "" if value is None else str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section][0]
        return None


class MainWindow(QMainWindow):
    """Queues on the left, the chosen queue's rows on the right."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__()
        self.db = db
        self.actor = actor
        self.setWindowTitle("ILL Desk")
        self.resize(1200, 760)
        self.queues: dict[str, QueueFilter] = {}
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Queue", "Count"])
        self.tree.setAccessibleName("Queues")
        self.tree.itemSelectionChanged.connect(self._on_tree_selection_changed)
        self.model = QueueModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Requests in the queue")
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.table)
        splitter.setSizes([300, 900])
        self.setCentralWidget(splitter)
        self._build_menus()
        self.database_label = QLabel(db.display_name)
        self.who_label = QLabel(f"{actor.staff_name} at {actor.workstation}")
        self.statusBar().addPermanentWidget(self.who_label)
        self.statusBar().addPermanentWidget(self.database_label)
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        refresh = QAction("&Refresh queues", self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh)
        file_menu.addAction(refresh)
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About ILL Desk", self)
        about.triggered.connect(
            lambda: QMessageBox.about(self, "ILL Desk", f"ILL Desk {__version__}")
        )
        help_menu.addAction(about)

    def _uow(self) -> UnitOfWork:
        return UnitOfWork(self.db, self.actor, read_only=True)

    def refresh(self) -> None:
        """Reload the queue list and counts in the background."""
        self.statusBar().showMessage("Counting queues…")

        def work() -> tuple[list[QueueFilter], dict[str, int]]:
            found = queue_service.all_queues(self._uow())
            return found, queue_service.queue_counts(self._uow(), found)

        run_task(work, self._on_counts_loaded, self._on_error)

    def _on_counts_loaded(self, result: tuple[list[QueueFilter], dict[str, int]]) -> None:
        found, counts = result
        self.tree.clear()
        self.queues = {q.key: q for q in found}
        groups: dict[str, QTreeWidgetItem] = {}
        for queue in found:
            parent = groups.get(queue.group)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [queue.group, ""])
                parent.setExpanded(True)
                groups[queue.group] = parent
            item = QTreeWidgetItem(parent, [queue.title, str(counts.get(queue.key, 0))])
            item.setData(0, Qt.ItemDataRole.UserRole, queue.key)
        self.tree.resizeColumnToContents(0)
        self.statusBar().showMessage("Queues up to date.", 3000)

    def _on_tree_selection_changed(self) -> None:
        items = self.tree.selectedItems()
        key = items[0].data(0, Qt.ItemDataRole.UserRole) if items else None
        queue = self.queues.get(str(key)) if key else None
        if queue is None:
            return
        run_task(
            lambda: queue_service.queue_page(self._uow(), queue, limit=200),
            lambda page: self.model.set_rows(page.rows),
            self._on_error,
        )

    def _on_error(self, exc: Exception) -> None:
        self.statusBar().showMessage(f"Problem: {exc}")
