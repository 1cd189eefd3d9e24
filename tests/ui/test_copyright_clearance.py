"""The Copyright clearance window: the queue clears by itself what the rules allow and leaves
the sixth article from a journal to staff, who pay the royalty (recorded with the action)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, PatronStatus, Service
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.services.rules import copyright_decisions as decisions
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.copyright_clearance import CopyrightClearance
from tests.ui.helpers import TIMEOUT

NATURE = "0028-0836"  # no demo request cites it


def _copies(db, how_many: int) -> list[str]:
    patrons = directory.search_patrons(UnitOfWork(db, read_only=True), "")
    card = next(p.card_barcode for p in patrons if p.status == PatronStatus.ACTIVE.value)
    numbers = []
    for n in range(how_many):
        citation = Citation(
            journal_title="Nature", article_title=f"Letter {n}", issn=NATURE, year="2024"
        )
        new = NewRequest(
            Direction.BORROWING,
            Service.COPY,
            Format.ARTICLE,
            citation,
            card,
            lenders=("ORE",),
            source="import",
            allow_duplicate=True,
        )
        number = create_request(UnitOfWork(db), new).number
        requests.perform(UnitOfWork(db), number, "approve")
        numbers.append(number)
    return numbers


def _detail(db, number: str):
    return requests.get_detail(UnitOfWork(db, read_only=True), number)


def test_the_rules_clear_five_and_staff_pay_royalties_for_the_sixth(qtbot, window, demo_db) -> None:
    numbers = _copies(demo_db, 6)
    window.act_copyright.trigger()
    dialog = window.dialog
    assert isinstance(dialog, CopyrightClearance)
    qtbot.waitUntil(lambda: numbers[-1] in [w.number for w in dialog.waiting], timeout=TIMEOUT)
    qtbot.mouseClick(dialog.auto, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "cleared by the rules" in dialog.message.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: numbers[0] not in [w.number for w in dialog.waiting], timeout=TIMEOUT)
    for number in numbers[:5]:
        assert _detail(demo_db, number).copyright_code == "ccg"
    sixth = numbers[5]
    assert _detail(demo_db, sixth).state.status.value == "copyright_review"
    row = [w.number for w in dialog.waiting].index(sixth)
    assert "6th article" in dialog.waiting[row].suggestion
    dialog.table.selectRow(row)
    dialog.amount.setText("12.50")
    qtbot.keyClicks(dialog.note, "CCC order 4411")
    qtbot.mouseClick(dialog.buttons["royalty"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sixth not in [w.number for w in dialog.waiting], timeout=TIMEOUT)
    detail = _detail(demo_db, sixth)
    assert detail.copyright_code == "fee" and detail.state.status.value == "ready_to_send"
    (nature,) = [
        line
        for line in decisions.report(UnitOfWork(demo_db, read_only=True), 2026)
        if line.issn == NATURE
    ]
    assert nature.over_five == 1 and nature.ccg == 5
    dialog.close()


def test_a_wrong_amount_decides_nothing(qtbot, window, demo_db) -> None:
    (number,) = _copies(demo_db, 1)
    window.act_copyright.trigger()
    dialog = window.dialog
    assert isinstance(dialog, CopyrightClearance)
    qtbot.waitUntil(lambda: number in [w.number for w in dialog.waiting], timeout=TIMEOUT)
    dialog.table.selectRow([w.number for w in dialog.waiting].index(number))
    dialog.amount.setText("twelve")
    qtbot.mouseClick(dialog.buttons["supplier"], Qt.MouseButton.LeftButton)
    assert "not an amount" in dialog.message.text()
    assert _detail(demo_db, number).state.status.value == "copyright_review"
    dialog.close()


def test_the_clear_copyright_dialog_ticks_what_the_rules_suggest(qtbot, window, demo_db) -> None:
    from illdesk.core.workflow import Action
    from illdesk.ui.action_dialog import ActionDialog

    (number,) = _copies(demo_db, 1)
    window.open_request(number)
    qtbot.waitUntil(
        lambda: Action.CLEAR_COPYRIGHT in window.detail_panel.action_buttons, timeout=TIMEOUT
    )
    qtbot.mouseClick(
        window.detail_panel.action_buttons[Action.CLEAR_COPYRIGHT], Qt.MouseButton.LeftButton
    )
    dialog = window.dialog
    assert isinstance(dialog, ActionDialog)
    qtbot.waitUntil(lambda: "1st article" in dialog.suggestion.text(), timeout=TIMEOUT)
    checked = dialog.copyright_group.checkedButton()
    assert checked is not None and checked.property("code") == "ccg"
    dialog.reject()
