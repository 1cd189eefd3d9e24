"""Shipping a package from the desk window (Ctrl+K): check what goes, ask how, ship it.

The candidates are read in the background, the Ship dialog asks for the method and tracking
number, and the package is shipped on the writer thread. The window is told by signal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QWidget

from illdesk.core.queues import QueueFilter
from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.desk.views import RequestRow
from illdesk.services.errors import InvalidInput
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.services.shipping.packages import ShipmentView


class ShippingFlow(QObject):
    """Signals:
    dialog_ready(object): the Ship dialog, for the window to open.
    message(str): progress for the status bar.
    problem(str): nothing can be shipped yet, and why.
    failed(str): shipping was refused or failed: nothing was shipped.
    shipped(object): the ShipmentView of the package that went out.
    """

    dialog_ready = Signal(object)
    message = Signal(str)
    problem = Signal(str)
    failed = Signal(str)
    shipped = Signal(object)

    def __init__(self, services: ServiceFacade, parent_widget: QWidget) -> None:
        super().__init__(parent_widget)
        self.services = services
        self.parent_widget = parent_widget

    def start(self, queue: QueueFilter | None, rows: list[RequestRow]) -> None:
        """Ship the selected rows, or everything of a one-library queue."""
        if not rows and (queue is None or len(queue.libraries) != 1):
            self.problem.emit(
                "Select the items going in the package, or open a library under Shipping "
                "to ship everything waiting for it."
            )
            return

        def work(session: DeskSession) -> object:
            from illdesk.ui.ship_dialog import ship_candidates  # noqa: PLC0415

            return ship_candidates(session, queue, rows)

        self.services.query(work, self._on_candidates, lambda exc: self.problem.emit(str(exc)))

    def _on_candidates(self, candidates: object) -> None:
        from illdesk.ui.ship_dialog import ShipDialog  # noqa: PLC0415

        dialog: QDialog = ShipDialog(candidates, self.parent_widget)  # type: ignore[arg-type]
        dialog.ship.connect(self._on_dialog_ship)  # type: ignore[attr-defined]
        self.dialog_ready.emit(dialog)

    def _on_dialog_ship(
        self, symbol: str, numbers: list[str], method: DeliveryMethod, tracking: str
    ) -> None:
        self.message.emit(f"Shipping {len(numbers)} item(s) to {symbol}…")

        def work(session: DeskSession) -> object:
            from illdesk.services.shipping import packages as shipping  # noqa: PLC0415

            return shipping.ship_package(session.write(), symbol, numbers, method, tracking)

        self.services.change(work, self._on_shipped, self._on_failed)

    def _on_shipped(self, package: ShipmentView) -> None:
        count = len(package.request_numbers)
        self.message.emit(
            f"Package {package.number} shipped to {package.library_symbol} by "
            f"{DeliveryMethod(package.method).label}: {count} item{'s' if count != 1 else ''}."
        )
        self.shipped.emit(package)

    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, InvalidInput):
            self.failed.emit(f"Nothing was shipped. {exc}")
        else:
            self.failed.emit(f"Nothing was shipped: {exc}")
