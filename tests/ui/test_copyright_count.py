"""The copy request form counts the rule of five while the journal is typed, says what the
rules suggest, and carries the copyright warning."""

from __future__ import annotations

from PySide6.QtCore import Qt

from illdesk.core import copyright as rules
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, PatronStatus, Service
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.request_form import RequestForm
from tests.ui.helpers import TIMEOUT

SCIENCE = "0036-8075"  # no demo request cites it


def _enter_copies(db, how_many: int) -> None:
    patrons = directory.search_patrons(UnitOfWork(db, read_only=True), "")
    card = next(p.card_barcode for p in patrons if p.status == PatronStatus.ACTIVE.value)
    for n in range(how_many):
        citation = Citation(
            journal_title="Science", article_title=f"Paper {n}", issn=SCIENCE, year="2025"
        )
        new = NewRequest(
            Direction.BORROWING,
            Service.COPY,
            Format.ARTICLE,
            citation,
            card,
            source="import",
            allow_duplicate=True,
        )
        create_request(UnitOfWork(db), new)


def _copy_form(qtbot, win) -> RequestForm:
    win.act_new_copy.trigger()
    form = win.dialog
    assert isinstance(form, RequestForm) and form.copyright is not None
    return form


def test_the_count_shows_while_typing_and_the_sixth_needs_a_decision(
    qtbot, window, demo_db
) -> None:
    _enter_copies(demo_db, 3)
    form = _copy_form(qtbot, window)
    panel = form.copyright
    assert panel is not None
    assert rules.WARNING_TITLE in panel.warning.text()
    qtbot.keyClicks(form.citation.edits["issn"], SCIENCE)
    qtbot.keyClicks(form.citation.edits["year"], "2024")
    qtbot.waitUntil(lambda: "4th article" in panel.count.text(), timeout=TIMEOUT)
    assert "Suggested: CCG" in panel.count.text()
    # two more entered elsewhere meanwhile: the next change of the form counts them
    _enter_copies(demo_db, 2)
    form.citation.edits["year"].setText("2023")
    qtbot.waitUntil(lambda: "6th article" in panel.count.text(), timeout=TIMEOUT)
    assert "Staff must decide" in panel.count.text()
    assert panel.suggestion is not None and panel.suggestion.needs_decision
    # an old article is outside the guidelines and not counted
    form.citation.edits["year"].setText("1998")
    qtbot.waitUntil(lambda: "CCL" in panel.count.text(), timeout=TIMEOUT)
    form.reject()


def test_a_loan_form_has_no_copyright_count(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.dialog
    assert isinstance(form, RequestForm) and form.copyright is None
    form.reject()
