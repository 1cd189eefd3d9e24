"""The Money window's "Invoices in to approve" tab: invoices from lenders and from the courier
waiting for a decision, with what their check found; approve or dispute the chosen one from the
keyboard, and record a new one (`invoice_in_dialogs`). Asks the money services through the
window's facade, so the GUI thread never waits on the database."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.ui.invoice_in_dialogs import (
    BilledLinesError,
    CourierInvoiceDialog,
    LenderInvoiceDialog,
    billed_lines,
    picked,
)

if TYPE_CHECKING:
    from illdesk.services.money.courier_invoices import CourierInvoiceView
    from illdesk.services.money.lender_invoices import LenderInvoiceView
    from illdesk.services.session import DeskSession
    from illdesk.ui.facade import ServiceFacade

HEADINGS = ("From", "Their number", "Received or period", "Amount", "Check")


@dataclass(frozen=True, slots=True)
class Waiting:
    """One row: which kind of invoice in (lender | courier), its id, and what its check said."""

    kind: str
    id: int
    label: str
    problems: tuple[str, ...]


def checked(problems: Sequence[str]) -> str:
    """The check of an invoice in, in a cell: agrees, or its first problem and how many."""
    if not problems:
        return "agrees"
    more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{problems[0]}{more}"


class InvoicesInTab(QWidget):
    """Signals:
    changed(str): an invoice was recorded, approved or disputed (words for staff).
    failed(str): a refusal in words for staff.
    """

    changed = Signal(str)
    failed = Signal(str)

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.rows: list[Waiting] = []
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setAccessibleName("Invoices in to approve")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.approve_button = QPushButton("Appr&ove selected")
        self.dispute_button = QPushButton("Dispu&te selected…")
        self.approve_button.clicked.connect(lambda: self._decide(approve=True))
        self.dispute_button.clicked.connect(lambda: self._decide(approve=False))
        self.lender_button = QPushButton("Record le&nder invoice…")
        self.courier_button = QPushButton("Record cou&rier invoice…")
        self.lender_button.clicked.connect(self._on_lender_clicked)
        self.courier_button.clicked.connect(self._on_courier_clicked)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        row.addWidget(self.approve_button)
        row.addWidget(self.dispute_button)
        record_row = QHBoxLayout()
        record_row.addStretch(1)
        record_row.addWidget(self.lender_button)
        record_row.addWidget(self.courier_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)
        layout.addLayout(record_row)

    def show_waiting(
        self, lenders: Sequence[LenderInvoiceView], couriers: Sequence[CourierInvoiceView]
    ) -> None:
        """List the invoices in that wait for a decision."""
        self.rows = [
            Waiting("lender", v.id, f"{v.symbol} {v.their_number}", v.problems) for v in lenders
        ] + [
            Waiting("courier", v.id, f"{v.courier} {v.their_number}", v.problems) for v in couriers
        ]
        cells: list[tuple[Any, ...]] = [
            (v.symbol, v.their_number, v.received_on, v.amount, checked(v.problems))
            for v in lenders
        ] + [
            (v.courier, v.their_number, f"{v.first}..{v.last}", v.amount, checked(v.problems))
            for v in couriers
        ]
        self.table.setRowCount(len(cells))
        for i, row in enumerate(cells):
            for j, cell in enumerate(row):
                item = QTableWidgetItem(str(cell))
                if j == len(row) - 1 and self.rows[i].problems:
                    item.setToolTip("\n".join(self.rows[i].problems))
                self.table.setItem(i, j, item)
        if cells:
            self.table.selectRow(0)

    def chosen(self) -> Waiting | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _decide(self, *, approve: bool) -> None:
        waiting = self.chosen()
        if waiting is None:
            return
        note = ""
        if not approve or waiting.problems:
            question = (
                "What is disputed (kept with the invoice)?"
                if not approve
                else "Its check found: " + " ".join(waiting.problems) + "\nWhy is it right?"
            )
            note, given = QInputDialog.getText(self, waiting.label, question)
            if not given:
                return

        def work(s: DeskSession) -> str:
            if waiting.kind == "courier":
                from illdesk.services.money import courier_invoices  # noqa: PLC0415

                status = courier_invoices.decide(
                    s.write(), waiting.id, approve=approve, note=note
                ).status
            else:
                from illdesk.services.money import lender_invoices  # noqa: PLC0415

                status = lender_invoices.decide(
                    s.write(), waiting.id, approve=approve, note=note
                ).status
            return f"{waiting.label}: {status}."

        self.services.change(work, self._on_done, lambda exc: self._on_failed(str(exc)))

    def _on_lender_clicked(self) -> None:
        """Record a lender's invoice typed in the dialog; it is checked at once."""
        dialog = LenderInvoiceDialog(date.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            lines = billed_lines(dialog.requests.toPlainText())
        except BilledLinesError as exc:
            self._on_failed(str(exc))
            return
        symbol, number = dialog.symbol.text().strip(), dialog.number.text()
        amount, received = dialog.amount.text(), picked(dialog.received)

        def work(s: DeskSession) -> str:
            from illdesk.services.money import lender_invoices  # noqa: PLC0415

            view = lender_invoices.record(
                s.write(), symbol, number, amount, lines, received_on=received
            )
            return f"Lender's invoice {view.symbol} {view.their_number} recorded: " + checked(
                view.problems
            )

        self.services.change(work, self._on_done, lambda exc: self._on_failed(str(exc)))

    def _on_courier_clicked(self) -> None:
        """Record a courier invoice typed in the dialog; it is checked at once."""
        dialog = CourierInvoiceDialog(date.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        from illdesk.services.money.courier_invoices import NewCourierInvoice  # noqa: PLC0415

        counts = {name: box.value() for name, box in dialog.counts.items()}
        given = NewCourierInvoice(
            dialog.courier.text(),
            dialog.number.text(),
            picked(dialog.first),
            picked(dialog.last),
            stops=counts["stops"],
            bins=counts["bins"],
            items=counts["items"],
            amount=dialog.amount.text(),
            received_on=picked(dialog.received),
        )

        def work(s: DeskSession) -> str:
            from illdesk.services.money import courier_invoices  # noqa: PLC0415

            view = courier_invoices.record(s.write(), given)
            return f"Courier invoice {view.courier} {view.their_number} recorded: " + checked(
                view.problems
            )

        self.services.change(work, self._on_done, lambda exc: self._on_failed(str(exc)))

    def _on_done(self, message: str) -> None:
        self.status.setText(message)
        self.changed.emit(message)

    def _on_failed(self, message: str) -> None:
        self.status.setText(message)
        self.failed.emit(message)
