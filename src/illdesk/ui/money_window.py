"""The Money window: charges to invoice, invoices unpaid and disputed, patrons over the block
limit, any account by card or symbol, and a payment recorded from the keyboard. Lays out and
asks the money services through the facade; it never holds a database object."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from illdesk.ui.dialog_buttons import save_cancel_buttons
from illdesk.ui.invoices_in_tab import InvoicesInTab

if TYPE_CHECKING:
    from illdesk.services.money.accounts import AccountView
    from illdesk.services.money.overview import MoneyOverview
    from illdesk.ui.facade import ServiceFacade

PAYMENT_METHODS = ("cheque", "transfer", "card", "cash", "ifm", "other")


def _services() -> Any:
    from illdesk.services.money import accounts, overview, payments  # noqa: PLC0415

    return accounts, overview, payments


def _table(headings: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(headings))
    table.setHorizontalHeaderLabels(list(headings))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().hide()
    return table


def _fill(table: QTableWidget, rows: Sequence[Sequence[object]]) -> None:
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            table.setItem(i, j, QTableWidgetItem(str(cell)))


class PaymentDialog(QDialog):
    """Who paid, how much, the cheque or transfer number, the invoice it pays."""

    def __init__(self, who: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a payment")
        self.who = QLineEdit(who)
        self.amount = QLineEdit()
        self.reference = QLineEdit()
        self.invoice = QLineEdit()
        self.method = QComboBox()
        self.method.addItems(PAYMENT_METHODS)
        form = QFormLayout(self)
        form.addRow("&From (symbol or card)", self.who)
        form.addRow("&Amount", self.amount)
        form.addRow("&Reference (cheque or transfer no.)", self.reference)
        form.addRow("&Invoice (optional)", self.invoice)
        form.addRow("&Method", self.method)
        form.addRow(save_cancel_buttons(self))


class RefundDialog(QDialog):
    """To whom, how much (the credit, to start with), the cheque or transfer we sent, and
    optionally the one request whose credit it pays back."""

    def __init__(self, who: str, credit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Pay back a credit")
        self.who = QLineEdit(who)
        self.amount = QLineEdit(credit)
        self.reference = QLineEdit()
        self.request = QLineEdit()
        self.request.setPlaceholderText("only this request's credit (optional)")
        self.method = QComboBox()
        self.method.addItems(PAYMENT_METHODS)
        form = QFormLayout(self)
        form.addRow("&To (symbol or card)", self.who)
        form.addRow(f"&Amount (in credit: {credit})", self.amount)
        form.addRow("&Reference (our cheque or transfer no.)", self.reference)
        form.addRow("&Method", self.method)
        form.addRow("Re&quest (optional)", self.request)
        form.addRow(save_cancel_buttons(self))


class MoneyWindow(QDialog):
    """Money: queues of what is owed and an account view."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Money")
        self.resize(900, 560)
        self.overview: MoneyOverview | None = None
        self.account: AccountView | None = None
        self.tabs = QTabWidget()
        self.to_invoice = _table(("Library", "Name", "Charges", "Amount"))
        self.unpaid = _table(("Invoice", "Date", "Library", "Status", "Total", "Owed"))
        self.disputed = _table(("Invoice", "Date", "Library", "Total", "Note"))
        self.over_limit = _table(("Card", "Patron", "Lines", "Balance"))
        self.to_approve = InvoicesInTab(services)
        self.to_approve.changed.connect(lambda _message: self.refresh())
        self.tabs.addTab(self.to_invoice, "Charges to &invoice")
        self.tabs.addTab(self.unpaid, "Invoices &unpaid")
        self.tabs.addTab(self.disputed, "Invoices &disputed")
        self.tabs.addTab(self.to_approve, "Invoices in to appro&ve")
        self.tabs.addTab(self.over_limit, "Patrons over the &limit")
        # The Money queues of the queue tree (money_queues.MONEY_QUEUES) and their lists here.
        self.lists = {
            "to_invoice": self.to_invoice,
            "unpaid": self.unpaid,
            "disputed": self.disputed,
            "to_approve": self.to_approve,
            "over_limit": self.over_limit,
        }
        page = QWidget()
        self.who = QLineEdit()
        self.who.setPlaceholderText("Patron card or library symbol, then Enter")
        self.who.returnPressed.connect(self._on_who_entered)
        self.account_heading = QLabel("")
        self.account_lines = _table(("Line", "Date", "Request", "What", "Amount", "Note"))
        lookup = QVBoxLayout(page)
        lookup.addWidget(self.who)
        lookup.addWidget(self.account_heading)
        lookup.addWidget(self.account_lines)
        self.closing_button = QPushButton("Clos&e account…")
        self.closing_button.setToolTip("Close a square account (no more payments or charges)")
        self.closing_button.clicked.connect(self._on_closing_clicked)
        self.refund_button = QPushButton("Pay bac&k…")
        self.refund_button.setToolTip("Pay back what this account holds in credit")
        self.refund_button.setEnabled(False)
        self.refund_button.clicked.connect(self._on_refund_clicked)
        self.statement_button = QPushButton("State&ment…")
        self.statement_button.setToolTip(
            "Send this account a statement (open charges, payments, balance) through the outbox"
        )
        self.statement_button.setEnabled(False)
        self.statement_button.clicked.connect(self._on_statement_clicked)
        self.account_note = QLabel("")
        self.account_note.setWordWrap(True)
        lookup.addWidget(self.account_note)
        closing_row = QHBoxLayout()
        closing_row.addStretch(1)
        closing_row.addWidget(self.statement_button)
        closing_row.addWidget(self.refund_button)
        closing_row.addWidget(self.closing_button)
        lookup.addLayout(closing_row)
        self.tabs.addTab(page, "&Account")
        self.pay_button = QPushButton("Record &payment…")
        self.pay_button.clicked.connect(self._on_pay_clicked)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.pay_button)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(row)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter in a box (the account box) presses no button
        self.refresh()

    def refresh(self) -> None:
        """Read the lists again."""
        _accounts, overview, _payments = _services()
        self.services.query(
            lambda s: overview.money_overview(s.read()), self._on_overview, self._on_error
        )

    def _on_overview(self, data: MoneyOverview) -> None:
        self.overview = data
        _fill(self.to_invoice, [(o.key, o.name, o.lines, o.amount) for o in data.to_invoice])
        _fill(
            self.unpaid,
            [
                (v.number, v.issued_on, v.symbol, v.status_label, v.total, v.owed)
                for v in data.unpaid
            ],
        )
        _fill(
            self.disputed,
            [(v.number, v.issued_on, v.symbol, v.total, v.note) for v in data.disputed],
        )
        _fill(self.over_limit, [(o.key, o.name, o.lines, o.amount) for o in data.over_limit])
        self.to_approve.show_waiting(data.lender_to_approve, data.courier_to_approve)

    def open_list(self, key: str) -> None:
        """Show one of the Money queues (a key of `money_queues.MONEY_QUEUES`)."""
        table = self.lists.get(key)
        if table is not None:
            self.tabs.setCurrentWidget(table)

    def show_account(self, who: str) -> None:
        """Show one patron's or library's account on the Account tab."""
        self.who.setText(who)
        self.tabs.setCurrentIndex(self.tabs.count() - 1)
        self.account_note.setText("")
        accounts, _overview, _payments = _services()
        self.services.query(
            lambda s: accounts.show_account(s.read(), who), self._on_account, self._on_error
        )

    def _on_who_entered(self) -> None:
        if self.who.text().strip():
            self.show_account(self.who.text().strip())

    def _on_account(self, view: AccountView) -> None:
        self.account = view
        blocked = "  —  BLOCKED (over the limit)" if view.blocked else ""
        closed = f"  —  CLOSED {view.closed_why}".rstrip() if view.closed else ""
        self.account_heading.setText(
            f"{view.key} — {view.name}: balance {view.balance} {view.currency}{blocked}{closed}"
        )
        self.closing_button.setText("Reop&en account" if view.closed else "Clos&e account…")
        self.refund_button.setEnabled(view.balance < 0)
        self.statement_button.setEnabled(bool(view.lines))
        _fill(
            self.account_lines,
            [
                (
                    line.id,
                    f"{line.at:%Y-%m-%d}",
                    line.request_number,
                    line.label + (" (voided)" if line.voided else ""),
                    line.amount,
                    line.reason,
                )
                for line in view.lines
            ],
        )

    def _on_closing_clicked(self) -> None:
        """Close the account shown (asks why), or open it again if it is closed."""
        if self.account is None:
            return
        from illdesk.services.money import account_closing  # noqa: PLC0415

        key, reopen = self.account.key, self.account.closed
        note = ""
        if not reopen:
            note, given = QInputDialog.getText(self, f"Close the account of {key}", "Why?")
            if not given:
                return

        def work(s: Any) -> object:
            if reopen:
                return account_closing.reopen_account(s.write(), key)
            return account_closing.close_account(s.write(), key, note)

        self.services.change(work, lambda _done: self.show_account(key), self._on_error)

    def _on_pay_clicked(self) -> None:
        dialog = PaymentDialog(self.who.text().strip(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        _accounts, _overview, payments = _services()
        who, amount = dialog.who.text().strip(), dialog.amount.text()
        reference, invoice = dialog.reference.text(), dialog.invoice.text().strip()
        method = dialog.method.currentText()

        def done(_result: object) -> None:
            self.refresh()
            self.show_account(who)

        self.services.change(
            lambda s: payments.add_payment(
                s.write(), who, amount, reference, method=method, invoice=invoice
            ),
            done,
            self._on_error,
        )

    def _on_statement_clicked(self) -> None:
        """Queue a statement of the account shown, as an e-mail or a letter."""
        if self.account is None:
            return
        from illdesk.services.money import statements  # noqa: PLC0415

        key = self.account.key
        self.services.change(
            lambda s: statements.queue_statement(s.write(), key),
            lambda made: self.account_note.setText(made.message),
            self._on_error,
        )

    def _on_refund_clicked(self) -> None:
        if self.account is None or self.account.balance >= 0:
            return
        dialog = RefundDialog(self.account.key, str(-self.account.balance), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        from illdesk.services.money import refunds  # noqa: PLC0415

        who, amount, reference = (
            dialog.who.text().strip(),
            dialog.amount.text(),
            dialog.reference.text(),
        )
        method, request = dialog.method.currentText(), dialog.request.text().strip()

        def done(_result: object) -> None:
            self.refresh()
            self.show_account(who)

        self.services.change(
            lambda s: refunds.refund(
                s.write(), who, amount, reference, method=method, request=request
            ),
            done,
            self._on_error,
        )

    def _on_error(self, exc: Exception) -> None:
        QMessageBox.warning(self, "Not done", str(exc))
