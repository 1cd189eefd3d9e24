"""A supervisor's own queue: a saved filter over direction, statuses, service, flags and dates.

Stored library-wide (`services.queues.save_custom_queue`), so every workstation shows it.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.queues import SORTABLE, QueueFilter
from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import STATUSES, Status, status_label
from illdesk.services.desk import queues as queue_service
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.queue_model import COLUMNS

GROUPS = ("Borrowing", "Lending", "Receiving", "Shipping", "Custom")
SORT_LABELS = {c.field: c.title for c in COLUMNS if c.field in SORTABLE}
SORT_LABELS.setdefault("updated_at", "Last changed")


def queue_key(title: str) -> str:
    """A stable key for a custom queue, from its title."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return f"custom-{slug or 'queue'}"


class CustomQueueDialog(QDialog):
    """Signals:
    saved(str): the new queue's key.
    """

    saved = Signal(str)

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Add a custom queue")
        self.setAccessibleName("Add a custom queue")
        self.title = QLineEdit()
        self.title.setAccessibleName("Queue name")
        self.title.setPlaceholderText("e.g. Copies waiting more than a week")
        self.group = QComboBox()
        self.group.setEditable(True)
        self.group.setAccessibleName("Group in the queue list")
        self.group.addItems(GROUPS)
        self.direction = QComboBox()
        self.direction.setAccessibleName("Borrowing or lending")
        for d in Direction:
            self.direction.addItem(d.label, d.value)
        self.direction.currentIndexChanged.connect(self._fill_statuses)
        self.statuses = QListWidget()
        self.statuses.setAccessibleName("Statuses in the queue")
        self.service = QComboBox()
        self.service.setAccessibleName("Loans or copies")
        self.service.addItem("Loans and copies", None)
        for s in Service:
            self.service.addItem(f"{s.label}s only", s.value)
        self.overdue = QComboBox()
        self.overdue.setAccessibleName("Overdue")
        for text, value in (
            ("Overdue or not", None),
            ("Only overdue", True),
            ("Only not overdue", False),
        ):
            self.overdue.addItem(text, value)
        self.renewal = QComboBox()
        self.renewal.setAccessibleName("Renewal asked")
        for text, value in (
            ("Renewal asked or not", None),
            ("Only with a renewal asked", True),
            ("Only without", False),
        ):
            self.renewal.addItem(text, value)
        self.sort = QComboBox()
        self.sort.setAccessibleName("Sorted by")
        for field in SORTABLE:
            self.sort.addItem(SORT_LABELS.get(field, field), field)
        self.newest_first = QCheckBox("Latest first")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Name *:", self.title)
        form.addRow("Show under:", self.group)
        form.addRow("Borrowing or lending:", self.direction)
        form.addRow("Statuses *:", self.statuses)
        form.addRow("Loans or copies:", self.service)
        form.addRow("Overdue:", self.overdue)
        form.addRow("Renewals:", self.renewal)
        form.addRow("Sorted by:", self.sort)
        form.addRow("", self.newest_first)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._fill_statuses()
        self.setMinimumWidth(520)

    def _fill_statuses(self) -> None:
        direction = Direction(self.direction.currentData())
        self.statuses.clear()
        for status in STATUSES[direction]:
            item = QListWidgetItem(status_label(direction, status))
            item.setData(Qt.ItemDataRole.UserRole, status.value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.statuses.addItem(item)

    def check_status(self, status: Status) -> None:
        for i in range(self.statuses.count()):
            item = self.statuses.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == status.value:
                item.setCheckState(Qt.CheckState.Checked)

    def queue(self) -> QueueFilter | None:
        title = " ".join(self.title.text().split())
        chosen = tuple(
            Status(item.data(Qt.ItemDataRole.UserRole))
            for item in (self.statuses.item(i) for i in range(self.statuses.count()))
            if item.checkState() == Qt.CheckState.Checked
        )
        if not title or not chosen:
            self.problem.setText("Give the queue a name and tick at least one status.")
            return None
        service = self.service.currentData()
        return QueueFilter(
            key=queue_key(title),
            title=title,
            group=self.group.currentText().strip() or "Custom",
            direction=Direction(self.direction.currentData()),
            statuses=chosen,
            service=Service(service) if service else None,
            renewal_pending=self.renewal.currentData(),
            overdue=self.overdue.currentData(),
            sort=str(self.sort.currentData()),
            descending=self.newest_first.isChecked(),
        )

    def _on_save(self) -> None:
        queue = self.queue()
        if queue is None:
            return
        self.services.change(
            lambda s: queue_service.save_custom_queue(s.write(), queue),
            lambda _r: self._on_saved(queue.key),
            lambda exc: self.problem.setText(str(exc)),
        )

    def _on_saved(self, key: str) -> None:
        self.saved.emit(key)
        self.accept()
