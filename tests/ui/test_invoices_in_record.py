"""Recording invoices in from the Money window: a lender's and the courier's, checked at once
and listed to approve; a badly typed line is told in words and nothing is recorded."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog

from illdesk.services.money import courier_invoices, lender_invoices
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui import invoice_in_dialogs
from illdesk.ui.invoice_in_dialogs import BilledLinesError, billed_lines
from tests.ui.helpers import TIMEOUT, status_of


def test_billed_lines_read_number_and_amount_and_name_a_bad_line() -> None:
    assert billed_lines("B-26-000001 15.00\n\nB-26-000002=4.50\n") == [
        ("B-26-000001", "15.00"),
        ("B-26-000002", "4.50"),
    ]
    with pytest.raises(BilledLinesError, match=r"Line 2 .*e\.g\. L-26-000123 15\.00"):
        billed_lines("B-26-000001 15.00\nB-26-000002")
    with pytest.raises(BilledLinesError, match="Name the requests"):
        billed_lines("  \n")


def _money_window(qtbot, window):
    from illdesk.ui import money_window

    window.act_money.trigger()
    dialog = window.dialog
    assert isinstance(dialog, money_window.MoneyWindow)
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=TIMEOUT)
    dialog.open_list("to_approve")
    return dialog


def test_a_lenders_invoice_is_recorded_from_the_window(qtbot, window, demo_db, monkeypatch) -> None:
    win = window
    win.select_queue("b-out")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "checked_out", timeout=TIMEOUT)
    number, lender = win.detail.row.number, win.detail.row.library
    assert lender
    dialog = _money_window(qtbot, win)
    tab = dialog.to_approve
    before = tab.table.rowCount()
    typed = {"requests": f"{number}\n"}

    def fill(form: invoice_in_dialogs.LenderInvoiceDialog) -> int:
        form.symbol.setText(lender)
        form.number.setText("UI-LEND-77")
        form.amount.setText("12.00")
        form.requests.setPlainText(typed["requests"])
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(invoice_in_dialogs.LenderInvoiceDialog, "exec", fill)
    tab.lender_button.click()  # a line without its amount: told, nothing recorded
    assert "Line 1" in tab.status.text()
    typed["requests"] = f"{number} 12.00\n"
    tab.lender_button.click()
    qtbot.waitUntil(lambda: "UI-LEND-77 recorded" in tab.status.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.table.rowCount() == before + 1, timeout=TIMEOUT)
    recorded = [
        v
        for v in lender_invoices.list_invoices(UnitOfWork(demo_db, read_only=True))
        if v.their_number == "UI-LEND-77"
    ]
    assert len(recorded) == 1 and recorded[0].lines == ((number, recorded[0].amount),)
    tab.lender_button.click()  # the same number again: refused in words
    qtbot.waitUntil(lambda: "already" in tab.status.text(), timeout=TIMEOUT)
    dialog.close()


def test_a_courier_invoice_is_recorded_from_the_window(qtbot, window, demo_db, monkeypatch) -> None:
    dialog = _money_window(qtbot, window)
    tab = dialog.to_approve
    before = tab.table.rowCount()

    def fill(form: invoice_in_dialogs.CourierInvoiceDialog) -> int:
        form.courier.setText("Empire Library Delivery")
        form.number.setText("UI-ELD-5")
        form.counts["stops"].setValue(3)
        form.amount.setText("11.46")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(invoice_in_dialogs.CourierInvoiceDialog, "exec", fill)
    tab.courier_button.click()
    qtbot.waitUntil(lambda: "UI-ELD-5 recorded" in tab.status.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: tab.table.rowCount() == before + 1, timeout=TIMEOUT)
    (view,) = [
        v
        for v in courier_invoices.list_invoices(UnitOfWork(demo_db, read_only=True))
        if v.their_number == "UI-ELD-5"
    ]
    today = date.today()
    assert view.last < today.replace(day=1) and view.first.day == 1  # last month by default
    assert view.stops == 3 and str(view.amount) == "11.46"
    dialog.close()
