"""A borrowing loan and a lending loan taken through their whole lives with the desk window's
forms, buttons and dialogs only."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from illdesk.core.vocabulary import PatronStatus
from illdesk.core.workflow import Action
from illdesk.services.directory import entries as directory
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.request_form import RequestForm
from tests.ui.helpers import TIMEOUT, click_action, status_of


def _active_patron(db):
    patrons = directory.search_patrons(UnitOfWork(db, read_only=True), "")
    return next(p for p in patrons if p.status == PatronStatus.ACTIVE.value)


def _lender_symbols(db, count):
    return [
        lib.symbol for lib in directory.list_libraries(UnitOfWork(db, read_only=True)) if lib.active
    ][:count]


def test_a_borrowing_loan_from_entry_to_completed(qtbot, window, demo_db) -> None:
    win = window
    patron = _active_patron(demo_db)
    first, second = _lender_symbols(demo_db, 2)
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = win.dialog
    assert isinstance(form, RequestForm)
    qtbot.keyClicks(form.citation.edits["title"], "Salmon and Rivers of the Columbia")
    qtbot.keyClicks(form.citation.edits["author"], "Hughes, Ana")
    qtbot.keyClicks(form.patron_input, patron.card_barcode)
    qtbot.keyClick(form.patron_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.patron is not None, timeout=TIMEOUT)
    assert patron.display_name in form.patron_found.text()
    assert form.lenders is not None
    qtbot.waitUntil(lambda: bool(form.lenders.libraries), timeout=TIMEOUT)
    for symbol in (first, second):
        form.lenders.directory_box.setEditText(symbol)
        qtbot.mouseClick(form.lenders.add_button, Qt.MouseButton.LeftButton)
    assert form.lenders.symbols() == [first, second]
    save = form.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status_of(win) == "new", timeout=TIMEOUT)
    number = win.detail.row.number
    assert win.detail.citation.title == "Salmon and Rivers of the Columbia"
    assert [e.symbol for e in win.detail.rota] == [first, second]

    click_action(qtbot, win, Action.APPROVE, "ready_to_send")
    click_action(qtbot, win, Action.SEND, "sent")
    assert win.detail.rota[0].answer.value == "pending"

    def unfilled(dialog):
        box = dialog.fields["reason"]
        box.setCurrentIndex(box.findText("Not on shelf"))

    click_action(qtbot, win, Action.LENDER_UNFILLED, "sent", unfilled)
    assert [e.answer.value for e in win.detail.rota] == ["unfilled", "pending"]
    click_action(qtbot, win, Action.LENDER_SHIPPED, "shipped")

    due = date.today() + timedelta(days=40)

    def receive(dialog):
        dialog.fields["lender_due_date"].set_value(due)
        qtbot.keyClicks(dialog.fields["temp_barcode"], "RVB0001")

    click_action(qtbot, win, Action.RECEIVE, "on_hold_shelf", receive)
    assert win.detail.row.lender_due_date == due
    assert win.detail.row.patron_due_date is not None
    assert win.detail.row.patron_due_date < due
    assert win.detail.temp_barcode == "RVB0001"
    click_action(qtbot, win, Action.CHECK_OUT, "checked_out")
    click_action(qtbot, win, Action.RENEW_ASK, "checked_out")
    assert win.detail.row.renewal_pending

    def renewed(dialog):
        dialog.fields["new_due_date"].edit.setDate(QDate(due + timedelta(days=21)))

    click_action(qtbot, win, Action.RENEW_APPROVED, "checked_out", renewed)
    assert win.detail.row.lender_due_date == due + timedelta(days=21)
    click_action(qtbot, win, Action.PATRON_RETURN, "returned")
    click_action(qtbot, win, Action.RETURN_TO_LENDER, "completed")
    assert win.detail.actions == ()
    assert len(win.detail.history) == 11
    # The panel's history shows the request's notices among its changes.
    assert win.detail_panel.history.rowCount() == len(win.detail.timeline)
    assert len(win.detail.timeline) == 11 + len(win.detail.notices)
    assert win.detail.row.number == number


def test_undo_by_keyboard_puts_the_request_back(qtbot, window, demo_db) -> None:
    win = window
    win.select_queue("b-ready")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.setFocus()
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "ready_to_send", timeout=TIMEOUT)
    if Action.SEND not in win.detail_panel.action_buttons:
        return  # the first request has no lender left: nothing to send, nothing to undo
    click_action(qtbot, win, Action.SEND, "sent")
    version = win.detail.row.version
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    assert status_of(win) == "ready_to_send"
    assert win.detail.history[-1].action == "undo"


def test_a_lending_loan_from_entry_to_checked_in(qtbot, window, demo_db) -> None:
    win = window
    # a partner at home: the demo's lending policy accepts its requests on arrival
    symbol = next(
        lib.symbol
        for lib in directory.list_libraries(UnitOfWork(demo_db, read_only=True))
        if lib.active and lib.group_name != "international"
    )
    qtbot.keyClick(win, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    form = win.dialog
    assert isinstance(form, RequestForm)
    assert form.library_box is not None
    qtbot.waitUntil(lambda: form.library_box.count() > 0, timeout=TIMEOUT)
    form.library_box.setEditText(symbol)
    qtbot.keyClicks(form.citation.edits["title"], "Quilts of the Oregon Trail")
    qtbot.keyClicks(form.call_number, "NK9112 .Q5 1999")
    qtbot.keyClicks(form.reference, "THEIR-77")
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: status_of(win) == "pull_slip", timeout=TIMEOUT)
    assert "Lending rule" in " ".join(e.summary for e in win.detail.history)
    assert win.detail.row.direction == "lending"
    assert win.detail.library is not None and win.detail.library.symbol == symbol
    assert win.detail.lender_reference == "THEIR-77"

    click_action(qtbot, win, Action.PRINT_PULL_SLIP, "stacks_search")
    click_action(
        qtbot,
        win,
        Action.FOUND,
        "to_ship",
        lambda d: qtbot.keyClicks(d.fields["item_barcode"], "31234000456789"),
    )
    assert win.detail.item_barcode == "31234000456789"
    click_action(qtbot, win, Action.SHIP, "on_loan")
    assert win.detail.row.lender_due_date is not None
    click_action(qtbot, win, Action.RENEW_ASK, "on_loan")
    click_action(qtbot, win, Action.RENEW_APPROVED, "on_loan")
    assert not win.detail.row.renewal_pending
    click_action(qtbot, win, Action.CHECK_IN, "completed")
    assert win.detail.row.status_label == "Returned / completed"


def test_an_action_dialog_refuses_to_go_on_without_a_required_reason(qtbot, window) -> None:
    win = window
    win.select_queue("b-waiting")
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=TIMEOUT)
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: Action.CANCEL in win.detail_panel.action_buttons, timeout=TIMEOUT)
    qtbot.mouseClick(win.detail_panel.action_buttons[Action.CANCEL], Qt.MouseButton.LeftButton)
    dialog = win.dialog
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert "Reason" in dialog.problem.text()
    labels = [dialog.fields["reason"].itemText(i) for i in range(dialog.fields["reason"].count())]
    assert "Need-before date passed" in labels
    dialog.reject()
