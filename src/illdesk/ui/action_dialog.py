"""The small dialog an action opens: it asks for exactly the action's parameters.

Built from `core.workflow.params_for`, so a new parameter in the status machine appears here
without code. Due dates that the desk works out from the lender's or our own loan period are
offered as "work it out for me" (ticked), because staff should not have to count days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.vocabulary import CancelReason, CopyrightCode, Direction, ReasonUnfilled
from illdesk.core.workflow import ACTION_LABELS, Action, Param, ParamKind, params_for
from illdesk.ui.alive import while_alive
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.lender_picker import LenderPicker

# Date parameters the service fills from loan periods when they are left out.
WORKED_OUT_DATES: dict[tuple[Action, str], str] = {
    (Action.RECEIVE, "lender_due_date"): "Work out from the lender's loan period",
    (Action.LENDER_SHIPPED, "lender_due_date"): "Not known yet (set it on receipt)",
    (Action.SHIP, "due_date"): "Work out from the borrower's loan period",
    (Action.SHIP_OVERRIDE, "due_date"): "Work out from the borrower's loan period",
}

COPYRIGHT_LABELS = {
    CopyrightCode.CCG: "CCG — conforms to the CONTU guidelines (counts towards the rule of five)",
    CopyrightCode.CCL: "CCL — conforms to copyright law (older article, fair use)",
}


class DateField(QWidget):
    """A date picker, optionally with a "work it out" box that leaves the date to the desk."""

    def __init__(self, label: str, automatic: str = "") -> None:
        super().__init__()
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd MMM yyyy")
        soon = date.today() + timedelta(days=28)
        self.edit.setDate(QDate(soon.year, soon.month, soon.day))
        self.edit.setAccessibleName(label)
        self.edit.setMaximumWidth(160)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.automatic: QCheckBox | None = None
        if automatic:
            self.automatic = QCheckBox(automatic)
            self.automatic.setAccessibleName(f"{label}: {automatic}")
            self.automatic.setChecked(True)
            self.automatic.toggled.connect(lambda on: self.edit.setEnabled(not on))
            self.edit.setEnabled(False)
            layout.addWidget(self.automatic)

    def value(self) -> date | None:
        if self.automatic is not None and self.automatic.isChecked():
            return None
        value: date = self.edit.date().toPython()  # type: ignore[assignment]
        return value

    def set_value(self, value: date) -> None:
        if self.automatic is not None:
            self.automatic.setChecked(False)
        self.edit.setDate(QDate(value.year, value.month, value.day))


class ActionDialog(QDialog):
    """Asks for what one action needs; `values()` gives them as the service expects."""

    def __init__(
        self,
        services: ServiceFacade,
        direction: Direction,
        action: Action,
        numbers: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.direction = direction
        self.action = action
        self.params: tuple[Param, ...] = params_for(direction, action)
        self.fields: dict[str, Any] = {}
        label = ACTION_LABELS[action]
        which = numbers[0] if len(numbers) == 1 else f"{len(numbers)} requests"
        self.setWindowTitle(f"{label} — {which}")
        self.setAccessibleName(f"{label}: details")
        form = QFormLayout()
        for param in self.params:
            widget = self._field(services, param)
            self.fields[param.name] = widget
            text = param.label or param.name.replace("_", " ").capitalize()
            form.addRow(f"{text}{'' if param.required else ' (optional)'}:", widget)
        self.suggestion = QLabel()  # what the rule of five says, for Clear copyright
        self.suggestion.setWordWrap(True)
        self.suggestion.setAccessibleName("What the copyright rules say")
        self.money = QLabel()  # what Mark lost charges or Lost item found credits back
        self.money.setWordWrap(True)
        self.money.setAccessibleName("What it charges or credits back")
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("What is missing")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(label)
        ok.setAccessibleName(label)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if len(numbers) > 1:
            layout.addWidget(QLabel(f"This will be applied to each of {len(numbers)} requests."))
        layout.addLayout(form)
        layout.addWidget(self.suggestion)
        layout.addWidget(self.money)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if action is Action.CLEAR_COPYRIGHT and len(numbers) == 1:
            self._suggest_copyright(services, numbers[0])
        if action in (Action.MARK_LOST, Action.LOST_FOUND):
            self._state_money(services, numbers)
        wide = any(p.kind is ParamKind.LENDERS for p in self.params)
        self.setMinimumWidth(760 if wide else 520)

    def _field(self, services: ServiceFacade, param: Param) -> Any:
        text = param.label or param.name
        if param.kind is ParamKind.DATE:
            return DateField(text, WORKED_OUT_DATES.get((self.action, param.name), ""))
        if param.kind in (ParamKind.REASON_UNFILLED, ParamKind.CANCEL_REASON):
            box = QComboBox()
            box.setAccessibleName(text)
            box.setPlaceholderText("Choose a reason…")
            reasons: list[ReasonUnfilled] | list[CancelReason] = (
                list(ReasonUnfilled)
                if param.kind is ParamKind.REASON_UNFILLED
                else list(CancelReason)
            )
            for reason in reasons:
                box.addItem(reason.label, reason.value)
            box.setCurrentIndex(-1)
            return box
        if param.kind is ParamKind.COPYRIGHT:
            holder = QWidget()
            holder.setAccessibleName(text)
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            group = QButtonGroup(holder)
            for code, words in COPYRIGHT_LABELS.items():
                radio = QRadioButton(words)
                radio.setAccessibleName(words)
                radio.setProperty("code", code.value)
                group.addButton(radio)
                column.addWidget(radio)
            holder.setProperty("group", group)
            self.copyright_group = group
            return holder
        if param.kind is ParamKind.LENDERS:
            picker = LenderPicker(services)
            picker.failed.connect(self.problem_text)
            return picker
        edit = QLineEdit()
        edit.setAccessibleName(text)
        return edit

    def _suggest_copyright(self, services: ServiceFacade, number: str) -> None:
        """Ask what the rule of five says about this copy; tick the code it suggests and
        say why (staff may still choose the other)."""
        from illdesk.services.rules import copyright as counts  # noqa: PLC0415

        services.query(
            lambda s: counts.request_suggestion(s.read(), number),
            while_alive(self, self._on_copyright_suggested),
        )

    def _on_copyright_suggested(self, suggestion: Any) -> None:
        if suggestion is None:
            return
        self.suggestion.setText(f"The rules: {suggestion.text}")
        for radio in self.copyright_group.buttons():
            if radio.property("code") == suggestion.code:
                radio.setChecked(True)

    def _state_money(self, services: ServiceFacade, numbers: list[str]) -> None:
        """Ask what the money rules charge (Mark lost) or credit back (found), so staff read
        the amounts before they confirm."""
        from illdesk.services.money import lost_items  # noqa: PLC0415

        self.money.setText("Working out the charges…")
        action = self.action.value
        services.query(
            lambda s: lost_items.money_preview(s.read(), numbers, action),
            while_alive(self, self.money.setText),
        )

    def problem_text(self, message: str) -> None:
        self.problem.setText(message)

    def values(self) -> dict[str, Any]:
        """The parameters as entered; empty optional ones are left out."""
        values: dict[str, Any] = {}
        for param in self.params:
            widget = self.fields[param.name]
            value: Any
            if isinstance(widget, DateField):
                value = widget.value()
            elif isinstance(widget, QComboBox):
                value = widget.currentData()
            elif isinstance(widget, LenderPicker):
                value = widget.symbols()
            elif isinstance(widget, QLineEdit):
                value = widget.text().strip()
            else:
                checked = self.copyright_group.checkedButton()
                value = checked.property("code") if checked else None
            if value not in (None, "", []):
                values[param.name] = value
        return values

    def missing(self) -> list[str]:
        values = self.values()
        missing = []
        for param in self.params:
            widget = self.fields[param.name]
            automatic = isinstance(widget, DateField) and widget.automatic is not None
            if param.required and param.name not in values and not automatic:
                missing.append(param.label or param.name)
        return missing

    def _on_buttons_accepted(self) -> None:
        missing = self.missing()
        if missing:
            self.problem.setText("Still needed: " + ", ".join(missing) + ".")
            return
        self.accept()
