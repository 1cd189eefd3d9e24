"""Correctional facilities (Directory ▸ Correctional facilities…): each facility with its rules,
its people and the items they have out; a supervisor adds or changes a facility (Add…,
Change…: `ui/facility_editor.py`, saved by the same service as `illdesk facility add`); a
patron placed under a facility with their inmate number (checked against the facility's form,
refused in words); and whether a request's item may go in, with the rule named.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from illdesk.ui.alive import while_alive
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.facility_editor import FacilityEditor
from illdesk.ui.table_setup import (
    MessageLine,
    button_row,
    chosen_row,
    fill_table,
    push_button,
    read_only_table,
)

COLUMNS = (
    "Code",
    "Facility",
    "Loan",
    "People",
    "Items out",
    "May not go in",
    "Routing",
    "Its library",
)
ONLY_SUPERVISORS = "Only a supervisor may add or change a facility."
RESTRICTION_WORDS = (
    ("no_hardcover", "hardcovers"),
    ("paperback_only", "anything but paperbacks"),
    ("no_spiral_or_metal", "spiral or metal bindings"),
    ("no_periodicals", "periodicals"),
    ("no_new_items", "new items"),
    ("discs_removed", "discs (removed first)"),
)


def _facilities() -> Any:
    from illdesk.services.rules import facilities  # noqa: PLC0415

    return facilities


def restriction_text(rules: Any) -> str:
    """What a facility's rules keep out, in a few words."""
    return ", ".join(words for name, words in RESTRICTION_WORDS if getattr(rules, name)) or "—"


class FacilitiesWindow(QDialog):
    """The facilities, a patron placed under one, an item checked against them."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Correctional facilities")
        self.setAccessibleName("Correctional facilities")
        self.shown: list[Any] = []
        self.editor: FacilityEditor | None = None
        self.table = read_only_table(COLUMNS, "Facilities with their rules", stretch=5)
        self.table.doubleClicked.connect(lambda _index: self.change_facility())
        self.add = push_button("&Add a facility…", self.add_facility)
        self.change = push_button("C&hange the facility…", self.change_facility)
        self.card = self._edit("Patron's card", "scan or type the library card")
        self.facility = QComboBox()
        self.facility.setAccessibleName("Facility")
        self.inmate = self._edit("Inmate number", "in the facility's form, e.g. 98-A-0004")
        self.place = push_button("&Place under the facility", self.place_patron)
        self.number = self._edit("Request to check", "request number, e.g. B-26-000123")
        self.check = push_button("May it &go in?", self.check_item)
        placing = button_row(
            self.card, self.facility, self.inmate, self.place, stretch_at_end=False
        )
        checking = QHBoxLayout()
        checking.addWidget(self.number, 1)
        checking.addWidget(self.check)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(button_row(self.add, self.change))
        layout.addWidget(QLabel("A patron inside a facility (mail then goes through it):"))
        layout.addLayout(placing)
        layout.addWidget(QLabel("An item for a person inside, or lent to a facility's library:"))
        layout.addLayout(checking)
        layout.addWidget(self.message)
        self.resize(1000, 480)
        self.reload()
        self._ask_who_may_edit()

    @staticmethod
    def _edit(name: str, hint: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setPlaceholderText(hint)
        return edit

    def say(self, words: str, problem: bool = False) -> None:
        self.message.say(words, problem)

    def _failed(self, exc: Exception) -> None:
        self.say(str(exc), problem=True)

    def reload(self) -> None:
        self.services.query(
            lambda s: _facilities().list_facilities(s.read()),
            while_alive(self, self._on_loaded),
            while_alive(self, self._failed),
        )

    def _on_loaded(self, shown: list[Any]) -> None:
        self.shown = shown
        chosen = self.facility.currentData()
        self.facility.clear()
        fill_table(
            self.table,
            (
                (
                    f.code,
                    f.name,
                    f"{f.rules.loan_days} days, {f.rules.renewals} renewal(s)",
                    str(f.people),
                    f"{f.items_out} of {f.rules.max_items_out}",
                    restriction_text(f.rules),
                    f.routing,
                    f.library_symbol,
                )
                for f in shown
            ),
        )
        for f in shown:
            self.facility.addItem(f"{f.code} — {f.name}", f.code)
        self.facility.setCurrentIndex(max(self.facility.findData(chosen), 0))
        if not shown:
            self.say("No facilities yet: a supervisor adds one with Add a facility….")

    # ------------------------------------------------------------ adding and changing

    def _ask_who_may_edit(self) -> None:
        def may_edit(s: Any) -> bool:
            from illdesk.core.roles import Permission  # noqa: PLC0415
            from illdesk.services.access.permissions import allowed  # noqa: PLC0415

            return allowed(s.read(), Permission.EDIT_RULES)

        self.services.query(may_edit, while_alive(self, self._on_may_edit))

    def _on_may_edit(self, may: bool) -> None:
        for button in (self.add, self.change):
            button.setEnabled(may)
            button.setToolTip("" if may else ONLY_SUPERVISORS)

    def add_facility(self) -> None:
        self._open_editor(None)

    def change_facility(self) -> None:
        row = chosen_row(self.table)
        if row is None or row >= len(self.shown):
            self.say("Choose the facility to change in the list first.", problem=True)
            return
        self._open_editor(self.shown[row])

    def _open_editor(self, facility: Any | None) -> None:
        if not self.add.isEnabled():
            self.say(ONLY_SUPERVISORS, problem=True)
            return
        self.editor = FacilityEditor(facility, self._save, self)
        self.editor.open()

    def _save(self, data: Any) -> None:
        editor = self.editor
        self.services.change(
            lambda s: _facilities().save_facility(s.write(), data),
            while_alive(self, lambda view: self._on_saved(view, editor)),
            while_alive(self, lambda exc: editor.refused(f"Not saved: {exc}") if editor else None),
        )

    def _on_saved(self, view: Any, editor: FacilityEditor | None) -> None:
        if editor is not None:
            editor.done_saving()
        self.reload()
        self.say(f"Facility {view.code} “{view.name}” saved.")

    def place_patron(self) -> None:
        card, code = self.card.text().strip(), self.facility.currentData()
        number = self.inmate.text().strip()
        if not (card and code and number):
            self.say("Give the patron's card, the facility and the inmate number.", True)
            return
        self.services.change(
            lambda s: _facilities().place_patron(s.write(), card, code, number),
            while_alive(self, self._on_placed),
            while_alive(self, lambda exc: self.say(f"Not placed: {exc}", problem=True)),
        )

    def _on_placed(self, told: str) -> None:
        self.card.clear()
        self.inmate.clear()
        self.reload()
        self.say(told)

    def check_item(self) -> None:
        number = self.number.text().strip().upper()
        if not number:
            self.say("Type the request number of the item.", problem=True)
            return
        self.services.query(
            lambda s: _facilities().check_item(s.read(), number),
            while_alive(self, lambda found: self._on_checked(number, found)),
            while_alive(self, self._failed),
        )

    def _on_checked(self, number: str, found: tuple[str, list[str]]) -> None:
        refusal, steps = found
        then = f" Before it goes: {' '.join(steps)}" if steps else ""
        if refusal:
            self.say(
                f"{number} may not go in: {refusal} A supervisor may still check it out "
                f"(Check out anyway, with the reason).{then}",
                problem=True,
            )
        else:
            self.say(f"{number} may go in.{then}")
