"""Editing a request's citation, need-before date, costs and notes (not its status)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.vocabulary import Format
from illdesk.services.desk.views import RequestDetail
from illdesk.ui.citation_fields import CitationFields


class NeedBeforeField(QWidget):
    """An optional date: "no need-before date" ticked means none."""

    def __init__(self) -> None:
        super().__init__()
        self.none = QCheckBox("No need-before date")
        self.none.setAccessibleName("No need-before date")
        self.edit = QDateEdit(QDate.currentDate().addDays(30))
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("dd MMM yyyy")
        self.edit.setAccessibleName("Need before")
        self.none.toggled.connect(lambda on: self.edit.setEnabled(not on))
        self.none.setChecked(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.none)
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def value(self) -> date | None:
        if self.none.isChecked():
            return None
        value: date = self.edit.date().toPython()  # type: ignore[assignment]
        return value

    def set_value(self, value: date | None) -> None:
        self.none.setChecked(value is None)
        if value is not None:
            self.edit.setDate(QDate(value.year, value.month, value.day))


def parse_money(text: str) -> Decimal | None:
    """An amount typed by staff ("15", "15.00", "$15"), or None when empty; raises ValueError."""
    text = text.strip().lstrip("$").strip()
    if not text:
        return None
    try:
        value = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError(f"“{text}” is not an amount (for example 15.00).") from exc
    if value < 0:
        raise ValueError("An amount cannot be negative.")
    return value


class RequestEditDialog(QDialog):
    """`changes()` holds only what the person changed, as `edit_request` expects."""

    def __init__(self, detail: RequestDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle(f"Edit {detail.row.number}")
        self.setAccessibleName(f"Edit request {detail.row.number}")
        self.citation = CitationFields(tuple(Format))
        self.citation.set_format(Format(detail.row.format))
        self.citation.set_citation(detail.citation)
        self.need_before = NeedBeforeField()
        self.need_before.set_value(detail.row.need_before)
        self.max_cost = QLineEdit("" if detail.max_cost is None else f"{detail.max_cost:.2f}")
        self.max_cost.setAccessibleName("Maximum cost")
        self.call_number = QLineEdit(detail.call_number)
        self.call_number.setAccessibleName("Call number")
        self.location = QLineEdit(detail.location)
        self.location.setAccessibleName("Location")
        self.lender_reference = QLineEdit(detail.lender_reference)
        self.lender_reference.setAccessibleName("Other library's reference")
        self.note = QPlainTextEdit(detail.note)
        self.note.setAccessibleName("Staff note, never shown to the patron")
        self.note.setFixedHeight(60)
        self.patron_note = QPlainTextEdit(detail.patron_note)
        self.patron_note.setAccessibleName("Note for the patron")
        self.patron_note.setFixedHeight(60)
        other = QGroupBox("Request")
        form = QFormLayout(other)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow("Need before:", self.need_before)
        form.addRow("Maximum cost:", self.max_cost)
        form.addRow("Call number:", self.call_number)
        form.addRow("Location:", self.location)
        form.addRow("Other library's reference:", self.lender_reference)
        form.addRow("Staff note\n(never shown to the patron):", self.note)
        form.addRow("Note for the patron:", self.patron_note)
        cited = QGroupBox("Citation")
        QVBoxLayout(cited).addWidget(self.citation)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(cited, 3)
        columns.addWidget(other, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self._changes: dict[str, Any] = {}
        self.setMinimumWidth(1000)

    def changes(self) -> dict[str, Any]:
        return dict(self._changes)

    def _collect(self) -> dict[str, Any] | None:
        cleaned, problem = self.citation.validate()
        if cleaned is None:
            self.problem.setText(problem)
            return None
        try:
            max_cost = parse_money(self.max_cost.text())
        except ValueError as exc:
            self.problem.setText(str(exc))
            return None
        d = self.detail
        wanted: dict[str, Any] = {
            **cleaned.as_dict(),
            "format": self.citation.format.value,
            "need_before": self.need_before.value(),
            "max_cost": max_cost,
            "call_number": self.call_number.text().strip(),
            "location": self.location.text().strip(),
            "lender_reference": self.lender_reference.text().strip(),
            "note": self.note.toPlainText().strip(),
            "patron_note": self.patron_note.toPlainText().strip(),
        }
        current: dict[str, Any] = {
            **d.citation.as_dict(),
            "format": d.row.format,
            "need_before": d.row.need_before,
            "max_cost": d.max_cost,
            "call_number": d.call_number,
            "location": d.location,
            "lender_reference": d.lender_reference,
            "note": d.note,
            "patron_note": d.patron_note,
        }
        return {k: v for k, v in wanted.items() if v != current[k]}

    def _on_buttons_accepted(self) -> None:
        changes = self._collect()
        if changes is None:
            return
        self._changes = changes
        self.accept()
