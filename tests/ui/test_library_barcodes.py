"""The library editor keeps each partner's barcode scheme and institution digits."""

from __future__ import annotations

from illdesk.services.directory import entries as directory
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.library_directory import LibraryEditor
from tests.conftest import ANN
from tests.integration.helpers import seed_directory


def test_barcode_fields_are_saved_and_shown_again(qtbot, sqlite_url, clock) -> None:
    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    ore = directory.find_library(uow(), "ORE")
    editor = LibraryEditor(facade_for(db, ANN), ore)
    qtbot.addWidget(editor)
    editor.barcode_scheme.setCurrentIndex(editor.barcode_scheme.findData("weighted_3_1_mod10"))
    editor.barcode_institution.setText("5678")
    with qtbot.waitSignal(editor.saved, timeout=10_000) as blocker:
        editor._on_save()
    assert blocker.args[0].barcode_institution == "5678"
    stored = directory.find_library(uow(), "ORE")
    assert (stored.barcode_scheme, stored.barcode_institution) == ("weighted_3_1_mod10", "5678")
    again = LibraryEditor(facade_for(db, ANN), stored)
    qtbot.addWidget(again)
    assert again.barcode_scheme.currentData() == "weighted_3_1_mod10"
    assert again.barcode_institution.text() == "5678"
    db.dispose()
