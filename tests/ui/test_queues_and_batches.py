"""Every queue opens; sorting and filtering happen in SQL; batches report each refusal; a change
made at another workstation is shown, never overwritten."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from illdesk.core.queues import BUILT_IN
from illdesk.core.vocabulary import Direction, Format
from illdesk.core.workflow import Action
from illdesk.services.desk import queues as queue_service
from illdesk.services.desk import requests as request_service
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui.action_dialog import ActionDialog
from illdesk.ui.queue_model import COLUMN_INDEX, PAGE_SIZE
from tests.ui.helpers import TIMEOUT, status_of

BO = Actor(None, "Bo Brandt", "DESK-2")


def _open(qtbot, win, key):
    win.select_queue(key)
    qtbot.waitUntil(
        lambda: win.model.queue is not None and win.model.queue.key == key, timeout=TIMEOUT
    )
    qtbot.waitUntil(lambda: not win.model.loading, timeout=TIMEOUT)


def test_every_queue_opens_with_its_count_and_its_first_page(qtbot, window) -> None:
    win = window
    groups = [win.tree.topLevelItem(i).text(0) for i in range(5)]
    assert groups == ["Borrowing", "Lending", "Receiving", "Shipping", "Money"]
    empty = []
    for queue in BUILT_IN:
        _open(qtbot, win, queue.key)
        count = win.counts[queue.key]
        assert win.model.rowCount() == min(count, PAGE_SIZE), queue.title
        assert f"{count} requests" in win.queue_view.title.text()
        if count == 0:
            empty.append(queue.key)
    assert len(empty) <= 3, f"the demo should fill nearly every queue, empty: {empty}"


def test_scrolling_fetches_further_pages_and_never_more(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "b-completed")
    total = win.counts["b-completed"]
    assert total > PAGE_SIZE
    assert win.model.canFetchMore()
    win.queue_view.table.scrollToBottom()
    qtbot.waitUntil(
        lambda: win.model.rowCount() > PAGE_SIZE and not win.model.loading, timeout=TIMEOUT
    )
    while win.model.has_more:
        win.model.fetchMore()
        qtbot.waitUntil(lambda: not win.model.loading, timeout=TIMEOUT)
    assert win.model.rowCount() == total
    assert len({r.number for r in win.model.rows}) == total


def test_clicking_a_column_sorts_in_sql_and_unsortable_columns_do_nothing(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "b-completed")
    header = win.queue_view.table.horizontalHeader()
    header.sectionClicked.emit(COLUMN_INDEX["title"])
    qtbot.waitUntil(
        lambda: (
            win.model.sort_field == "title" and not win.model.loading and win.model.rowCount() > 0
        ),
        timeout=TIMEOUT,
    )
    titles = [r.title for r in win.model.rows]
    expected = [
        r.title
        for r in queue_service.queue_page(
            UnitOfWork(win.services.session.database, read_only=True),
            win.model.queue,
            sort="title",
            descending=False,
            limit=PAGE_SIZE,
        ).rows
    ]
    assert titles == expected
    header.sectionClicked.emit(COLUMN_INDEX["title"])
    qtbot.waitUntil(
        lambda: win.model.descending and not win.model.loading and win.model.rowCount() > 0,
        timeout=TIMEOUT,
    )
    assert win.model.rows[0].title >= win.model.rows[-1].title
    header.sectionClicked.emit(COLUMN_INDEX["patron"])
    assert win.model.sort_field == "title"
    assert header.sortIndicatorSection() == COLUMN_INDEX["title"]


def test_the_filter_box_narrows_the_queue(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "b-completed")
    number = win.model.rows[5].number
    qtbot.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert win.queue_view.filter.hasFocus()
    qtbot.keyClicks(win.queue_view.filter, number)
    qtbot.waitUntil(lambda: win.model.text == number and not win.model.loading, timeout=TIMEOUT)
    assert [r.number for r in win.model.rows] == [number]


def test_the_serial_alone_filters_and_the_heading_counts_what_the_filter_shows(
    qtbot, window
) -> None:
    win = window
    _open(qtbot, win, "b-completed")
    total = win.counts["b-completed"]
    assert total > 1
    number = win.model.rows[3].number
    serial = number.rsplit("-", 1)[1]
    win.queue_view.filter.setText(serial)
    qtbot.waitUntil(lambda: win.model.text == serial and not win.model.loading, timeout=TIMEOUT)
    assert number in [r.number for r in win.model.rows]
    shown = win.model.rowCount()
    assert f"{shown} of {total} requests" in win.queue_view.title.text()
    win.queue_view.filter.clear()
    qtbot.waitUntil(lambda: win.model.text == "" and not win.model.loading, timeout=TIMEOUT)
    assert win.queue_view.title.text().endswith(f"— {total} requests")


def test_overdue_rows_are_marked_in_words_and_colour(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "b-overdue")
    assert win.model.rowCount() > 0
    index = win.model.index(0, COLUMN_INDEX["attention"])
    assert win.model.data(index, Qt.ItemDataRole.DisplayRole).startswith("Overdue")
    assert win.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None
    assert win.model.data(index, Qt.ItemDataRole.DecorationRole) is not None


def _select_rows(win, count):
    table = win.queue_view.table
    table.clearSelection()
    for i in range(count):
        table.selectionModel().select(
            win.model.index(i, 0),
            table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
        )


def test_a_batch_action_reports_what_it_could_not_do(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "l-pull")
    count = min(win.model.rowCount(), 5)
    assert count >= 3
    _select_rows(win, count)
    assert win.queue_view.batch_button.isEnabled()
    labels = [a.text() for a in win.queue_view.batch_menu.actions()]
    assert f"Pull slip printed — {count} requests" in labels
    # Another workstation deals with one of them meanwhile: that one must be refused.
    stale = win.queue_view.selected_rows()[1].number
    request_service.perform(
        UnitOfWork(win.services.session.database, BO), stale, Action.PRINT_PULL_SLIP
    )
    menu_action = next(
        a for a in win.queue_view.batch_menu.actions() if a.text().startswith("Pull slip printed")
    )
    menu_action.trigger()
    dialog = win.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: getattr(win, "last_batch", None) is not None, timeout=TIMEOUT)
    outcome = win.last_batch
    assert len(outcome.done) == count - 1
    assert [n for n, _ in outcome.failed] == [stale]
    assert "Bo Brandt" in outcome.failed[0][1]
    assert isinstance(win.dialog, QMessageBox)
    assert stale in win.dialog.text()


def test_a_batch_with_a_reason_asks_once_and_can_be_stopped(qtbot, window, monkeypatch) -> None:
    win = window
    real_perform = request_service.perform

    def perform_then_press_stop(*args, **kwargs):
        result = real_perform(*args, **kwargs)
        win.batch.cancel()  # Stop pressed while the first request is under way
        return result

    monkeypatch.setattr(request_service, "perform", perform_then_press_stop)
    _open(qtbot, win, "l-stacks")
    count = min(win.model.rowCount(), 4)
    _select_rows(win, count)
    rows = win.queue_view.selected_rows()
    win.queue_view.batch_requested.emit(Direction.LENDING, Action.UNFILL, rows)
    dialog = win.dialog
    box = dialog.fields["reason"]
    box.setCurrentIndex(box.findText("Not on shelf"))
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: getattr(win, "last_batch", None) is not None, timeout=TIMEOUT)
    outcome = win.last_batch
    assert outcome.stopped
    assert len(outcome.done) == 1 < count
    assert "Stopped before the end" in outcome.summary()


def test_a_change_made_at_another_workstation_is_shown_and_never_overwritten(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "b-new")
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "new", timeout=TIMEOUT)
    number = win.detail.row.number
    seen_version = win.detail.row.version
    # Bo, at DESK-2, cancels it while Ann still looks at the old version.
    request_service.perform(
        UnitOfWork(win.services.session.database, BO),
        number,
        Action.CANCEL,
        {"reason": "patron_request"},
    )
    qtbot.mouseClick(win.detail_panel.action_buttons[Action.APPROVE], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(win.dialog, QMessageBox), timeout=TIMEOUT)
    box = win.dialog
    assert box.windowTitle() == "Changed at another workstation"
    assert "Bo Brandt" in box.text() and "DESK-2" in box.text()
    reload_button = next(b for b in box.buttons() if b.text() == "Reload the request")
    qtbot.mouseClick(reload_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.detail.row.version > seen_version, timeout=TIMEOUT)
    assert status_of(win) == "cancelled"  # Bo's change stands
    assert win.detail.history[-1].staff_name == "Bo Brandt"


def test_editing_validates_the_citation_and_saves_the_change(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "b-new")
    win.queue_view.table.selectRow(0)
    qtbot.waitUntil(lambda: status_of(win) == "new", timeout=TIMEOUT)
    version = win.detail.row.version
    qtbot.keyClick(win, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = win.dialog
    isbn = dialog.citation.edits["isbn"]
    dialog.citation.set_format(Format.BOOK)
    isbn.setText("0-7643-1418-4")  # wrong check digit
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "not a valid ISBN" in dialog.problem.text()
    isbn.setText("0-7643-1418-1")
    dialog.note.setPlainText("Patron will collect at the branch.")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.detail.row.version > version, timeout=TIMEOUT)
    assert win.detail.citation.isbn == "9780764314186"
    assert win.detail.note == "Patron will collect at the branch."
    assert win.detail.patron_note != win.detail.note


def test_every_control_of_the_window_has_a_name_for_screen_readers(window) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTableView, QTreeWidget

    controls = [
        w
        for kind in (QLineEdit, QTableView, QTreeWidget, QAbstractButton)
        for w in window.findChildren(kind)
    ]
    unnamed = [
        w
        for w in controls
        if w.isVisible()
        and not (w.accessibleName() or getattr(w, "text", lambda: "")())
        and w.objectName() != "qt_toolbar_ext_button"
    ]
    assert unnamed == []


def test_a_supervisor_adds_a_custom_queue_and_every_desk_sees_it(qtbot, window) -> None:
    from illdesk.core.workflow import Status
    from illdesk.ui.custom_queue import CustomQueueDialog

    win = window
    win.act_custom_queue.trigger()
    dialog = win.dialog
    assert isinstance(dialog, CustomQueueDialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "tick at least one status" in dialog.problem.text()
    qtbot.keyClicks(dialog.title, "Loans held for patrons")
    dialog.check_status(Status.ON_HOLD_SHELF)
    dialog.check_status(Status.CHECKED_OUT)
    dialog.service.setCurrentIndex(dialog.service.findData("loan"))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "custom-loans-held-for-patrons" in win.queues, timeout=TIMEOUT)
    qtbot.waitUntil(
        lambda: (
            win.model.queue is not None
            and win.model.queue.key == "custom-loans-held-for-patrons"
            and not win.model.loading
        ),
        timeout=TIMEOUT,
    )
    expected = win.counts["b-hold"] + win.counts["b-out"]
    assert win.counts["custom-loans-held-for-patrons"] == expected
    assert win.model.rowCount() == min(expected, PAGE_SIZE)
    saved = queue_service.all_queues(UnitOfWork(win.services.session.database, read_only=True))
    assert saved[-1].title == "Loans held for patrons"
    borrowing = win.tree.topLevelItem(0)
    titles = [borrowing.child(i).text(0) for i in range(borrowing.childCount())]
    assert titles[-1] == "Loans held for patrons"
