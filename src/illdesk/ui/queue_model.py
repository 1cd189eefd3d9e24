"""A queue as a lazy table model: rows arrive a page at a time, sorted and filtered in SQL.

The model keeps only the rows already fetched (plain RequestRow values). Qt asks for more with
`canFetchMore`/`fetchMore` when the view scrolls near the end; each page is read in the
background with the keyset cursor of the previous one, so a 100,000-row queue costs one page of
memory per screenful scrolled, never the whole queue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from illdesk.core.queues import SORTABLE, QueueFilter
from illdesk.core.workflow import TERMINAL, Status
from illdesk.services.desk.views import RequestRow
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.services.desk.queues import Cursor, Page

PAGE_SIZE = 100
# Later pages are larger: someone scrolling far wants rows, and each page costs a repaint.
MORE_PAGE_SIZE = 400
NEED_BEFORE_WARNING_DAYS = 7

OVERDUE_BACKGROUND = QColor("#f8d7da")
NEED_BEFORE_BACKGROUND = QColor("#fff3cd")
MARK_TEXT = QColor("#5c1a1f")


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    field: str
    tip: str = ""

    @property
    def sortable(self) -> bool:
        return self.field in SORTABLE


COLUMNS: tuple[Column, ...] = (
    Column("Number", "number", "Our request number"),
    Column("Attention", "attention", "Overdue, need-before date close or passed, renewal asked"),
    Column("Title", "title", "Article or chapter title, else the book or journal title"),
    Column(
        "Library",
        "library",
        "Borrowing: the lender asked last. Lending: the library that asked us.",
    ),
    Column("Patron", "patron", "Borrowing: the patron who asked"),
    Column("Status", "status_label"),
    Column("Need before", "need_before", "The patron no longer wants it after this date"),
    Column("Lender due", "lender_due_date", "The lender's due date"),
    Column("Patron due", "patron_due_date", "The patron's due date (earlier than the lender's)"),
    Column("In status since", "status_since"),
    Column("Entered", "created_at"),
)
COLUMN_INDEX = {c.field: i for i, c in enumerate(COLUMNS)}


def format_date(value: date | datetime | None) -> str:
    """Dates as staff read them without doubt about day and month (02 Mar 2026)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone().date() if value.tzinfo else value.date()
    return value.strftime("%d %b %Y")


def attention(row: RequestRow, today: date) -> tuple[str, str]:
    """(kind, words) of what needs attention on a row: "overdue", "need_before" or ""."""
    if row.overdue == "lender":
        late = "borrower is late" if row.direction == "lending" else "due back to lender"
        return "overdue", f"Overdue: {late}"
    if row.overdue == "patron":
        return "overdue", "Overdue: patron is late"
    if row.need_before and Status(row.status) not in TERMINAL:
        if row.need_before < today:
            return "need_before", "Need-before date passed"
        if row.need_before <= today + timedelta(days=NEED_BEFORE_WARNING_DAYS):
            return "need_before", f"Needed before {format_date(row.need_before)}"
    if row.renewal_pending:
        return "renewal", "Renewal asked"
    return "", ""


_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.AccessibleTextRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)
_BRUSHES = {"overdue": QBrush(OVERDUE_BACKGROUND), "need_before": QBrush(NEED_BEFORE_BACKGROUND)}
_MARK_PEN = QBrush(MARK_TEXT)
_ICONS = {
    "overdue": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "need_before": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "renewal": QStyle.StandardPixmap.SP_BrowserReload,
}


class QueueModel(QAbstractTableModel):
    """The rows of one queue, fetched page by page in the background.

    Signals:
        loading_changed(bool): a page is being read (True) or has arrived (False).
        first_page_loaded(int): the first page of a new queue/sort/filter is in (its row count).
        failed(str): a page could not be read; the message is for staff.
    """

    loading_changed = Signal(bool)
    first_page_loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, services: ServiceFacade) -> None:
        super().__init__()
        self.services = services
        self.rows: list[RequestRow] = []
        self._marks: list[tuple[str, str]] = []  # attention (kind, words) per row
        self._icons: dict[str, QIcon] = {}
        self.queue: QueueFilter | None = None
        self.sort_field = ""
        self.descending = False
        self.text = ""
        self.matched: int | None = None  # requests matching `text` (None: no filter yet)
        self._next: Cursor | None = None
        self._loading = False
        self._generation = 0  # pages of an older queue/sort/filter are dropped on arrival
        self.today = date.today()

    # ------------------------------------------------------------ what to show

    def set_queue(self, queue: QueueFilter | None, text: str = "") -> None:
        """Show a queue with its own sort order."""
        self.queue = queue
        self.sort_field = queue.sort if queue else ""
        self.descending = queue.descending if queue else False
        self.text = text
        self.reload()

    def set_text(self, text: str) -> None:
        if text != self.text:
            self.text = text
            self.reload()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        field = COLUMNS[column].field
        if not COLUMNS[column].sortable:
            return
        self.sort_field = field
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.reload()

    def reload(self) -> None:
        """Start again from the first page (after an action, a new sort or filter)."""
        self._generation += 1
        self.today = date.today()
        self.beginResetModel()
        self.rows = []
        self._marks = []
        self._next = None
        self.matched = None
        self.endResetModel()
        self._loading = False
        if self.queue is not None:
            self._fetch(None)

    def row_at(self, index: int) -> RequestRow | None:
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def row_of(self, number: str) -> int:
        return next((i for i, r in enumerate(self.rows) if r.number == number), -1)

    @property
    def loading(self) -> bool:
        return self._loading

    @property
    def has_more(self) -> bool:
        return self._next is not None

    # ------------------------------------------------------------ paging

    def _fetch(self, after: Cursor | None) -> None:
        queue = self.queue
        if queue is None or self._loading:
            return
        self._loading = True
        self.loading_changed.emit(True)
        generation = self._generation
        sort, descending, text = self.sort_field, self.descending, self.text

        def work(session: DeskSession) -> Page:
            from illdesk.services.desk import queues as queue_service  # noqa: PLC0415

            return queue_service.queue_page(
                session.read(),
                queue,
                sort=sort,
                descending=descending,
                after=after,
                limit=PAGE_SIZE if after is None else MORE_PAGE_SIZE,
                text=text,
            )

        self.services.query(
            work,
            lambda page: self._on_page(generation, after is None, page),
            lambda exc: self._on_page_failed(generation, exc),
        )

    def _on_page(self, generation: int, first: bool, page: Page) -> None:
        if generation != self._generation:
            return
        self._loading = False
        if page.rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self._marks.extend(attention(r, self.today) for r in page.rows)
            self.endInsertRows()
        self._next = page.next
        if first:
            self.matched = page.matched
        self.loading_changed.emit(False)
        if first:
            self.first_page_loaded.emit(len(self.rows))

    def _on_page_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self.loading_changed.emit(False)
        self.failed.emit(str(exc))

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None and not self._loading

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetch(self._next)

    # ------------------------------------------------------------ Qt model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        # Called thousands of times per repaint: roles nobody here answers leave at once, and
        # a row's attention mark is worked out once, when its page arrives.
        if role not in _ROLES or not index.isValid():
            return None
        i = index.row()
        column = COLUMNS[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column.field == "attention":
                return self._marks[i][1]
            value = getattr(self.rows[i], column.field)
            if isinstance(value, date | datetime):
                return format_date(value)
            return "" if value is None else str(value)
        kind = self._marks[i][0]
        if role == Qt.ItemDataRole.BackgroundRole:
            return _BRUSHES.get(kind)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _MARK_PEN if kind in _BRUSHES else None
        if role == Qt.ItemDataRole.DecorationRole:
            if column.field != "attention" or not kind:
                return None
            icon = self._icons.get(kind)
            if icon is None:
                icon = self._icons[kind] = QApplication.style().standardIcon(_ICONS[kind])
            return icon
        if role == Qt.ItemDataRole.ToolTipRole and column.field == "title":
            row = self.rows[i]
            return f"{row.title}\n{row.author}" if row.author else row.title
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        column = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.title
        if role == Qt.ItemDataRole.ToolTipRole:
            sort = "Click to sort by this column." if column.sortable else "Not sortable."
            return f"{column.tip}\n{sort}" if column.tip else sort
        return None
