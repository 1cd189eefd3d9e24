"""The queue list on the left of the desk window, with a count per queue.

Under Shipping, a heading per delivery method holds one entry per destination library (what
goes in one package). Counts are read in the background: all of them on a timer and after a
change made in the window, and after scans only those of the queues the scan's action can have
changed, at most once a second however fast the scans come.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from illdesk.core.address_format import courier_place
from illdesk.core.queues import SHIPPING_HEADINGS, TO_SEND, QueueFilter
from illdesk.core.vocabulary import DeliveryMethod
from illdesk.core.workflow import TRANSITIONS, Action, Status
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.money_queues import MoneyQueues

if TYPE_CHECKING:
    from illdesk.services.shipping.packages import ShippingGroup

QUEUE_KEY = Qt.ItemDataRole.UserRole
SHIP_KEY = "Ctrl+K"
COUNT_REFRESH_MS = 60_000
# Scans can come several a second; their recounts are gathered and run at most this often.
SCAN_RECOUNT_MS = 1_000

Counted = tuple[list[QueueFilter], dict[str, int], tuple["ShippingGroup", ...]]
SHIPPING_STATUSES = frozenset(status for _direction, status in TO_SEND)


def statuses_touched(action: str) -> frozenset[Status] | None:
    """Every status a request can leave or reach by `action`; None when any can change
    (an undo, or an action the status machine does not know)."""
    try:
        known = Action(action)
    except ValueError:
        return None
    if known is Action.UNDO:
        return None
    touched: set[Status] = set()
    for transition in TRANSITIONS:
        if transition.action is known:
            touched |= transition.sources
            if transition.target is not None:
                touched.add(transition.target)
    return frozenset(touched)


def queues_affected(queues: Iterable[QueueFilter], touched: frozenset[Status]) -> list[QueueFilter]:
    """The queues whose counts a change between `touched` statuses can move.

    A queue without statuses (all requests, overdue, renewals asked) may hold any request.
    """
    return [q for q in queues if not q.statuses or touched.intersection(q.statuses)]


class QueueTree(QTreeWidget):
    """The queues and their counts.

    Signals:
        queue_chosen(object): the QueueFilter of the entry the person picked.
        counts_changed(): the counts (and maybe the list of queues) were read again.
        failed(str): the counts could not be read; the message is for staff.
        money_chosen(str): an entry of the Money group was picked (its key, `money_queues`).
    """

    queue_chosen = Signal(object)
    money_chosen = Signal(str)
    counts_changed = Signal()
    failed = Signal(str)

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.queues: dict[str, QueueFilter] = {}
        self.counts: dict[str, int] = {}
        self.shipping_groups: tuple[ShippingGroup, ...] = ()
        self.current_key = ""
        self.select_after_counts = ""  # a queue to open once the list is rebuilt
        self._method_items: dict[DeliveryMethod, QTreeWidgetItem] = {}
        self._counting = False
        self._recount_pending: frozenset[Status] | None = frozenset()
        self.money = MoneyQueues(self, services)
        self.setHeaderLabels(["Queue", "Count"])
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.setAccessibleName("Queues")
        self.setRootIsDecorated(True)
        self.itemSelectionChanged.connect(self._on_selection_changed)
        self.itemClicked.connect(self._on_item_picked)
        self.itemActivated.connect(self._on_item_picked)
        self.count_timer = QTimer(self)
        self.count_timer.setInterval(COUNT_REFRESH_MS)
        self.count_timer.timeout.connect(self.refresh_counts)
        self.scan_timer = QTimer(self)
        self.scan_timer.setSingleShot(True)
        self.scan_timer.setInterval(SCAN_RECOUNT_MS)
        self.scan_timer.timeout.connect(self._on_scan_timer_timeout)

    # ------------------------------------------------------------ counting

    def refresh_counts(self) -> None:
        """Recount every queue in the background."""
        if self._counting:
            return
        self._counting = True
        self.money.refresh()

        def work(session: DeskSession) -> Counted:
            from illdesk.services.desk import queues as queue_service  # noqa: PLC0415
            from illdesk.services.shipping import packages as shipping  # noqa: PLC0415

            found = queue_service.all_queues(session.read())
            counts = queue_service.queue_counts(session.read(), found)
            return found, counts, shipping.shipping_groups(session.read())

        self.services.query(work, self._on_counted, self._on_count_failed)

    def refresh_after_scan(self, action: str) -> None:
        """A scan did `action`: recount the queues it can have changed, within a second."""
        touched = statuses_touched(action)
        pending = self._recount_pending
        if touched is None or pending is None:
            self._recount_pending = None
        else:
            self._recount_pending = pending | touched
        if not self.scan_timer.isActive():
            self.scan_timer.start()

    def _on_scan_timer_timeout(self) -> None:
        touched, self._recount_pending = self._recount_pending, frozenset()
        if touched is None or not self.queues:
            self.refresh_counts()
            return
        affected = queues_affected(self.queues.values(), touched)
        affected = [q for q in affected if not q.key.startswith("ship:")]
        with_shipping = bool(touched & SHIPPING_STATUSES)

        def work(session: DeskSession) -> Counted:
            from illdesk.services.desk import queues as queue_service  # noqa: PLC0415
            from illdesk.services.shipping import packages as shipping  # noqa: PLC0415

            counts = queue_service.queue_counts(session.read(), affected) if affected else {}
            groups = shipping.shipping_groups(session.read()) if with_shipping else None
            return [], counts, groups if groups is not None else self.shipping_groups

        self.services.query(work, self._on_partly_counted, self._on_count_failed)

    def _on_count_failed(self, exc: Exception) -> None:
        self._counting = False
        self.failed.emit(str(exc))

    def _on_partly_counted(self, result: Counted) -> None:
        _none, counts, groups = result
        if groups is not self.shipping_groups and [g.queue.key for g in groups] != [
            g.queue.key for g in self.shipping_groups
        ]:
            self.refresh_counts()  # a library's group came or went: the list itself changes
            return
        self._show_counts({**self.counts, **counts}, groups)

    def _on_counted(self, result: Counted) -> None:
        self._counting = False
        found, counts, groups = result
        if [q.key for q in found] + [g.queue.key for g in groups] != list(self.queues):
            self._build(found, groups)
        self._show_counts(counts, groups)
        if self.select_after_counts in self.queues:
            self.select_queue(self.select_after_counts)
            self.select_after_counts = ""

    def _show_counts(self, counts: dict[str, int], groups: tuple[ShippingGroup, ...]) -> None:
        counts = {**counts, **{g.queue.key: g.count for g in groups}}
        self.counts = counts
        self.shipping_groups = groups
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for method, header in self._method_items.items():
            total = sum(g.count for g in groups if g.method is method)
            header.setText(1, str(total))
            header.setTextAlignment(1, right)
        for item in self.queue_items():
            key = str(item.data(0, QUEUE_KEY))
            count = counts.get(key, 0)
            if item.text(1) == str(count):
                continue  # unchanged: no repaint
            item.setText(1, str(count))
            item.setTextAlignment(1, right)
            font = item.font(0)
            font.setBold(count > 0)
            item.setFont(0, font)
            item.setFont(1, font)
            item.setData(
                0, Qt.ItemDataRole.AccessibleTextRole, f"{self.queues[key].title}: {count} requests"
            )
        self.counts_changed.emit()

    # ------------------------------------------------------------ the list

    def _heading(self, parent: QTreeWidget | QTreeWidgetItem, text: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text, ""])
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setExpanded(True)
        return item

    def _build(self, found: list[QueueFilter], shipping_groups: tuple[ShippingGroup, ...]) -> None:
        current = self.current_key
        self.blockSignals(True)
        self.clear()
        self.queues = {q.key: q for q in found}
        groups: dict[str, QTreeWidgetItem] = {}
        for queue in found:
            parent = groups.get(queue.group)
            if parent is None:
                parent = groups[queue.group] = self._heading(self, queue.group)
            item = QTreeWidgetItem(parent, [queue.title, ""])
            item.setData(0, QUEUE_KEY, queue.key)
            item.setToolTip(0, f"{queue.group}: {queue.title}")
        self._method_items = {}
        for group in shipping_groups:
            parent = groups.get("Shipping") or self._heading(self, "Shipping")
            groups["Shipping"] = parent
            self._add_shipping_group(parent, group)
        self.money.add()
        kept = False
        for item in self.queue_items():
            if item.data(0, QUEUE_KEY) == current:
                self.setCurrentItem(item)
                kept = True
        self.blockSignals(False)
        if current.startswith("ship:") and not kept:
            # That library's package has gone out: show what else waits to be sent.
            self.select_after_counts = "s-all"

    def _add_shipping_group(self, parent: QTreeWidgetItem, group: ShippingGroup) -> None:
        method_item = self._method_items.get(group.method)
        if method_item is None:
            method_item = self._heading(parent, SHIPPING_HEADINGS[group.method])
            method_item.setData(
                0, Qt.ItemDataRole.AccessibleTextRole, f"Packages going by {group.method.label}"
            )
            self._method_items[group.method] = method_item
        item = QTreeWidgetItem(method_item, [f"{group.library_symbol} — {group.library_name}", ""])
        item.setData(0, QUEUE_KEY, group.queue.key)
        stop = courier_place(group.courier_route, group.courier_stop)
        waiting = group.oldest.strftime("%d %b %Y") if group.oldest else ""
        lines = (
            group.queue.title,
            f"Courier: {stop}" if stop else "",
            f"Waiting since {waiting}" if waiting else "",
            f"Ship them together: {SHIP_KEY}",
        )
        item.setToolTip(0, "\n".join(line for line in lines if line))
        self.queues[group.queue.key] = group.queue

    def queue_items(self) -> list[QTreeWidgetItem]:
        """Every entry that opens a queue, at any depth."""
        items: list[QTreeWidgetItem] = []
        pending = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while pending:
            node = pending.pop(0)
            if node is None:
                continue
            if node.data(0, QUEUE_KEY):
                items.append(node)
            pending[0:0] = [node.child(j) for j in range(node.childCount())]
        return items

    def select_queue(self, key: str) -> None:
        """Open a queue by its key (as if clicked)."""
        for item in self.queue_items():
            if item.data(0, QUEUE_KEY) == key:
                self.setCurrentItem(item)
                return

    def _on_item_picked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = self.money.key_of(item)
        if key:
            self.money_chosen.emit(key)

    def _on_selection_changed(self) -> None:
        items = self.selectedItems()
        if items and self.money.key_of(items[0]):
            return  # opened by a click or Enter (`_on_item_picked`), not by moving past it
        key = items[0].data(0, QUEUE_KEY) if items else None
        queue = self.queues.get(str(key)) if key else None
        if queue is None:
            return
        self.current_key = queue.key
        self.queue_chosen.emit(queue)
