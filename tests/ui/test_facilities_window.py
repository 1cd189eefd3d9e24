"""The correctional facilities window: the demo's facility with its rules and people, a patron
placed inside only with a number in the facility's form, and the hardcover refused."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt

from illdesk.store.schema import Patron, Request
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
