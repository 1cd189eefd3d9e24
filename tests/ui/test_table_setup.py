"""The pieces the directory's list windows share, checked in each of the four windows: tables
staff cannot type in, one whole row chosen at a time; buttons named for screen readers that
Enter in a field never presses; the message line in red when something went wrong."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractItemView, QPushButton, QTableWidget

from illdesk.ui.table_setup import MessageLine, chosen_row, fill_table, read_only_table


def test_a_table_is_filled_read_only_and_one_row_is_chosen(qtbot) -> None:
    table = read_only_table(("Code", "Name"), "Things", stretch=1)
    qtbot.addWidget(table)
    fill_table(table, [("A", "Apple"), ("B", "Banana")])
    assert table.rowCount() == 2 and table.item(1, 1).text() == "Banana"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert chosen_row(table) is None
    table.selectRow(1)
    assert chosen_row(table) == 1
    line = MessageLine()
    qtbot.addWidget(line)
    line.say("Not saved: no.", problem=True)
    assert "8b1a1a" in line.styleSheet() and line.accessibleName() == "What happened"
    line.say("Saved.")
    assert line.styleSheet() == ""


@pytest.mark.parametrize(
    "opener", ["act_facilities", "act_copyright", "act_purchases", "act_patrons"]
)
def test_the_four_list_windows_share_the_same_table_and_buttons(qtbot, window, opener) -> None:
    getattr(window, opener).trigger()
    dialog = window.dialog
    table = dialog.findChild(QTableWidget)
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert table.accessibleName()
    for button in dialog.findChildren(QPushButton):
        assert not button.autoDefault(), button.text()
        assert button.accessibleName(), button.text()
    dialog.close()
