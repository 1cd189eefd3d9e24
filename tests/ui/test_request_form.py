"""The new-request form: its messages go away once dealt with, and a library is found by
symbol, name or city, as its box says."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from illdesk.core.vocabulary import PatronStatus
from illdesk.services.directory import entries as directory
from illdesk.services.directory.library_match import match_libraries
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.request_form import CHOOSE_PATRON, RequestForm
from tests.ui.helpers import TIMEOUT


def _new_loan_form(qtbot, win) -> RequestForm:
    qtbot.keyClick(win, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = win.dialog
    assert isinstance(form, RequestForm) and form.lenders is not None
    qtbot.waitUntil(lambda: bool(form.lenders.libraries), timeout=TIMEOUT)
    return form


def _add(qtbot, form: RequestForm, text: str) -> None:
    assert form.lenders is not None
    form.lenders.directory_box.setEditText(text)
    qtbot.mouseClick(form.lenders.add_button, Qt.MouseButton.LeftButton)


def test_the_patron_message_goes_once_a_patron_is_chosen(qtbot, window, demo_db) -> None:
    form = _new_loan_form(qtbot, window)
    qtbot.keyClicks(form.citation.edits["title"], "Salmon and Rivers of the Columbia")
    qtbot.mouseClick(
        form.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert form.problem.text() == CHOOSE_PATRON
    patrons = directory.search_patrons(UnitOfWork(demo_db, read_only=True), "")
    patron = next(p for p in patrons if p.status == PatronStatus.ACTIVE.value)
    qtbot.keyClicks(form.patron_input, patron.card_barcode)
    qtbot.keyClick(form.patron_input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.patron is not None, timeout=TIMEOUT)
    assert form.problem.text() == ""
    form.reject()


def test_a_lender_is_added_by_name_or_city_or_the_desk_is_told(qtbot, window, demo_db) -> None:
    form = _new_loan_form(qtbot, window)
    picker = form.lenders
    assert picker is not None
    libraries = list(picker.libraries.values())
    # A library's own name (typed in lower case) adds that library, not a made-up symbol.
    named = next(
        lib for lib in libraries if match_libraries(libraries, lib.name.lower()).single is lib
    )
    _add(qtbot, form, named.name.lower())
    assert picker.symbols() == [named.symbol]
    assert "not in the partner directory" not in picker.list.item(0).text()
    # "Eugene", as the person at the desk typed it: one library, several to choose, or none.
    eugene = match_libraries(libraries, "Eugene").libraries
    _add(qtbot, form, "Eugene")
    assert "EUGENE" not in picker.symbols()
    if len(eugene) == 1:
        assert picker.symbols()[-1] == eugene[0].symbol
    elif eugene:
        assert picker.choices.isVisible() and form.problem.text().startswith(
            f"{len(eugene)} libraries match “Eugene”"
        )
        picker.choices.itemClicked.emit(picker.choices.item(picker.choices.count() - 1))
        assert picker.symbols()[-1] == eugene[-1].symbol
        assert form.problem.text() == ""
    # Words several libraries share: the desk chooses among them.
    colleges = match_libraries(libraries, "community college").libraries
    assert len(colleges) > 1
    before = picker.symbols()
    _add(qtbot, form, "community college")
    assert picker.symbols() == before and picker.choices.isVisible()
    shown = [picker.choices.item(i).text() for i in range(picker.choices.count())]
    assert shown == [f"{lib.symbol} — {lib.name}" for lib in colleges]
    assert form.problem.text().startswith(f"{len(colleges)} libraries match")
    second = picker.choices.item(1)
    qtbot.mouseClick(
        picker.choices.viewport(),
        Qt.MouseButton.LeftButton,
        pos=picker.choices.visualItemRect(second).center(),
    )
    assert picker.symbols() == [*before, colleges[1].symbol] and form.problem.text() == ""
    assert not picker.choices.isVisible()
    # A name nobody has: nothing is added, and the desk is told what to do.
    before = picker.symbols()
    _add(qtbot, form, "Nowhere Polytechnic")
    assert picker.symbols() == before
    assert "No partner library has the symbol or name “Nowhere Polytechnic”" in (
        form.problem.text()
    )
    form.reject()


def test_the_requesting_library_of_a_lending_request_is_found_by_name(
    qtbot, window, demo_db
) -> None:
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    form = window.dialog
    assert isinstance(form, RequestForm) and form.library_box is not None
    qtbot.waitUntil(lambda: bool(form.libraries), timeout=TIMEOUT)
    named = next(
        lib
        for lib in form.libraries
        if match_libraries(form.libraries, lib.name.upper()).single is lib
    )
    form.library_box.setEditText(named.name.upper())
    qtbot.keyClicks(form.citation.edits["title"], "Quilts of the Oregon Trail")
    new = form.new_request()
    assert new is not None and new.library_symbol == named.symbol
    colleges = match_libraries(form.libraries, "community college").libraries
    assert len(colleges) > 1
    form.library_box.setEditText("community college")
    assert form.new_request() is None
    assert form.problem.text().startswith(f"{len(colleges)} libraries match")
    assert all(lib.symbol in form.problem.text() for lib in colleges)
    form.library_box.setEditText("Nowhere Polytechnic")
    assert form.new_request() is None
    assert "No partner library" in form.problem.text()
    form.reject()
