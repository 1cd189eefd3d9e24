"""The correctional facilities window: the demo's facility with its rules and people, a patron
placed inside only with a number in the facility's form, and the hardcover refused."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt

from illdesk.store.schema import Patron, Request, Staff
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facilities_window import FacilitiesWindow
from tests.ui.helpers import TIMEOUT


def test_facility_people_and_an_item_refused(qtbot, window, demo_db) -> None:
    with UnitOfWork(demo_db, read_only=True) as uow:
        card = uow.session.scalars(
            sa.select(Patron.card_barcode).where(Patron.facility_id.is_(None)).limit(1)
        ).one()
        hardcover = uow.session.scalars(
            sa.select(Request.number).where(Request.title == "The Orchard Keeper's Year")
        ).one()
    window.act_facilities.trigger()
    dialog = window.dialog
    assert isinstance(dialog, FacilitiesWindow)
    qtbot.waitUntil(lambda: len(dialog.shown) == 1, timeout=TIMEOUT)
    people = dialog.shown[0].people
    assert "hardcovers" in dialog.table.item(0, 5).text()
    qtbot.keyClicks(dialog.card, card)
    qtbot.keyClicks(dialog.inmate, "1234567")
    qtbot.mouseClick(dialog.place, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Not placed" in dialog.message.text(), timeout=TIMEOUT)
    assert "98-A-0004" in dialog.message.text()
    dialog.inmate.setText("19-C-0123")
    qtbot.mouseClick(dialog.place, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.shown[0].people == people + 1, timeout=TIMEOUT)
    assert "19-C-0123" in dialog.message.text()
    qtbot.keyClicks(dialog.number, hardcover)
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "may not go in" in dialog.message.text(), timeout=TIMEOUT)
    assert "no hardcovers" in dialog.message.text()
    dialog.close()


def test_a_supervisor_adds_then_changes_a_facility_in_the_window(qtbot, window) -> None:
    from illdesk.ui.facility_editor import FacilityEditor

    window.act_facilities.trigger()
    dialog = window.dialog
    qtbot.waitUntil(lambda: len(dialog.shown) == 1, timeout=TIMEOUT)
    qtbot.waitUntil(dialog.add.isEnabled, timeout=TIMEOUT)  # nobody signed in yet
    qtbot.mouseClick(dialog.add, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert isinstance(editor, FacilityEditor) and editor.isVisible()
    qtbot.keyClicks(editor.texts["code"], "grn")
    qtbot.keyClicks(editor.texts["name"], "Green Haven Correctional Facility")
    qtbot.keyClicks(editor.texts["inmate_number_format"], "[0-9")
    editor.checks["paperback_only"].setChecked(True)
    editor.day.setCurrentIndex(editor.day.findData("Thursday"))
    editor.owed.setText("lots")
    editor.try_save()
    assert "Blocked at this much owed" in editor.message.text() and editor.isVisible()
    editor.owed.setText("75")
    editor.try_save()  # the service refuses the form of the number, in words
    qtbot.waitUntil(lambda: "cannot be read" in editor.message.text(), timeout=TIMEOUT)
    assert editor.isVisible() and editor.texts["name"].text().startswith("Green Haven")
    editor.texts["inmate_number_format"].setText("DOCCS")
    editor.try_save()
    qtbot.waitUntil(lambda: len(dialog.shown) == 2, timeout=TIMEOUT)
    assert not editor.isVisible() and "GRN" in dialog.message.text()
    added = next(f for f in dialog.shown if f.code == "GRN")
    assert added.rules.paperback_only and added.rules.delivery_day == "Thursday"
    assert str(added.rules.block_owed) == "75.00"
    # change it: the editor shows what is stored, the code cannot be changed
    dialog.table.selectRow(dialog.shown.index(added))
    qtbot.mouseClick(dialog.change, Qt.MouseButton.LeftButton)
    editor = dialog.editor
    assert editor.texts["code"].isReadOnly() and editor.texts["inmate_number_format"].text() == (
        "DOCCS"
    )
    assert editor.checks["paperback_only"].isChecked()
    editor.numbers["loan_days"].setValue(28)
    editor.try_save()
    qtbot.waitUntil(
        lambda: any(f.code == "GRN" and f.rules.loan_days == 28 for f in dialog.shown),
        timeout=TIMEOUT,
    )
    row = next(i for i, f in enumerate(dialog.shown) if f.code == "GRN")
    assert "anything but paperbacks" in dialog.table.item(row, 5).text()
    dialog.close()


def test_someone_not_a_supervisor_cannot_open_the_facility_editor(qtbot, window, demo_db) -> None:
    from illdesk.services.directory import entries as directory

    directory.add_staff(UnitOfWork(demo_db), "Sam Student", "SS")
    with UnitOfWork(demo_db, read_only=True) as uow:
        sam = uow.session.scalars(sa.select(Staff.id).where(Staff.name == "Sam Student")).one()
    window.services.act_as(sam, "Sam Student")
    window.act_facilities.trigger()
    dialog = window.dialog
    qtbot.waitUntil(lambda: dialog.add.toolTip() != "", timeout=TIMEOUT)
    assert not dialog.add.isEnabled() and not dialog.change.isEnabled()
    assert "Only a supervisor" in dialog.add.toolTip()
    dialog.add_facility()  # even when asked another way, no editor opens
    assert dialog.editor is None and "Only a supervisor" in dialog.message.text()
    dialog.close()
