"""Buy instead orders (Directory ▸ Buy instead orders…): the requests the purchase rules sent to
Buy instead, with their orders; an order recorded (vendor, price, order number, expected date)
and the bought item marked arrived, which puts it on the hold shelf for its patron.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from illdesk.ui.alive import while_alive
from illdesk.ui.edit_dialog import parse_money
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.table_setup import (
    MessageLine,
    button_row,
    chosen_row,
    fill_table,
    push_button,
    read_only_table,
)

COLUMNS = ("Request", "Title", "Vendor", "Price", "Order number", "Ordered", "Expected")


def _purchase() -> Any:
    from illdesk.services.rules import purchase  # noqa: PLC0415

    return purchase


def _day(text: str) -> date | None:
    """A date typed as 2026-12-20 (None when empty); ValueError in words."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"“{text}” is not a date: type it as 2026-12-20.") from exc


class PurchaseOrders(QDialog):
    """The Buy instead queue with its orders, and what staff record about the chosen one."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle("Buy instead orders")
        self.setAccessibleName("Buy instead orders")
        self.lines: list[Any] = []
        self.table = read_only_table(COLUMNS, "Requests to buy, with their orders", stretch=1)
        self.fields: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label, hint in (
            ("vendor", "&Vendor", "who the item is bought from"),
            ("price", "&Price", "e.g. 34.95"),
            ("order_number", "&Order number", "the vendor's or the acquisitions number"),
            ("expected_on", "&Expected", "e.g. 2026-12-20 (optional)"),
        ):
            edit = QLineEdit()
            edit.setAccessibleName(label.replace("&", ""))
            edit.setPlaceholderText(hint)
            self.fields[key] = edit
            form.addRow(f"{label}:", edit)
        self.record = push_button("&Record the order", self.record_order)
        self.arrived = push_button("Bought item &arrived", self.mark_arrived)
        row = button_row(self.record, self.arrived)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.resize(980, 560)
        self.reload()

    def say(self, words: str, problem: bool = False) -> None:
        self.message.say(words, problem)

    def reload(self) -> None:
        self.services.query(
            lambda s: _purchase().queue(s.read()),
            while_alive(self, self._on_loaded),
            while_alive(self, lambda exc: self.say(str(exc), problem=True)),
        )

    def _on_loaded(self, lines: list[Any]) -> None:
        self.lines = lines
        fill_table(
            self.table,
            (
                (
                    line.number,
                    line.title,
                    line.vendor or "not ordered yet",
                    "" if line.price is None else f"{line.price:.2f}",
                    line.order_number,
                    str(line.ordered_on or ""),
                    str(line.expected_on or ""),
                )
                for line in lines
            ),
        )
        if not lines:
            self.say("Nothing waits in Buy instead.")

    def chosen(self) -> Any | None:
        row = chosen_row(self.table)
        return self.lines[row] if row is not None else None

    def record_order(self) -> None:
        line = self.chosen()
        if line is None:
            self.say("Choose a request in the list first.", problem=True)
            return
        try:
            price = parse_money(self.fields["price"].text())
            expected = _day(self.fields["expected_on"].text())
        except ValueError as exc:
            self.say(f"{exc} Nothing was recorded.", problem=True)
            return
        order = _purchase().Order(
            vendor=self.fields["vendor"].text().strip(),
            price=price,
            order_number=self.fields["order_number"].text().strip(),
            expected_on=expected,
        )
        self._change(lambda s: _purchase().buy_instead(s.write(), line.number, order), line)

    def mark_arrived(self) -> None:
        line = self.chosen()
        if line is None:
            self.say("Choose a request in the list first.", problem=True)
            return
        self._change(lambda s: _purchase().arrived(s.write(), line.number), line)

    def _change(self, work: Any, line: Any) -> None:
        self.services.change(
            work,
            while_alive(self, self._on_done),
            while_alive(self, lambda exc: self.say(f"{line.number}: {exc}", problem=True)),
        )

    def _on_done(self, told: str) -> None:
        for edit in self.fields.values():
            edit.clear()
        self.reload()
        self.say(told)
