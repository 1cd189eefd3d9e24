"""The patron directory keeps a mailing address for patrons who get their items by mail."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QPushButton

from illdesk.core.address import PostalAddress
from illdesk.services.directory import entries as directory
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.patron_directory import COLUMNS, PatronDirectory, PatronEditor
from tests.conftest import ANN
from tests.ui.helpers import TIMEOUT, settle

CARD = "21234000055556"


def _button(dialog, name: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.accessibleName() == name)


def _field(editor: PatronEditor, accessible_name: str) -> QLineEdit:
    return next(e for e in editor.findChildren(QLineEdit) if e.accessibleName() == accessible_name)


def test_a_new_patron_with_a_mailing_address_is_stored(qtbot, sqlite_url) -> None:
    db = open_database(sqlite_url)
    patrons = PatronDirectory(facade_for(db, ANN))
    qtbot.addWidget(patrons)
    patrons.show()
    qtbot.mouseClick(_button(patrons, "Add a patron"), Qt.MouseButton.LeftButton)
    editor = patrons.editor
    assert editor is not None
    # Every field says what it is to a screen reader.
    assert all(edit.accessibleName() for edit in editor.findChildren(QLineEdit))
    address = "Mailing address (items mailed to the patron)"
    for name, text in (
        ("Library card", CARD),
        ("Surname", "Quispe"),
        ("Given name", "Rosa"),
        (f"{address}: Street", "1200 Cook St"),
        (f"{address}: Street (2nd line)", "Apt 4"),
        (f"{address}: City", "Victoria"),
        (f"{address}: State / region", "BC"),
        (f"{address}: Postal code", "V8V 3Z2"),
    ):
        qtbot.keyClicks(_field(editor, name), text)
    country = _field(editor, f"{address}: Country (2 letters)")
    country.clear()
    qtbot.keyClicks(country, "ca")
    save = editor.buttons.button(QDialogButtonBox.StandardButton.Save)
    with qtbot.waitSignal(editor.saved, timeout=TIMEOUT):
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    expected = PostalAddress(
        street="1200 Cook St",
        street2="Apt 4",
        city="Victoria",
        region="BC",
        postal_code="V8V 3Z2",
        country="CA",
    )
    assert directory.find_patron(UnitOfWork(db, ANN, read_only=True), CARD).address == expected
    # The directory finds the patron again and shows where items go.
    qtbot.waitUntil(lambda: patrons.table.rowCount() == 1, timeout=TIMEOUT)
    assert (
        patrons.table.item(0, COLUMNS.index("Mailed to")).text()
        == "1200 Cook St, Apt 4, Victoria, BC V8V 3Z2"
    )
    again = PatronEditor(facade_for(db, ANN), patrons.found[0])
    qtbot.addWidget(again)
    assert again.mailing.address() == expected
    settle()
    db.dispose()


def test_a_half_filled_address_is_explained_and_not_saved(qtbot, sqlite_url) -> None:
    db = open_database(sqlite_url)
    editor = PatronEditor(facade_for(db, ANN), None)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.keyClicks(editor.edits["card_barcode"], CARD)
    qtbot.keyClicks(editor.edits["surname"], "Quispe")
    qtbot.keyClicks(editor.mailing.edits["street"], "1200 Cook St")
    editor.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(
        lambda: "missing the city and postal code" in editor.problem.text(), timeout=TIMEOUT
    )
    assert directory.search_patrons(UnitOfWork(db, ANN, read_only=True), CARD) == []
    settle()
    db.dispose()
