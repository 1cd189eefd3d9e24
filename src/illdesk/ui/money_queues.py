"""The Money group of the queue tree: charges to invoice, invoices unpaid and disputed, invoices
in (from lenders and the courier) to approve, patrons over the limit, each with its count.

They are not lists of requests: picking one opens the Money window on that list. Their entries
carry `MONEY_KEY` (not the tree's queue key), so the request-queue code never sees them.
Counts are read in the background with the tree's own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

if TYPE_CHECKING:
    from illdesk.services.session import DeskSession
    from illdesk.ui.facade import ServiceFacade

MONEY_KEY = Qt.ItemDataRole.UserRole + 1
HEADING = "Money"
# Kept equal to services.money.overview.MONEY_QUEUES (a UI test compares them); spelled here
# so that building the tree loads no service.
MONEY_QUEUES = (
    ("to_invoice", "Charges to invoice"),
    ("unpaid", "Invoices unpaid"),
    ("disputed", "Invoices disputed"),
    ("to_approve", "Invoices in to approve"),
    ("over_limit", "Patrons over the limit"),
)
UNITS = {
    "to_invoice": "libraries",
    "unpaid": "invoices",
    "disputed": "invoices",
    "to_approve": "invoices",
    "over_limit": "patrons",
}


class MoneyQueues:
    """The Money heading and its entries in one queue tree."""

    def __init__(self, tree: QTreeWidget, services: ServiceFacade) -> None:
        self.tree = tree
        self.services = services
        self.counts: dict[str, int] = {}
        self.items: dict[str, QTreeWidgetItem] = {}
        self._counting = False  # one count at a time (about a second at 10^6 requests)

    def add(self) -> None:
        """Add the heading and its entries at the end of the tree (after it was rebuilt)."""
        heading = QTreeWidgetItem(self.tree, [HEADING, ""])
        heading.setFlags(heading.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        font = QFont(heading.font(0))
        font.setBold(True)
        heading.setFont(0, font)
        heading.setExpanded(True)
        self.items = {}
        for key, title in MONEY_QUEUES:
            item = QTreeWidgetItem(heading, [title, ""])
            item.setData(0, MONEY_KEY, key)
            item.setToolTip(0, f"Money: {title} (opens the Money window)")
            self.items[key] = item
        self._show()

    def refresh(self) -> None:
        """Read the counts again in the background (unless a count is still under way)."""
        if self._counting:
            return
        self._counting = True

        def work(session: DeskSession) -> dict[str, int]:
            from illdesk.services.money.overview import money_queue_counts  # noqa: PLC0415

            return money_queue_counts(session.read())

        self.services.query(work, self._on_counted, self._on_failed)

    def _on_failed(self, _exc: Exception) -> None:
        self._counting = False  # the request queues' own count reports the problem

    def _on_counted(self, counts: dict[str, int]) -> None:
        self._counting = False
        self.counts = counts
        self._show()

    def _show(self) -> None:
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for key, item in self.items.items():
            count = self.counts.get(key)
            item.setText(1, "" if count is None else str(count))
            item.setTextAlignment(1, right)
            font = item.font(0)
            font.setBold(bool(count))
            item.setFont(0, font)
            item.setFont(1, font)
            title = dict(MONEY_QUEUES)[key]
            told = "not counted yet" if count is None else f"{count} {UNITS[key]}"
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{title}: {told}")

    @staticmethod
    def key_of(item: QTreeWidgetItem) -> str:
        """The Money queue an entry opens, or "" for any other entry."""
        return str(item.data(0, MONEY_KEY) or "")
