"""Undo in the desk window reverses only what this person did in this session, or asks first;
the detail panel follows the queue on screen."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from illdesk.services.desk import requests as request_service
from illdesk.store.unit_of_work import UnitOfWork
from tests.ui.helpers import TIMEOUT, settle, status_of


def _open_first(qtbot, win, key: str) -> str:
    win.select_queue(key)
    qtbot.waitUntil(
        lambda: win.model.queue is not None and win.model.queue.key == key, timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: win.model.rowCount() > 0 and not win.model.loading, timeout=TIMEOUT)
    win.queue_view.table.setFocus()
    win.queue_view.table.selectRow(0)
    number = win.model.rows[0].number
    qtbot.waitUntil(
        lambda: win.detail is not None and win.detail.row.number == number, timeout=TIMEOUT
    )
    return number


def _last_event(db, number: str):
    return request_service.get_detail(UnitOfWork(db, read_only=True), number).history[-1]


def test_the_detail_panel_follows_the_queue_shown(qtbot, window) -> None:
    win = window
    lending = _open_first(qtbot, win, "l-stacks")
    win.select_queue("b-transit")
    qtbot.waitUntil(lambda: win.model.queue.key == "b-transit", timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not win.model.loading, timeout=TIMEOUT)
    settle()
    assert win.detail is None and win.detail_panel.detail is None
    assert not win.act_undo.isEnabled()
    assert lending not in win.detail_panel.heading.full_text()
    # Nothing of it stays on screen, not even greyed out.
    assert win.detail_panel.history.rowCount() == 0
    assert win.detail_panel.who.form.rowCount() == 0
    # A queue that lists the request keeps it in the panel, selected.
    on_loan = _open_first(qtbot, win, "l-loan")
    win.select_queue("r-lent")
    qtbot.waitUntil(lambda: win.model.queue.key == "r-lent", timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: win.detail is not None and win.detail.row.number == on_loan, timeout=TIMEOUT
    )
    assert win.queue_view.current_row() is not None
    assert win.queue_view.current_row().number == on_loan


def test_ctrl_z_on_a_colleagues_old_action_asks_naming_who_and_when(qtbot, window, demo_db) -> None:
    win = window
    number = _open_first(qtbot, win, "l-stacks")
    before = _last_event(demo_db, number)
    assert (before.staff_name, before.workstation) != (
        win.services.session.actor.staff_name,
        win.services.session.actor.workstation,
    )
    status = status_of(win)
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(win.dialog, QMessageBox), timeout=TIMEOUT)
    box = win.dialog
    text = box.text()
    assert before.action_label in text and (before.staff_name or "someone") in text
    assert before.at.astimezone().strftime("%d %b %Y") in text
    # Enter takes the default, "Keep it": nothing is undone.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    settle()
    assert _last_event(demo_db, number).id == before.id and status_of(win) == status
    # Asked again and answered "Undo": exactly that action is reversed.
    win.act_undo.trigger()
    qtbot.waitUntil(lambda: isinstance(win.dialog, QMessageBox), timeout=TIMEOUT)
    undo = next(b for b in win.dialog.buttons() if b.text().startswith("Undo"))
    version = win.detail.row.version
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    after = _last_event(demo_db, number)
    assert after.action == "undo"
    history = {e.id: e for e in win.detail.history}
    assert history[before.id].undone


def test_ctrl_z_on_my_own_action_of_this_session_undoes_without_asking(
    qtbot, window, demo_db
) -> None:
    win = window
    number = _open_first(qtbot, win, "l-stacks")
    version = win.detail.row.version
    request_service.perform(UnitOfWork(demo_db, win.services.session.actor), number, "found")
    win.reload_detail()
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    version = win.detail.row.version
    qtbot.keyClick(win, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    assert win.dialog is None
    assert status_of(win) == "stacks_search"
    assert _last_event(demo_db, number).action == "undo"


def test_the_reported_sequence_undoes_the_scan_and_not_the_colleagues_action(
    qtbot, window, demo_db
) -> None:
    """Lending request open, switch to Borrowing ▸ In transit, receive a scan at the desk,
    click the queue list, Ctrl+Z: the scan is undone, the colleague's action is not."""
    from illdesk.app import attach_scan_desk

    win = window
    desk = attach_scan_desk(win, win.services)
    try:
        lending = _open_first(qtbot, win, "l-stacks")
        colleagues = _last_event(demo_db, lending)
        win.select_queue("b-transit")
        qtbot.waitUntil(lambda: win.model.queue.key == "b-transit", timeout=TIMEOUT)
        qtbot.waitUntil(lambda: win.model.rowCount() > 0 and not win.model.loading, timeout=TIMEOUT)
        number = win.model.rows[0].number
        with qtbot.waitSignal(desk.result_shown, timeout=TIMEOUT) as received:
            desk.submit_scan(number)
        assert received.args[0].action == "receive"
        win.tree.setFocus()
        assert win.detail is None
        with qtbot.waitSignal(desk.result_shown, timeout=TIMEOUT) as undone:
            qtbot.keyClick(win.tree, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert undone.args[0].headline == "Last scan undone"
        assert request_service.get_detail(UnitOfWork(demo_db), number).row.status == "shipped"
        assert _last_event(demo_db, lending).id == colleagues.id  # untouched
    finally:
        settle()
        desk.shutdown()
