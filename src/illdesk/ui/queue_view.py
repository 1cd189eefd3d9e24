"""One queue on screen: its name and count, a filter box, the rows, and batch actions."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import ACTION_LABELS, TRANSITIONS, Action, Status
from illdesk.services.desk.views import RequestRow
from illdesk.ui import layout_state
from illdesk.ui.queue_model import COLUMN_INDEX, COLUMNS, QueueModel

FILTER_DELAY_MS = 350


def batch_actions(rows: list[RequestRow]) -> list[tuple[Direction, Action]]:
    """Actions whose status rules allow every selected request (guards are checked per
    request when the batch runs, and refusals are reported)."""
    if not rows:
        return []
    directions = {r.direction for r in rows}
    if len(directions) != 1:
        return []
    direction = Direction(directions.pop())
    statuses = {Status(r.status) for r in rows}
    found: dict[Action, None] = {}
    for t in TRANSITIONS:
        if t.direction is direction and statuses <= {
            s
            for u in TRANSITIONS
            if u.direction is direction and u.action is t.action
            for s in u.sources
        }:
            found.setdefault(t.action, None)
    return [(direction, a) for a in found]


class QueueView(QWidget):
    """Signals:
    current_changed(str): the request under the cursor ("" when none).
    batch_requested(object, object, object): direction, action and the selected RequestRows.
    """

    current_changed = Signal(str)
    batch_requested = Signal(object, object, object)

    def __init__(self, model: QueueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = QLabel("Choose a queue on the left.")
        self.title.setAccessibleName("Queue")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.loading = QLabel("")
        self.loading.setAccessibleName("Loading state")
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: number, barcode, title, patron, library (Ctrl+F)")
        self.filter.setAccessibleName("Filter this queue")
        self.filter.setClearButtonEnabled(True)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)
        self.filter.textChanged.connect(lambda _t: self._filter_timer.start())
        self.filter.returnPressed.connect(self._on_filter_timer_timeout)
        self.batch_button = QToolButton()
        self.batch_button.setText("Apply to selected")
        self.batch_button.setAccessibleName("Apply an action to every selected request")
        self.batch_button.setToolTip("Select several rows (Shift or Ctrl + click), then choose.")
        self.batch_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.batch_menu = QMenu(self.batch_button)
        self.batch_button.setMenu(self.batch_menu)
        self.batch_button.setEnabled(False)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.setAccessibleName("Requests in the queue")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setHighlightSections(False)
        header.sectionClicked.connect(self._on_header_section_clicked)
        self._default_widths()
        layout_state.restore_columns("queue", header)
        header.sectionResized.connect(lambda *_: layout_state.save_columns("queue", header))
        header.sectionMoved.connect(lambda *_: layout_state.save_columns("queue", header))
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        model.loading_changed.connect(self._on_model_loading_changed)
        model.first_page_loaded.connect(self._on_model_first_page_loaded)
        model.modelReset.connect(self._on_model_reset)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.loading)
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.batch_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.count = 0
        self._title_parts: tuple[str, int | None] = ("Choose a queue on the left.", None)
        self._select_after_load = ""

    def _default_widths(self) -> None:
        widths = {
            "attention": 175,
            "number": 105,
            "status_label": 140,
            "title": 290,
            "patron": 140,
            "library": 70,
        }
        for field, width in widths.items():
            self.table.setColumnWidth(COLUMN_INDEX[field], width)
        for field in (
            "need_before",
            "lender_due_date",
            "patron_due_date",
            "status_since",
            "created_at",
        ):
            self.table.setColumnWidth(COLUMN_INDEX[field], 100)
        self.table.horizontalHeader().setSectionResizeMode(
            COLUMN_INDEX["title"], QHeaderView.ResizeMode.Interactive
        )

    # ------------------------------------------------------------ state

    def set_title(self, title: str, count: int | None) -> None:
        self.count = count or 0
        self._title_parts = (title, count)
        self._show_title()

    def _show_title(self) -> None:
        title, count = self._title_parts
        matched = self.model.matched if self.model.text else None
        if count is None:
            self.title.setText(title)
        elif matched is not None:
            # The heading follows the filter: the rows below are what it counts.
            self.title.setText(f"{title} — {matched} of {count} requests match the filter")
        else:
            self.title.setText(f"{title} — {count} requests")

    def show_sort(self) -> None:
        header = self.table.horizontalHeader()
        column = COLUMN_INDEX.get(self.model.sort_field, -1)
        order = Qt.SortOrder.AscendingOrder
        if self.model.descending:
            order = Qt.SortOrder.DescendingOrder
        header.setSortIndicator(column, order)

    def selected_rows(self) -> list[RequestRow]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [r for r in (self.model.row_at(i) for i in rows) if r is not None]

    def current_row(self) -> RequestRow | None:
        return self.model.row_at(self.table.currentIndex().row())

    def select_number_after_load(self, number: str) -> None:
        """Keep the same request selected once the reloaded first page arrives."""
        self._select_after_load = number

    # ------------------------------------------------------------ slots

    def _on_filter_timer_timeout(self) -> None:
        self._filter_timer.stop()
        self.model.set_text(self.filter.text().strip())

    def _on_header_section_clicked(self, column: int) -> None:
        if not COLUMNS[column].sortable:
            self.show_sort()  # undo Qt's own indicator move: this column cannot be sorted
            return
        same = COLUMNS[column].field == self.model.sort_field
        order = (
            Qt.SortOrder.AscendingOrder
            if (same and self.model.descending) or not same
            else Qt.SortOrder.DescendingOrder
        )
        self.model.sort(column, order)
        self.show_sort()

    def _on_model_loading_changed(self, loading: bool) -> None:
        self.loading.setText("Loading…" if loading else "")

    def _on_model_reset(self) -> None:
        # The detail panel keeps showing its request: a reload after an action must not
        # take away what the person is looking at.
        self.show_sort()
        self._show_title()

    def _on_model_first_page_loaded(self, rows: int) -> None:
        number, self._select_after_load = self._select_after_load, ""
        self._show_title()
        if not rows:
            text = self.filter.text().strip()
            self.loading.setText(f"Nothing matches “{text}”." if text else "This queue is empty.")
            return
        row = self.model.row_of(number) if number else -1
        if row >= 0:
            self.table.selectRow(row)

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.model.row_at(current.row())
        self.current_changed.emit(row.number if row else "")

    def _on_table_selection_changed(self, *_: QItemSelection) -> None:
        rows = self.selected_rows()
        self.batch_menu.clear()
        choices = batch_actions(rows) if len(rows) > 1 else []
        for direction, action in choices:
            item = self.batch_menu.addAction(f"{ACTION_LABELS[action]} — {len(rows)} requests")
            item.triggered.connect(
                lambda _=False, d=direction, a=action: self.batch_requested.emit(
                    d, a, self.selected_rows()
                )
            )
        self.batch_button.setEnabled(bool(choices))
        self.batch_button.setText(
            f"Apply to {len(rows)} selected" if len(rows) > 1 else "Apply to selected"
        )
