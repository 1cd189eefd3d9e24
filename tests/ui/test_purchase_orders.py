"""Buy instead orders in the window: an order recorded with the request's action, a wrong
price refused in words, and the bought item put on the hold shelf when it arrives."""

from __future__ import annotations

from PySide6.QtCore import Qt

from illdesk.services.desk import requests
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.purchase_orders import PurchaseOrders
from tests.ui.helpers import TIMEOUT


def test_an_order_is_recorded_then_the_item_arrives(qtbot, window, demo_db) -> None:
    window.act_purchases.trigger()
    dialog = window.dialog
    assert isinstance(dialog, PurchaseOrders)
    qtbot.waitUntil(lambda: any(not line.vendor for line in dialog.lines), timeout=TIMEOUT)
    row = next(i for i, line in enumerate(dialog.lines) if not line.vendor)
    number = dialog.lines[row].number
    dialog.table.selectRow(row)
    qtbot.keyClicks(dialog.fields["vendor"], "Cascade Book Supply")
    qtbot.keyClicks(dialog.fields["price"], "twenty")
    qtbot.mouseClick(dialog.record, Qt.MouseButton.LeftButton)
    assert "not an amount" in dialog.message.text()
    dialog.fields["price"].setText("24.95")
    dialog.fields["expected_on"].setText("2026-12-20")
    qtbot.mouseClick(dialog.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(line.number == number and line.vendor for line in dialog.lines),
        timeout=TIMEOUT,
    )
    line = next(line for line in dialog.lines if line.number == number)
    assert str(line.price) == "24.95" and str(line.expected_on) == "2026-12-20"
    dialog.table.selectRow([line.number for line in dialog.lines].index(number))
    qtbot.mouseClick(dialog.arrived, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: number not in [line.number for line in dialog.lines], timeout=TIMEOUT)
    detail = requests.get_detail(UnitOfWork(demo_db, read_only=True), number)
    assert detail.state.status.value == "on_hold_shelf"
    dialog.close()
