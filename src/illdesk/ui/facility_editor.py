"""A correctional facility's record and rules, as a supervisor adds or changes them.

`value()` reads the fields into a `FacilityInput`, or says in words what cannot be read (an
amount that is not one); whether the facility can work (a loan period, an inmate number form,
a delivery day, its library in the directory) is the service's check when it is saved, so the
window and `illdesk facility add` never disagree. A refused save keeps the dialog open with
everything typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.facility_rules import DOCCS_NUMBER, FacilityRules
from illdesk.ui.edit_dialog import parse_money
from illdesk.ui.table_setup import MessageLine

TEXTS = (
    ("code", "&Code", "short, e.g. ACF"),
    ("name", "&Name", "e.g. Attica Correctional Facility"),
    ("street", "Street", "where mail to the facility and its people goes"),
    ("city", "City", ""),
    ("region", "State or region", "e.g. NY"),
    ("postal_code", "Postal code", ""),
    ("routing", "&Routing on slips", "e.g. General Library, Tuesday van"),
    ("library_symbol", "Its &library", "its symbol in the directory, if we lend to it"),
    ("inmate_number_format", "&Inmate number form", "DOCCS (98-A-0004), a pattern, or empty"),
)
# (field, label, lowest, highest)
NUMBERS = (
    ("loan_days", "Loan period, transit included (days)", 1, 365),
    ("renewals", "Renewals", 0, 99),
    ("max_items_out", "Items out at most", 0, 100_000),
    ("max_holds", "Holds at most", 0, 100_000),
    ("block_overdue", "Blocked at this many overdue", 0, 100_000),
)
RESTRICTIONS = (
    ("no_hardcover", "No hardcovers"),
    ("paperback_only", "Paperbacks only"),
    ("no_spiral_or_metal", "No spiral or metal bindings"),
    ("discs_removed", "Discs removed before items go in"),
    ("no_periodicals", "No periodicals"),
    ("no_new_items", "No new items"),
)
DAYS = ("", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class FacilityEditor(QDialog):
    """The fields of one facility; `save` is called with the `FacilityInput` on OK.

    The caller saves it (in the background) and calls `done_saving()` or `refused(words)`.
    """

    def __init__(self, facility: Any | None, save: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.save = save
        adding = facility is None
        code = "" if facility is None else facility.code
        self.setWindowTitle(f"Change facility {code}" if code else "Add a facility")
        self.setAccessibleName(self.windowTitle())
        self.texts: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label, hint in TEXTS:
            edit = QLineEdit()
            edit.setAccessibleName(label.replace("&", ""))
            edit.setPlaceholderText(hint)
            self.texts[key] = edit
            form.addRow(f"{label}:", edit)
        self.numbers: dict[str, QSpinBox] = {}
        for key, label, low, high in NUMBERS:
            box = QSpinBox()
            box.setRange(low, high)
            box.setAccessibleName(label)
            self.numbers[key] = box
            form.addRow(f"{label}:", box)
        self.owed = QLineEdit()
        self.owed.setAccessibleName("Blocked at this much owed")
        self.owed.setPlaceholderText("e.g. 100.00 (0: never)")
        form.addRow("Blocked at this much owed:", self.owed)
        self.day = QComboBox()
        self.day.setAccessibleName("Delivery day")
        for day in DAYS:
            self.day.addItem(day or "(any day)", day)
        form.addRow("&Delivery day:", self.day)
        self.checks: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for place, (key, label) in enumerate(RESTRICTIONS):
            tick = QCheckBox(label)
            self.checks[key] = tick
            grid.addWidget(tick, place // 2, place % 2)
        form.addRow("May not go in:", grid)
        self.message = MessageLine()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.show_facility(facility)
        self.texts["code"].setReadOnly(not adding)  # the code is how a facility is found

    def show_facility(self, facility: Any | None) -> None:
        """Fill the fields from a stored facility (a new one: the usual rules)."""
        rules = facility.rules if facility is not None else FacilityRules()
        for key, edit in self.texts.items():
            edit.setText(str(getattr(facility, key, "") or "") if facility is not None else "")
        if facility is not None and facility.inmate_number_format == DOCCS_NUMBER:
            self.texts["inmate_number_format"].setText("DOCCS")
        for key, box in self.numbers.items():
            box.setValue(int(getattr(rules, key)))
        self.owed.setText(f"{rules.block_owed:.2f}")
        self.day.setCurrentIndex(max(self.day.findData(rules.delivery_day.capitalize()), 0))
        for key, check in self.checks.items():
            check.setChecked(bool(getattr(rules, key)))

    def value(self) -> Any:
        """The facility as typed; ValueError in words for what cannot be read."""
        from illdesk.services.rules.facilities import FacilityInput  # noqa: PLC0415

        try:
            owed = parse_money(self.owed.text())
        except ValueError as exc:
            raise ValueError(f"Blocked at this much owed: {exc}") from exc
        values: dict[str, Any] = {key: box.value() for key, box in self.numbers.items()}
        values.update({key: check.isChecked() for key, check in self.checks.items()})
        rules = FacilityRules(
            **values,
            block_owed=owed if owed is not None else FacilityRules().block_owed,
            delivery_day=str(self.day.currentData() or ""),
        )
        typed = {key: edit.text().strip() for key, edit in self.texts.items()}
        return FacilityInput(**typed, rules=rules)

    def try_save(self) -> None:
        try:
            facility = self.value()
        except ValueError as exc:
            self.message.say(f"{exc} Nothing was saved.", problem=True)
            return
        self.save_button.setEnabled(False)
        self.message.say("Saving…")
        self.save(facility)

    def done_saving(self) -> None:
        self.accept()

    def refused(self, words: str) -> None:
        """The service refused: say why, keep everything typed."""
        self.save_button.setEnabled(True)
        self.message.say(words, problem=True)
