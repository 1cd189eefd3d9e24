"""The Shipping group of the desk window: one entry per destination library and delivery
method, and a package shipped from it with its label and slip."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from illdesk.core.queues import SHIPPING_HEADINGS
from illdesk.services.printing.documents import DocumentType
from illdesk.services.shipping import packages as shipping
from illdesk.store.schema import Request, Shipment
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.print_preview import PrintPreviewDialog
from illdesk.ui.ship_dialog import ShipDialog
from tests.ui.helpers import TIMEOUT


def _shipping_tree(win) -> dict[str, dict[str, int]]:
    """{method heading: {library entry: count}} as the tree shows it."""
    top = next(
        win.tree.topLevelItem(i)
        for i in range(win.tree.topLevelItemCount())
        if win.tree.topLevelItem(i).text(0) == "Shipping"
    )
    found: dict[str, dict[str, int]] = {}
    for i in range(top.childCount()):
        node = top.child(i)
        if node.childCount():
            found[node.text(0)] = {
                node.child(j).text(0): int(node.child(j).text(1)) for j in range(node.childCount())
            }
    return found


def _open(qtbot, win, key: str) -> None:
    win.select_queue(key)
    qtbot.waitUntil(
        lambda: (
            win.model.queue is not None and win.model.queue.key == key and not win.model.loading
        ),
        timeout=TIMEOUT,
    )


def test_shipping_lists_each_library_under_its_delivery_method(qtbot, window) -> None:
    win = window
    groups = shipping.shipping_groups(UnitOfWork(win.services.session.database, read_only=True))
    assert groups, "the demo should have something waiting to go out"
    qtbot.waitUntil(lambda: bool(_shipping_tree(win)), timeout=TIMEOUT)
    expected: dict[str, dict[str, int]] = {}
    for g in groups:
        expected.setdefault(SHIPPING_HEADINGS[g.method], {})[
            f"{g.library_symbol} — {g.library_name}"
        ] = g.count
    assert _shipping_tree(win) == expected
    assert next(iter(expected)) == "By courier"  # the courier bin is packed first
    assert sum(g.count for g in groups) == win.counts["s-all"]
    first = groups[0]
    _open(qtbot, win, first.queue.key)
    assert win.model.rowCount() == first.count
    assert {r.library for r in win.model.rows} == {first.library_symbol}
    assert f"{first.count} requests" in win.queue_view.title.text()


def test_a_library_group_ships_in_one_package_with_label_and_slip(qtbot, window) -> None:
    win = window
    qtbot.waitUntil(lambda: bool(win.shipping_groups), timeout=TIMEOUT)
    group = next(g for g in win.shipping_groups if g.count >= 2)
    _open(qtbot, win, group.queue.key)
    win.act_ship.trigger()
    qtbot.waitUntil(lambda: isinstance(win.dialog, ShipDialog), timeout=TIMEOUT)
    dialog = win.dialog
    assert dialog.items.count() == group.count
    assert dialog.method.currentData() == group.method.value
    left_out = dialog.items.item(1)
    left_out.setCheckState(Qt.CheckState.Unchecked)  # not in the box after all
    kept = dialog.numbers()
    assert len(kept) == group.count - 1
    assert dialog.ship_button.text() == f"Ship {len(kept)} item{'s' if len(kept) != 1 else ''}"
    dialog.tracking.setText("1Z999AA10123456784")
    qtbot.mouseClick(dialog.ship_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: (
            isinstance(win.dialog, PrintPreviewDialog)
            and win.dialog.objectName() == f"print-preview-{DocumentType.MAILING_LABEL}"
        ),
        timeout=TIMEOUT,
    )
    with UnitOfWork(win.services.session.database, read_only=True) as uow:
        package = uow.session.scalars(sa.select(Shipment)).all()[-1]
        package_number = package.number
        assert package.tracking_number == "1Z999AA10123456784"
        assert package.method == group.method.value
        assert sorted(
            uow.session.get(Request, i.request_id).number for i in package.items
        ) == sorted(kept)
    qtbot.waitUntil(lambda: win.counts.get(group.queue.key) == group.count - 1, timeout=TIMEOUT)
    assert f"Package {package_number}: label and packing slip" in win.statusBar().currentMessage()


def test_items_for_two_libraries_are_refused_and_nothing_ships(qtbot, window) -> None:
    win = window
    _open(qtbot, win, "s-all")
    rows = win.model.rows
    a = next(i for i, r in enumerate(rows) if r.library != rows[0].library)
    win.queue_view.table.selectRow(0)
    win.queue_view.table.selectionModel().select(
        win.model.index(a, 0),
        win.queue_view.table.selectionModel().SelectionFlag.Select
        | win.queue_view.table.selectionModel().SelectionFlag.Rows,
    )
    assert len(win.queue_view.selected_rows()) == 2
    before = win.counts["s-all"]
    win.act_ship.trigger()
    qtbot.waitUntil(lambda: isinstance(win.dialog, QMessageBox), timeout=TIMEOUT)
    assert "A package goes to one library" in win.dialog.text()
    with UnitOfWork(win.services.session.database, read_only=True) as uow:
        assert (
            shipping.shipping_groups(uow)
            and sum(
                g.count
                for g in shipping.shipping_groups(
                    UnitOfWork(win.services.session.database, read_only=True)
                )
            )
            == before
        )


def test_a_library_group_prints_its_mailing_label_from_the_print_menu(qtbot, window) -> None:
    win = window
    qtbot.waitUntil(lambda: bool(win.shipping_groups), timeout=TIMEOUT)
    group = win.shipping_groups[0]
    _open(qtbot, win, group.queue.key)
    assert not win.queue_view.selected_rows()
    win.printing.act_mailing_labels.trigger()  # the whole group: nothing is selected
    qtbot.waitUntil(lambda: isinstance(win.dialog, PrintPreviewDialog), timeout=TIMEOUT)
    assert win.dialog.windowTitle().startswith("Mailing labels")
    assert f"{group.count} request" in win.dialog.windowTitle()
