"""The Money group of the queue tree (issue 11): its counts on the demo's money, and a click
opening the Money window on that list; moving past it with the arrows opens nothing."""

from __future__ import annotations

from illdesk.services.money import overview
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork
from illdesk.ui import invoices_in_tab, money_queues, money_window
from tests.ui.helpers import TIMEOUT


def test_the_ui_names_the_same_money_queues_as_the_service() -> None:
    assert money_queues.MONEY_QUEUES == overview.MONEY_QUEUES


def test_the_money_group_counts_and_opens_the_money_window(
    qtbot, window, demo_db, monkeypatch
) -> None:
    win = window
    tree = win.tree
    qtbot.waitUntil(lambda: bool(tree.money.counts) and bool(tree.money.items), timeout=TIMEOUT)
    expected = overview.money_queue_counts(UnitOfWork(demo_db, SYSTEM, read_only=True))
    assert tree.money.counts == expected
    # Counted in SQL, they agree with the lists the Money window shows.
    assert expected == overview.money_overview(UnitOfWork(demo_db, SYSTEM, read_only=True)).counts()
    assert expected["disputed"] == 1 and expected["unpaid"] > 0  # the demo's money
    assert expected["to_approve"] == 1  # last month's courier invoice bills two stops too many
    for key, item in tree.money.items.items():
        assert item.text(1) == str(expected[key])
        assert item.parent().text(0) == "Money"
    disputed = tree.money.items["disputed"]
    before = tree.current_key
    tree.setCurrentItem(disputed)  # the arrows reach it: nothing opens, the queue stays
    assert win.dialog is None and tree.current_key == before
    tree.itemClicked.emit(disputed, 0)
    dialog = win.dialog
    assert isinstance(dialog, money_window.MoneyWindow)
    assert dialog.tabs.currentWidget() is dialog.disputed
    qtbot.waitUntil(lambda: dialog.overview is not None, timeout=TIMEOUT)
    assert dialog.disputed.rowCount() == 1
    dialog.close()
    tree.itemActivated.emit(tree.money.items["to_approve"], 0)
    dialog = win.dialog
    assert dialog.tabs.currentWidget() is dialog.to_approve
    waiting = dialog.to_approve
    qtbot.waitUntil(lambda: waiting.table.rowCount() == 1, timeout=TIMEOUT)
    assert "bills" in waiting.table.item(0, 4).text()  # the check's finding is shown
    asked: list[str] = []

    def answer(_parent, _title, question):
        asked.append(question)
        return "Two extra runs were asked for", True

    monkeypatch.setattr(invoices_in_tab.QInputDialog, "getText", answer)
    waiting.approve_button.click()  # over a finding, approving asks why
    qtbot.waitUntil(lambda: waiting.table.rowCount() == 0, timeout=TIMEOUT)
    assert "Why is it right?" in asked[0] and "approved" in waiting.status.text()
    dialog.close()  # the tree counts again: nothing waits for approval now
    qtbot.waitUntil(lambda: tree.money.items["to_approve"].text(1) == "0", timeout=TIMEOUT)
