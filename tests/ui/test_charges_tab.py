"""The Charges tab: a request's money in the detail, a charge and a waiver from it, both in
the request's history."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from illdesk.ui import charges_tab
from tests.ui.helpers import TIMEOUT, status_of


def test_a_charge_added_in_the_tab_shows_there_and_in_the_history(
    qtbot, window, monkeypatch
) -> None:
    win = window
    win.select_queue("b-ready")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "ready_to_send", timeout=TIMEOUT)
    tab = win.detail_panel.charges
    qtbot.waitUntil(lambda: tab.shown is not None, timeout=TIMEOUT)
    before = tab.table.rowCount()

    def fill_charge(dialog: charges_tab.ChargeDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData("damage"))
        dialog.amount.setText("12.50")
        dialog.reason.setText("Coffee stain")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(charges_tab.ChargeDialog, "exec", fill_charge)
    version = win.detail.row.version
    tab.add_button.click()
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    assert win.detail.history[-1].action == "charge"
    qtbot.waitUntil(lambda: tab.table.rowCount() == before + 1, timeout=TIMEOUT)
    assert "12.50" in tab.table.item(before, 2).text()
    assert "Damage" in tab.table.item(before, 1).text()

    def fill_waiver(dialog: charges_tab.WaiveDialog) -> int:
        dialog.reason.setText("Was there before")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(charges_tab.WaiveDialog, "exec", fill_waiver)
    tab.table.selectRow(before)
    version = win.detail.row.version
    tab.waive_button.click()
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    assert win.detail.history[-1].action == "waive"
    qtbot.waitUntil(lambda: tab.table.rowCount() == before + 2, timeout=TIMEOUT)
    assert "Owed on this request" in tab.summary.text()


def test_the_money_window_lists_what_is_owed_and_records_a_payment(
    qtbot, window, monkeypatch
) -> None:
    from illdesk.ui import money_window

    win = window
    win.act_money.trigger()
    dialog = win.dialog
    assert isinstance(dialog, money_window.MoneyWindow)
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=TIMEOUT)
    # The demo leaves unpaid and disputed invoices.
    assert dialog.unpaid.rowCount() > 0 and dialog.disputed.rowCount() == 1
    symbol = dialog.unpaid.item(0, 2).text()
    number = dialog.unpaid.item(0, 0).text()
    owed = dialog.unpaid.item(0, 5).text()
    dialog.show_account(symbol)
    qtbot.waitUntil(lambda: dialog.account is not None, timeout=TIMEOUT)
    before = dialog.account.balance

    def fill(payment: money_window.PaymentDialog) -> int:
        payment.amount.setText(owed)
        payment.reference.setText("UI-CHQ-1")
        payment.invoice.setText(number)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(money_window.PaymentDialog, "exec", fill)
    dialog.pay_button.click()
    qtbot.waitUntil(
        lambda: dialog.account is not None and dialog.account.balance != before, timeout=TIMEOUT
    )
    qtbot.waitUntil(
        lambda: all(
            dialog.unpaid.item(i, 0).text() != number for i in range(dialog.unpaid.rowCount())
        ),
        timeout=TIMEOUT,
    )
    dialog.close()


def test_claims_returned_from_the_tab_is_in_the_history(qtbot, window, monkeypatch) -> None:
    win = window
    win.select_queue("b-out")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "checked_out", timeout=TIMEOUT)
    tab = win.detail_panel.charges
    qtbot.waitUntil(lambda: tab.shown is not None, timeout=TIMEOUT)
    monkeypatch.setattr(
        charges_tab.QInputDialog, "getText", lambda *_a, **_k: ("Book drop, Monday", True)
    )
    version = win.detail.row.version
    tab.claim_button.click()
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    assert win.detail.history[-1].action == "claims_returned"
    assert status_of(win) == "checked_out"  # nothing else changes: billing waits


def test_enter_in_the_account_box_only_looks_up(qtbot, window, monkeypatch) -> None:
    from PySide6.QtCore import Qt

    from illdesk.ui import money_window

    opened: list[str] = []
    monkeypatch.setattr(
        money_window.PaymentDialog, "exec", lambda payment: opened.append("payment") or 0
    )
    window.act_money.trigger()
    dialog = window.dialog
    assert isinstance(dialog, money_window.MoneyWindow)
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=TIMEOUT)
    symbol = dialog.unpaid.item(0, 2).text()
    account_tab = next(
        i for i in range(dialog.tabs.count()) if dialog.tabs.widget(i).isAncestorOf(dialog.who)
    )
    dialog.tabs.setCurrentIndex(account_tab)
    qtbot.waitUntil(dialog.who.isVisible, timeout=TIMEOUT)
    dialog.who.setFocus()
    qtbot.keyClicks(dialog.who, symbol)
    qtbot.keyClick(dialog.who, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.account is not None, timeout=TIMEOUT)
    assert opened == [] and dialog.isVisible()
    # A real keyboard's Enter reaches the dialog too, which presses its default button: so
    # no button of the window may become the default.
    from PySide6.QtWidgets import QPushButton

    assert [b.text() for b in dialog.findChildren(QPushButton) if b.autoDefault()] == []
    dialog.close()
