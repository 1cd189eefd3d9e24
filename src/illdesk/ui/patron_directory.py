"""Patrons: find by card or surname (with what each owes), add, change, block and unblock,
and open a patron's account."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.address import PATRON_ADDRESS_PARTS, PostalAddress
from illdesk.core.address_format import format_address
from illdesk.core.vocabulary import PatronStatus, PatronType
from illdesk.services.desk.views import PatronView
from illdesk.services.directory import entries as directory
from illdesk.services.directory.entries import PatronInput
from illdesk.services.session import DeskSession
from illdesk.ui.address_fields import AddressFields
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.scan_filter import mark_barcode_field
from illdesk.ui.table_setup import button_row, fill_table, push_button, read_only_table

COLUMNS = ("Card", "Name", "Type", "Account", "Owes", "E-mail", "Pick up at", "Mailed to")
OWES_COLUMN = COLUMNS.index("Owes")


class PatronEditor(QDialog):
    """Add or change one patron.

    Signals:
        saved(object): the PatronView as stored.
    """

    saved = Signal(object)

    def __init__(
        self, services: ServiceFacade, patron: PatronView | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.services, self.patron = services, patron
        self.setWindowTitle(f"Patron {patron.display_name}" if patron else "New patron")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for name, label in (
            ("card_barcode", "Library card *"),
            ("surname", "Surname *"),
            ("given_name", "Given name"),
            ("email", "E-mail"),
            ("phone", "Phone"),
            ("department", "Department"),
            ("pickup_location", "Pick up at"),
            ("note", "Staff note"),
        ):
            edit = QLineEdit(getattr(patron, name) if patron else "")
            edit.setAccessibleName(label.rstrip(" *"))
            self.edits[name] = edit
            form.addRow(f"{label}:", edit)
        self.type_box = QComboBox()
        self.type_box.setAccessibleName("Patron type")
        for kind in PatronType:
            self.type_box.addItem(kind.label, kind.value)
        self.type_box.setCurrentIndex(
            self.type_box.findData(patron.patron_type if patron else PatronType.COMMUNITY.value)
        )
        form.insertRow(3, "Patron type:", self.type_box)
        self.mailing = AddressFields(
            "Mailing address (items mailed to the patron)",
            patron.address if patron else PostalAddress(),
            PATRON_ADDRESS_PARTS,
        )
        address_hint = QLabel("Leave it empty for a patron who collects items at the desk.")
        address_hint.setWordWrap(True)
        address_hint.setAccessibleName("About the mailing address")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        right = QVBoxLayout()
        right.addWidget(self.mailing)
        right.addWidget(address_hint)
        right.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(form, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(820)

    def _on_save(self) -> None:
        values = {name: edit.text() for name, edit in self.edits.items()}
        data = PatronInput(
            **values,
            patron_type=PatronType(self.type_box.currentData()),
            status=PatronStatus(self.patron.status) if self.patron else PatronStatus.ACTIVE,
            address=self.mailing.address(),
        )
        patron = self.patron

        def work(s: DeskSession) -> PatronView:
            return directory.save_patron(
                s.write(),
                data,
                patron_id=patron.id if patron else None,
                expected_version=patron.version if patron else 0,
            )

        self.services.change(work, self._on_saved, lambda exc: self.problem.setText(str(exc)))

    def _on_saved(self, view: PatronView) -> None:
        self.saved.emit(view)
        self.accept()


class PatronDirectory(QDialog):
    """Search, add, edit, block and unblock patrons."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Patrons")
        self.setAccessibleName("Patrons")
        self.found: list[PatronView] = []
        self.editor: PatronEditor | None = None
        self.account_window: QDialog | None = None
        self.balances: dict[str, Decimal] = {}
        self.search = QLineEdit()
        self.search.setPlaceholderText("Scan a card or type a surname, then Enter")
        self.search.setAccessibleName("Find patrons by card or surname")
        self.search.returnPressed.connect(self.run_search)
        mark_barcode_field(self.search)  # a card scanned here stays here
        find = push_button("&Find", self.run_search)
        self.table = read_only_table(COLUMNS, "Patrons found")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_patron())
        self.status = QLabel("Type a card number or the first letters of a surname.")
        self.status.setAccessibleName("Search result")
        self.status.setWordWrap(True)
        buttons = button_row(
            *(
                push_button(text, slot, name)
                for text, slot, name in (
                    ("&New patron…", self.new_patron, "Add a patron"),
                    ("&Edit…", self.edit_patron, "Edit the chosen patron"),
                    (
                        "&Block",
                        lambda: self.set_status(PatronStatus.BLOCKED),
                        "Block the chosen patron from new requests",
                    ),
                    (
                        "&Unblock",
                        lambda: self.set_status(PatronStatus.ACTIVE),
                        "Unblock the chosen patron",
                    ),
                    (
                        "Acc&ount…",
                        self.open_account,
                        "The chosen patron's charges, payments and balance",
                    ),
                )
            )
        )
        buttons.addWidget(push_button("Close", self.accept))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(find)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(880, 480)

    def run_search(self) -> None:
        text = self.search.text().strip()
        self.services.query(
            lambda s: directory.search_patrons(s.read(), text),
            self._on_found,
            lambda exc: self.status.setText(str(exc)),
        )

    def _on_found(self, found: list[PatronView]) -> None:
        self.found = found
        fill_table(
            self.table,
            (
                (
                    p.card_barcode,
                    p.display_name,
                    PatronType(p.patron_type).label,
                    p.status.capitalize(),
                    "",  # what they owe: read next, in the background
                    p.email,
                    p.pickup_location,
                    ", ".join(format_address(p.address)),
                )
                for p in found
            ),
        )
        self.status.setText(f"{len(found)} patrons found." if found else "No patron found.")
        if found:
            self.table.selectRow(0)
            self._read_balances([p.card_barcode for p in found])

    def _read_balances(self, cards: list[str]) -> None:
        def work(s: DeskSession) -> dict[str, Decimal]:
            from illdesk.services.money.accounts import balances_of  # noqa: PLC0415

            return balances_of(s.read(), cards=cards)

        self.services.query(work, self._on_balances, lambda exc: self.status.setText(str(exc)))

    def _on_balances(self, owed: dict[str, Decimal]) -> None:
        self.balances = owed
        for i, p in enumerate(self.found):
            amount = owed.get(p.card_barcode)
            self.table.setItem(
                i, OWES_COLUMN, QTableWidgetItem("" if amount is None else str(amount))
            )

    def open_account(self) -> None:
        """The chosen patron's account in the Money window (lines, balance, payment)."""
        patron = self.chosen()
        if patron is None:
            return
        from illdesk.ui.money_window import MoneyWindow  # noqa: PLC0415

        window = MoneyWindow(self.services, self)
        window.show_account(patron.card_barcode)
        self.account_window = window
        window.open()

    def chosen(self) -> PatronView | None:
        row = self.table.currentRow()
        return self.found[row] if 0 <= row < len(self.found) else None

    def new_patron(self) -> None:
        self._open_editor(None)

    def edit_patron(self) -> None:
        patron = self.chosen()
        if patron is not None:
            self._open_editor(patron)

    def _open_editor(self, patron: PatronView | None) -> None:
        editor = PatronEditor(self.services, patron, self)
        editor.saved.connect(self._on_saved)
        self.editor = editor
        editor.open()

    def _on_saved(self, view: PatronView) -> None:
        self.search.setText(view.card_barcode)
        self.status.setText(f"Saved {view.display_name}.")
        self.run_search()

    def set_status(self, status: PatronStatus) -> None:
        patron = self.chosen()
        if patron is None:
            return
        self.services.change(
            lambda s: directory.set_patron_status(s.write(), patron.card_barcode, status),
            self._on_status_set,
            lambda exc: self.status.setText(str(exc)),
        )

    def _on_status_set(self, view: PatronView) -> None:
        self.found = [view if p.id == view.id else p for p in self.found]
        self._on_found(self.found)
        word = "blocked" if view.status == PatronStatus.BLOCKED.value else view.status
        self.status.setText(f"{view.display_name} is now {word}.")
