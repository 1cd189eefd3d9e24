"""Paying back a credit from the Money window; the request's Charges tab says it was paid back."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QDialog

from illdesk.services.desk import requests
from illdesk.services.money import accounts, payments
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui import money_window
from tests.ui.helpers import TIMEOUT, status_of


def _lost_paid_then_found(db, number: str) -> str:
    """The patron pays for the lost item, then it is found: their card, now in credit."""
    requests.perform(UnitOfWork(db), number, "mark_lost")
    card = accounts.request_money(UnitOfWork(db, read_only=True), number).payer
    owed = accounts.show_account(UnitOfWork(db, read_only=True), card).balance
    payments.add_payment(UnitOfWork(db), card, str(owed), "UI-CASH-7", method="cash")
    requests.perform(UnitOfWork(db), number, "lost_found")
    assert accounts.show_account(UnitOfWork(db, read_only=True), card).balance < 0
    return card


def test_a_credit_is_paid_back_from_the_money_window(qtbot, window, demo_db, monkeypatch) -> None:
    win = window
    win.select_queue("b-out")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "checked_out", timeout=TIMEOUT)
    number = win.detail.row.number
    card = _lost_paid_then_found(demo_db, number)

    win.act_money.trigger()
    dialog = win.dialog
    assert isinstance(dialog, money_window.MoneyWindow)
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=TIMEOUT)
    dialog.show_account(card)
    qtbot.waitUntil(lambda: dialog.account is not None, timeout=TIMEOUT)
    assert dialog.refund_button.isEnabled()
    credit = -dialog.account.balance
    offered: list[str] = []

    def fill(refund: money_window.RefundDialog) -> int:
        offered.append(refund.amount.text())
        refund.reference.setText("UI-OUR-CHQ-1")
        refund.request.setText(number)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(money_window.RefundDialog, "exec", fill)
    dialog.refund_button.click()
    qtbot.waitUntil(
        lambda: dialog.account is not None and dialog.account.balance == Decimal("0.00"),
        timeout=TIMEOUT,
    )
    assert offered == [str(credit)]  # the dialog offers the whole credit
    assert not dialog.refund_button.isEnabled()
    assert dialog.account.lines[-1].label == "Paid back"
    dialog.close()

    win.detail_panel.charges.show_request(number)
    tab = win.detail_panel.charges
    qtbot.waitUntil(lambda: "paid back" in tab.summary.text(), timeout=TIMEOUT)
    assert f"paid back {credit:,.2f}" in tab.summary.text()
    texts = [tab.table.item(i, 1).text() for i in range(tab.table.rowCount())]
    assert "Paid back" in texts


def test_a_statement_is_queued_from_the_money_window(qtbot, window, demo_db) -> None:
    from illdesk.services.notices import outbox

    window.act_money.trigger()
    dialog = window.dialog
    assert isinstance(dialog, money_window.MoneyWindow)
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=TIMEOUT)
    symbol = dialog.unpaid.item(0, 2).text()
    dialog.show_account(symbol)
    qtbot.waitUntil(lambda: dialog.account is not None, timeout=TIMEOUT)
    assert dialog.statement_button.isEnabled()
    dialog.statement_button.click()
    qtbot.waitUntil(lambda: "Statement of account" in dialog.account_note.text(), timeout=TIMEOUT)
    made = [
        n
        for n in outbox.list_notices(UnitOfWork(demo_db, read_only=True))
        if n.kind == "library_statement"
    ]
    assert len(made) == 1 and made[0].status == "queued"
    dialog.close()


def test_the_mark_lost_and_found_dialogs_state_the_amounts(qtbot, window) -> None:
    from PySide6.QtCore import Qt

    from illdesk.core.workflow import Action
    from illdesk.ui.action_dialog import ActionDialog
    from tests.ui.helpers import click_action

    win = window
    win.select_queue("b-out")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "checked_out", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: Action.MARK_LOST in win.detail_panel.action_buttons, timeout=TIMEOUT)
    qtbot.mouseClick(win.detail_panel.action_buttons[Action.MARK_LOST], Qt.MouseButton.LeftButton)
    dialog = win.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.waitUntil(lambda: "in all" in dialog.money.text(), timeout=TIMEOUT)
    assert "marking it lost charges the patron" in dialog.money.text()
    assert "Processing fee" in dialog.money.text()
    dialog.reject()
    click_action(qtbot, win, Action.MARK_LOST, "lost")
    qtbot.waitUntil(lambda: Action.LOST_FOUND in win.detail_panel.action_buttons, timeout=TIMEOUT)
    qtbot.mouseClick(win.detail_panel.action_buttons[Action.LOST_FOUND], Qt.MouseButton.LeftButton)
    found = win.dialog
    assert isinstance(found, ActionDialog)
    qtbot.waitUntil(lambda: "credits the patron" in found.money.text(), timeout=TIMEOUT)
    assert "Kept: Processing fee" in found.money.text()
    found.reject()
