"""Ship a package from the desk window: everything checked goes to one library in one package.

The window finds what is waiting (`ship_candidates`, on a worker thread), this dialog lets the
person at the desk leave out anything not in the box, pick the method and type a tracking
number, and `ship` sends it. The scanning desk's Pack mode does the same by scanning.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.address_format import courier_place
from illdesk.core.queues import TO_SEND, QueueFilter, shipping_method
from illdesk.core.vocabulary import DeliveryMethod, Direction, Service
from illdesk.services.desk.queues import queue_page
from illdesk.services.desk.views import LibraryView, RequestRow
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput
from illdesk.services.printing import documents as printing
from illdesk.services.session import DeskSession

_SENDABLE = {(d.value, s.value) for d, s in TO_SEND}


@dataclass(frozen=True, slots=True)
class ShipCandidates:
    """What one package could hold: the destination and the requests bound for it."""

    library: LibraryView
    rows: tuple[RequestRow, ...]
    method: DeliveryMethod  # the library's own preference for these items


def sendable(rows: list[RequestRow]) -> str:
    """Why these rows cannot go in one package ("" when they can)."""
    if not rows:
        return "Nothing is selected, and this queue is not one library's: select what to ship."
    waiting = [r.number for r in rows if (r.direction, r.status) not in _SENDABLE]
    if waiting:
        return (
            f"{', '.join(waiting[:5])} {'is' if len(waiting) == 1 else 'are'} not ready to go "
            "out: only loans to ship and items to return to their lender go in a package."
        )
    symbols = sorted({r.library for r in rows})
    if len(symbols) != 1 or not symbols[0]:
        return (
            f"A package goes to one library, and these go to {', '.join(symbols)}: "
            "select one library's items, or open its group under Shipping."
        )
    return ""


def ship_candidates(
    session: DeskSession, queue: QueueFilter | None, rows: list[RequestRow]
) -> ShipCandidates:
    """The selected rows, or (none selected) everything in a one-library queue, checked.

    Runs on a worker thread.
    """
    if not rows and queue is not None and len(queue.libraries) == 1:
        page = queue_page(session.read(), queue, limit=printing.MAX_BATCH)
        if page.next is not None:
            raise InvalidInput(
                f"More than {printing.MAX_BATCH} items wait for this library: select the ones "
                "going in this package."
            )
        rows = list(page.rows)
    problem = sendable(rows)
    if problem:
        raise InvalidInput(problem)
    library = directory.find_library(session.read(), rows[0].library)
    services = {Service(r.service) for r in rows}
    service = Service.COPY if services == {Service.COPY} else Service.LOAN
    return ShipCandidates(library, tuple(rows), shipping_method(library.delivery_methods, service))


def _purpose(row: RequestRow) -> str:
    if row.direction == Direction.BORROWING.value:
        return "return to lender"
    return "copy" if row.service == Service.COPY.value else "loan"


class ShipDialog(QDialog):
    """Signals:
    ship(str, object, object, str): library symbol, request numbers, DeliveryMethod and
        tracking number, when the person presses Ship.
    """

    ship = Signal(str, object, object, str)

    def __init__(self, candidates: ShipCandidates, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.candidates = candidates
        lib = candidates.library
        self.setWindowTitle(f"Ship a package to {lib.symbol}")
        self.setAccessibleName(f"Ship a package to {lib.name}")
        self.setObjectName("ship-dialog")
        self.resize(620, 480)
        heading = QLabel(f"<b>{lib.name} ({lib.symbol})</b>")
        heading.setAccessibleName("Destination library")
        stop = courier_place(lib.courier_route, lib.courier_stop)
        where = QLabel(
            (f"Courier: {stop}. " if stop else "")
            + "Untick anything that is not going in this box."
        )
        self.items = QListWidget()
        self.items.setAccessibleName("Items in the package")
        for row in candidates.rows:
            item = QListWidgetItem(f"{row.number}   {row.title[:60]}   ({_purpose(row)})")
            item.setData(Qt.ItemDataRole.UserRole, row.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.items.addItem(item)
        self.items.itemChanged.connect(lambda _i: self._update())
        self.method = QComboBox()
        self.method.setAccessibleName("Delivery method")
        accepted = [DeliveryMethod(m) for m in lib.delivery_methods if m]
        ordered = accepted + [m for m in DeliveryMethod if m not in accepted]
        for m in ordered:
            suffix = "" if m in accepted else " (not one this library lists)"
            self.method.addItem(m.label + suffix, m.value)
        self.method.setCurrentIndex(ordered.index(candidates.method))
        self.tracking = QLineEdit()
        self.tracking.setAccessibleName("Tracking number")
        self.tracking.setPlaceholderText("Optional: the carrier's tracking number")
        form = QFormLayout()
        form.addRow("&Delivery method:", self.method)
        form.addRow("&Tracking number:", self.tracking)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ship_button = QPushButton("Ship")
        self.ship_button.setDefault(True)
        self.ship_button.setAccessibleName("Ship the ticked items in one package")
        self.buttons.addButton(self.ship_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(self.items, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def numbers(self) -> list[str]:
        """The ticked request numbers, in list order."""
        found: list[str] = []
        for i in range(self.items.count()):
            item = self.items.item(i)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def _update(self) -> None:
        count = len(self.numbers())
        self.ship_button.setText(f"Ship {count} item{'s' if count != 1 else ''}")
        self.ship_button.setEnabled(count > 0)

    def _on_buttons_accepted(self) -> None:
        numbers = self.numbers()
        if not numbers:
            return
        method = DeliveryMethod(self.method.currentData())
        self.ship.emit(
            self.candidates.library.symbol, numbers, method, self.tracking.text().strip()
        )
        self.accept()
