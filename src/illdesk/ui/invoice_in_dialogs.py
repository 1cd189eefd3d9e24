"""Dialogs to record an invoice in: from a lender (the requests it bills, one a line) and from
the courier (its period, stops, bins, items and total). Keyboard-first: typed top to bottom,
Enter saves. They only lay out and read what was typed; the Money window's tab asks the
services."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from illdesk.ui.dialog_buttons import save_cancel_buttons


class BilledLinesError(ValueError):
    """A line of the billed requests that cannot be read; the message is for staff."""


def billed_lines(text: str) -> list[tuple[str, str]]:
    """(request number, amount) from lines such as "L-26-000123 15.00" or "B-26-7=4.50";
    blank lines are skipped (raises BilledLinesError naming the line)."""
    out: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.replace("=", " ").replace("\t", " ").split()
        if not parts:
            continue
        if len(parts) != 2:
            raise BilledLinesError(
                f"Line {number} of the requests (“{line.strip()}”): write the request number "
                "and the amount it bills, e.g. L-26-000123 15.00."
            )
        out.append((parts[0], parts[1]))
    if not out:
        raise BilledLinesError("Name the requests it bills, one a line: number and amount.")
    return out


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def picked(edit: QDateEdit) -> date:
    """The day a date box shows."""
    shown = edit.date()
    return date(shown.year(), shown.month(), shown.day())


class LenderInvoiceDialog(QDialog):
    """A lender's invoice: who sent it, its number and total, when it came, what it bills."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a lender's invoice")
        self.symbol = QLineEdit()
        self.symbol.setPlaceholderText("the lender's symbol, e.g. WAU")
        self.number = QLineEdit()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("the invoice total, e.g. 45.00")
        self.received = _date_edit(today)
        self.requests = QPlainTextEdit()
        self.requests.setTabChangesFocus(True)
        self.requests.setPlaceholderText(
            "One a line: our request number and the amount\nB-26-000123 15.00"
        )
        form = QFormLayout(self)
        form.addRow("&Lender (symbol)", self.symbol)
        form.addRow("Their invoice &number", self.number)
        form.addRow("&Total", self.amount)
        form.addRow("&Received on", self.received)
        form.addRow("Re&quests it bills", self.requests)
        form.addRow(save_cancel_buttons(self))


class CourierInvoiceDialog(QDialog):
    """A courier's invoice: the courier, its number, the days it bills, what it counts, total."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a courier invoice")
        last_month_end = today.replace(day=1) - timedelta(days=1)
        self.courier = QLineEdit()
        self.courier.setPlaceholderText("the courier's name, as on the invoice")
        self.number = QLineEdit()
        self.first = _date_edit(last_month_end.replace(day=1))
        self.last = _date_edit(last_month_end)
        self.counts = {name: QSpinBox() for name in ("stops", "bins", "items")}
        for box in self.counts.values():
            box.setRange(0, 1_000_000)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("the invoice total, e.g. 191.00")
        self.received = _date_edit(today)
        form = QFormLayout(self)
        form.addRow("&Courier", self.courier)
        form.addRow("Their invoice &number", self.number)
        form.addRow("&From (first day billed)", self.first)
        form.addRow("T&o (last day billed)", self.last)
        form.addRow("&Stops billed", self.counts["stops"])
        form.addRow("&Bins billed", self.counts["bins"])
        form.addRow("&Items billed", self.counts["items"])
        form.addRow("&Total", self.amount)
        form.addRow("&Received on", self.received)
        form.addRow(save_cancel_buttons(self))
