"""The postal address editor shared by the partner and patron directories."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit

from illdesk.core.address import ADDRESS_PARTS, PostalAddress

FIELD_LABELS = {
    "name": "Name on label",
    "department": "Department",
    "street": "Street",
    "street2": "Street (2nd line)",
    "city": "City",
    "region": "State / region",
    "postal_code": "Postal code",
    "country": "Country (2 letters)",
}


class AddressFields(QGroupBox):
    """One postal address, laid out as it is printed; `parts` are the lines it offers."""

    def __init__(
        self, title: str, address: PostalAddress, parts: Sequence[str] = ADDRESS_PARTS
    ) -> None:
        super().__init__(title)
        self.setAccessibleName(title)
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for name in parts:
            label = FIELD_LABELS[name]
            edit = QLineEdit(getattr(address, name))
            edit.setAccessibleName(f"{title}: {label}")
            self.edits[name] = edit
            form.addRow(f"{label}:", edit)

    def address(self) -> PostalAddress:
        values = {name: edit.text().strip() for name, edit in self.edits.items()}
        values["country"] = values.get("country", "").upper() or "US"
        return PostalAddress(**values)
