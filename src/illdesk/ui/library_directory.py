"""Partner libraries: symbols, loan terms, delivery, and the addresses labels are printed with."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.address import PostalAddress
from illdesk.core.vocabulary import BillingMethod, DeliveryMethod
from illdesk.services.desk.views import LibraryView
from illdesk.services.directory import entries as directory
from illdesk.services.directory.entries import LibraryInput
from illdesk.services.session import DeskSession
from illdesk.ui.address_fields import AddressFields
from illdesk.ui.edit_dialog import parse_money
from illdesk.ui.facade import ServiceFacade

COLUMNS = (
    "Symbol", "Name", "Group", "Delivery", "Loan days", "Charge", "Billing", "City", "Owes us",
)  # fmt: skip
OWES_COLUMN = COLUMNS.index("Owes us")


class LibraryEditor(QDialog):
    """Add or change one partner library.

    Signals:
        saved(object): the LibraryView as stored.
    """

    saved = Signal(object)

    def __init__(
        self, services: ServiceFacade, lib: LibraryView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.lib = services, lib
        self.setWindowTitle(f"{lib.symbol} — {lib.name}" if lib else "New partner library")
        self.edits: dict[str, QLineEdit] = {}
        terms = QGroupBox("Library and terms")
        form = QFormLayout(terms)
        for name, label in (
            ("symbol", "Symbol *"),
            ("name", "Name *"),
            ("email", "ILL e-mail"),
            ("phone", "Phone"),
            ("group_name", "Lender group"),
            ("courier_route", "Courier route"),
            ("courier_stop", "Courier stop"),
            ("note", "Staff note"),
        ):
            edit = QLineEdit(str(getattr(lib, name)) if lib else "")
            edit.setAccessibleName(label.rstrip(" *"))
            self.edits[name] = edit
            form.addRow(f"{label}:", edit)
        self.loan_days = QSpinBox()
        self.loan_days.setRange(1, 365)
        self.loan_days.setValue(lib.loan_days if lib else 28)
        self.loan_days.setAccessibleName("Loan period in days")
        self.renewals = QSpinBox()
        self.renewals.setRange(0, 20)
        self.renewals.setValue(lib.renewals_allowed if lib else 1)
        self.renewals.setAccessibleName("Renewals allowed")
        self.charge = QLineEdit(f"{lib.charge:.2f}" if lib else "0.00")
        self.charge.setAccessibleName("Charge per item")
        self.billing = QComboBox()
        self.billing.setAccessibleName("Billing method")
        for billing in BillingMethod:
            self.billing.addItem(billing.label, billing.value)
        self.billing.setCurrentIndex(self.billing.findData(lib.billing_method if lib else "free"))
        self.barcode_scheme = QComboBox()
        self.barcode_scheme.setAccessibleName("Check digit of this library's item barcodes")
        for value, label in (
            ("", "Not known"),
            ("luhn_mod10", "Luhn mod 10 (most Codabar labels)"),
            ("weighted_3_1_mod10", "3-1 weighted mod 10"),
            ("none", "No check digit"),
        ):
            self.barcode_scheme.addItem(label, value)
        self.barcode_scheme.setCurrentIndex(
            max(0, self.barcode_scheme.findData(lib.barcode_scheme if lib else ""))
        )
        self.barcode_institution = QLineEdit(lib.barcode_institution if lib else "")
        self.barcode_institution.setPlaceholderText("4 digits after the first, e.g. 1234")
        self.barcode_institution.setMaxLength(4)
        self.barcode_institution.setAccessibleName("Institution digits in this library's barcodes")
        self.active = QCheckBox("Active partner (offered as a lender)")
        self.active.setChecked(lib.active if lib else True)
        form.addRow("Loan period (days):", self.loan_days)
        form.addRow("Renewals allowed:", self.renewals)
        form.addRow("Charge per item:", self.charge)
        form.addRow("Billing:", self.billing)
        form.addRow("Barcode check digit:", self.barcode_scheme)
        form.addRow("Barcode institution:", self.barcode_institution)
        form.addRow(self.active)
        delivery = QGroupBox("Delivery (how packages travel)")
        grid = QGridLayout(delivery)
        self.delivery: dict[DeliveryMethod, QCheckBox] = {}
        chosen = set(lib.delivery_methods) if lib else {DeliveryMethod.LIBRARY_MAIL.value}
        for i, method in enumerate(DeliveryMethod):
            box = QCheckBox(method.label)
            box.setChecked(method.value in chosen)
            self.delivery[method] = box
            grid.addWidget(box, i // 2, i % 2)
        self.shipping = AddressFields(
            "Shipping address (mailing labels)", lib.shipping_address if lib else PostalAddress()
        )
        self.billing_address = AddressFields(
            "Billing address (invoices)", lib.billing_address if lib else PostalAddress()
        )
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        left = QVBoxLayout()
        left.addWidget(terms)
        left.addWidget(delivery)
        right = QVBoxLayout()
        right.addWidget(self.shipping)
        right.addWidget(self.billing_address)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(900)

    def _on_save(self) -> None:
        try:
            charge = parse_money(self.charge.text()) or Decimal("0.00")
        except ValueError as exc:
            self.problem.setText(str(exc))
            return
        methods = tuple(m for m, box in self.delivery.items() if box.isChecked())
        values = {name: edit.text() for name, edit in self.edits.items()}
        data = LibraryInput(
            **values,
            delivery_methods=methods,
            loan_days=self.loan_days.value(),
            charge=charge,
            renewals_allowed=self.renewals.value(),
            billing_method=BillingMethod(self.billing.currentData()),
            barcode_scheme=str(self.barcode_scheme.currentData() or ""),
            barcode_institution=self.barcode_institution.text().strip(),
            shipping_address=self.shipping.address(),
            billing_address=self.billing_address.address(),
            active=self.active.isChecked(),
        )
        lib = self.lib

        def work(s: DeskSession) -> LibraryView:
            return directory.save_library(
                s.write(),
                data,
                library_id=lib.id if lib else None,
                expected_version=lib.version if lib else 0,
            )

        self.services.change(work, self._on_saved, lambda exc: self.problem.setText(str(exc)))

    def _on_saved(self, view: LibraryView) -> None:
        self.saved.emit(view)
        self.accept()


class LibraryDirectory(QDialog):
    """The partner directory: filter, add, edit."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Partner libraries")
        self.setAccessibleName("Partner libraries")
        self.libraries: list[LibraryView] = []
        self.shown: list[LibraryView] = []
        self.editor: LibraryEditor | None = None
        self.account_window: QDialog | None = None
        self.balances: dict[str, Decimal] = {}
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by symbol, name, group or city")
        self.filter.setAccessibleName("Filter partner libraries")
        self.filter.textChanged.connect(self._show)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setAccessibleName("Partner libraries")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_library())
        new = QPushButton("&New library…")
        new.clicked.connect(lambda: self._open_editor(None))
        edit = QPushButton("&Edit…")
        edit.clicked.connect(self.edit_library)
        account = QPushButton("Acc&ount…")
        account.setAccessibleName("The chosen library's charges, invoices, payments and balance")
        account.clicked.connect(self.open_account)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(new)
        buttons.addWidget(edit)
        buttons.addWidget(account)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(1000, 520)
        self.load()

    def load(self) -> None:
        self.services.query(
            lambda s: directory.list_libraries(s.read()),
            self._on_loaded,
            lambda exc: self.filter.setPlaceholderText(str(exc)),
        )

    def _on_loaded(self, libraries: list[LibraryView]) -> None:
        self.libraries = libraries
        self._show()
        symbols = [lib.symbol for lib in libraries]

        def work(s: DeskSession) -> dict[str, Decimal]:
            from illdesk.services.money.accounts import balances_of  # noqa: PLC0415

            return balances_of(s.read(), symbols=symbols)

        self.services.query(work, self._on_balances, lambda _exc: None)

    def _on_balances(self, owed: dict[str, Decimal]) -> None:
        self.balances = owed
        self._show()

    def open_account(self) -> None:
        """The chosen library's account in the Money window (lines, balance, payment)."""
        row = self.table.currentRow()
        if not 0 <= row < len(self.shown):
            return
        from illdesk.ui.money_window import MoneyWindow  # noqa: PLC0415

        window = MoneyWindow(self.services, self)
        window.show_account(self.shown[row].symbol)
        self.account_window = window
        window.open()

    def _show(self) -> None:
        words = self.filter.text().casefold().split()
        self.shown = [
            lib
            for lib in self.libraries
            if all(
                w
                in f"{lib.symbol} {lib.name} {lib.group_name} "
                f"{lib.shipping_address.city}".casefold()
                for w in words
            )
        ]
        self.table.setRowCount(len(self.shown))
        for i, lib in enumerate(self.shown):
            cells = (
                lib.symbol,
                lib.name + ("" if lib.active else " (inactive)"),
                lib.group_name,
                ", ".join(DeliveryMethod(m).label for m in lib.delivery_methods),
                str(lib.loan_days),
                f"{lib.charge:.2f}",
                BillingMethod(lib.billing_method).label,
                lib.shipping_address.city,
                str(self.balances.get(lib.symbol, "")),
            )
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def edit_library(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.shown):
            self._open_editor(self.shown[row])

    def _open_editor(self, lib: LibraryView | None) -> None:
        editor = LibraryEditor(self.services, lib, self)
        editor.saved.connect(lambda _v: self.load())
        self.editor = editor
        editor.open()
