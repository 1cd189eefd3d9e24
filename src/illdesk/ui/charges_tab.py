"""The Charges tab of the request detail: the request's money, a charge and a waiver from the
keyboard. Lays out and asks the money services through the window's facade; what it changes
goes through the one writer like any action (it shows in the History tab, Undo takes it back).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.money import DEBIT_LABELS, REFUND, CreditType, DebitType

if TYPE_CHECKING:
    from illdesk.services.money.accounts import RequestMoney
    from illdesk.ui.facade import ServiceFacade


def _money() -> Any:
    """The money services, loaded on first use (they bring SQLAlchemy with them)."""
    from illdesk.services.money import accounts, charges, payments  # noqa: PLC0415

    return accounts, charges, payments


class ChargeDialog(QDialog):
    """What, how much and why: type first, Enter to save."""

    def __init__(self, number: str, currency: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Add a charge to {number}")
        self.kind = QComboBox()
        for kind in DebitType:
            self.kind.addItem(DEBIT_LABELS[kind], kind.value)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("e.g. 12.50")
        self.reason = QLineEdit()
        form = QFormLayout(self)
        form.addRow("&Charge for", self.kind)
        form.addRow(f"&Amount ({currency})", self.amount)
        form.addRow("&Reason", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class WaiveDialog(QDialog):
    """A waiver needs its reason; a write-off is the other choice."""

    def __init__(self, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Waive a charge")
        self.kind = QComboBox()
        self.kind.addItem("Waive", "waiver")
        self.kind.addItem("Write off (cannot be collected)", "write_off")
        self.reason = QLineEdit()
        form = QFormLayout(self)
        form.addRow(QLabel(what))
        form.addRow("&How", self.kind)
        form.addRow("&Reason (required)", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class ChargesTab(QWidget):
    """Signals:
    changed(): a charge or a waiver was saved (the request's history changed).
    failed(str): a refusal in words for staff.
    """

    changed = Signal()
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Charges")
        self.services: ServiceFacade | None = None
        self.number = ""
        self.shown: RequestMoney | None = None
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(("When", "What", "Amount", "Note", "Line"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.summary = QLabel("No charges.")
        self.add_button = QPushButton("Add &charge…")
        self.add_button.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.waive_button = QPushButton("&Waive selected…")
        self.claim_button = QPushButton("Claims &returned…")
        self.claim_button.setToolTip(
            "The patron says the item was returned: it is searched for before it can be "
            "declared lost and billed"
        )
        self.add_button.clicked.connect(self._on_add_clicked)
        self.waive_button.clicked.connect(self._on_waive_clicked)
        self.claim_button.clicked.connect(self._on_claim_clicked)
        row = QHBoxLayout()
        row.addWidget(self.summary, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.waive_button)
        row.addWidget(self.claim_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(row)

    def attach(self, services: ServiceFacade) -> None:
        """Give the tab the window's facade (it shows nothing until it has one)."""
        self.services = services

    def show_request(self, number: str) -> None:
        """Show a request's money (an empty string clears the tab)."""
        self.number = number
        self.table.setRowCount(0)
        self.summary.setText("No charges.")
        if not number or self.services is None:
            return
        accounts, _charges, _payments = _money()
        self.services.query(
            lambda s: accounts.request_money(s.read(), number), self._on_loaded, self._on_error
        )

    def _on_loaded(self, money: RequestMoney) -> None:
        if money.number != self.number:
            return  # an older answer: another request is shown now
        self.shown = money
        self.table.setRowCount(len(money.lines))
        for i, line in enumerate(money.lines):
            cells = (
                f"{line.at.astimezone():%Y-%m-%d %H:%M}",
                line.label + (" (voided)" if line.voided else ""),
                f"{line.amount:,.2f}",
                line.reason,
                str(line.id),
            )
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(i, j, item)
        who = f" by {money.payer}" if money.payer else ""
        if money.owed < 0:
            said = (
                f"In credit on this request{who}: {-money.owed:,.2f} {money.currency} "
                "(due back: paid, then credited)"
            )
        else:
            said = f"Owed on this request{who}: {money.owed:,.2f} {money.currency}"
        paid_back = sum(
            (line.amount for line in money.lines if line.type == REFUND and not line.voided),
            Decimal(0),
        )
        if paid_back:
            said += f"; paid back {paid_back:,.2f} {money.currency}"
        self.summary.setText(said)

    def _on_error(self, exc: Exception) -> None:
        self.failed.emit(str(exc))
        QMessageBox.warning(self, "Not done", str(exc))

    def _on_add_clicked(self) -> None:
        if not self.number or self.services is None:
            return
        currency = self.shown.currency if self.shown else ""
        dialog = ChargeDialog(self.number, currency, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        _accounts, charges, _payments = _money()
        number, kind = self.number, str(dialog.kind.currentData())
        amount, reason = dialog.amount.text(), dialog.reason.text()
        self.services.change(
            lambda s: charges.add_charge(s.write(), number, kind, amount, reason),
            lambda _done: self.changed.emit(),
            self._on_error,
        )

    def _on_waive_clicked(self) -> None:
        if self.shown is None or self.services is None:
            return
        rows = self.table.selectionModel().selectedRows()
        debits = [
            line
            for line in self.shown.lines
            if line.side == "debit" and not line.voided and line.amount > Decimal(0)
        ]
        chosen = self.shown.lines[rows[0].row()] if rows else (debits[-1] if debits else None)
        if chosen is None or chosen.side != "debit":
            self._on_error(ValueError("Choose a charge (a debit line) to waive."))
            return
        dialog = WaiveDialog(f"{chosen.label}: {chosen.amount:,.2f}", self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        _accounts, _charges, payments = _money()
        credit = CreditType(dialog.kind.currentData())
        line_id, reason = chosen.id, dialog.reason.text()
        self.services.change(
            lambda s: payments.waive(s.write(), line_id, reason, kind=credit),
            lambda _done: self.changed.emit(),
            self._on_error,
        )

    def _on_claim_clicked(self) -> None:
        if not self.number or self.services is None:
            return
        note, given = QInputDialog.getText(
            self, "Claims returned", f"{self.number}: what the patron says (optional)"
        )
        if not given:
            return
        from illdesk.services.money import lost_run  # noqa: PLC0415

        number = self.number

        def done(message: str) -> None:
            self.summary.setText(message)
            self.changed.emit()

        self.services.change(
            lambda s: lost_run.claim_returned(s.write(), number, note), done, self._on_error
        )
