"""A patron's and a library's account from the directories (issue 11): what each owes in the
list, and Account… opening the Money window on that account; on the demo's money."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from illdesk.services.money import accounts, overview
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.library_directory import OWES_COLUMN as LIBRARY_OWES
from illdesk.ui.library_directory import LibraryDirectory
from illdesk.ui.money_window import MoneyWindow
from illdesk.ui.patron_directory import OWES_COLUMN as PATRON_OWES
from illdesk.ui.patron_directory import PatronDirectory
from tests.conftest import ANN
from tests.ui.helpers import TIMEOUT


def _button(dialog, text: str) -> QPushButton:
    return next(b for b in dialog.findChildren(QPushButton) if b.text() == text)


def _charged_patron(demo_db) -> str:
    """The card of a demo patron charged 40.00 now (over the 25.00 block limit whatever the
    demo's payments left, since no payment is ever more than was owed)."""
    from illdesk.services.money import charges
    from illdesk.store.schema import Patron, Request

    with UnitOfWork(demo_db, SYSTEM, read_only=True) as uow:
        number, card = (
            uow.session.query(Request.number, Patron.card_barcode)
            .join(Patron, Patron.id == Request.patron_id)
            .order_by(Request.id)
            .first()
        )
    charges.add_charge(UnitOfWork(demo_db, ANN), number, "manual", "40.00", "Lost charger cable")
    return str(card)


def test_a_patron_over_the_limit_shows_what_they_owe_and_their_account(qtbot, demo_db) -> None:
    card = _charged_patron(demo_db)
    owed = accounts.show_account(UnitOfWork(demo_db, SYSTEM, read_only=True), card).balance
    patrons = PatronDirectory(facade_for(demo_db, ANN))
    qtbot.addWidget(patrons)
    patrons.show()
    patrons.search.setText(card)
    patrons.run_search()
    qtbot.waitUntil(lambda: bool(patrons.balances), timeout=TIMEOUT)
    assert patrons.table.item(0, PATRON_OWES).text() == str(owed)
    qtbot.mouseClick(_button(patrons, "Acc&ount…"), Qt.MouseButton.LeftButton)
    window = patrons.account_window
    assert isinstance(window, MoneyWindow)
    qtbot.waitUntil(lambda: window.account is not None, timeout=TIMEOUT)
    assert window.account.key == card and window.account.balance == owed
    assert window.account.blocked
    window.close()


def test_the_library_directory_shows_what_each_library_owes_us(qtbot, demo_db) -> None:
    unpaid = overview.money_overview(UnitOfWork(demo_db, SYSTEM, read_only=True)).unpaid
    symbol = unpaid[0].symbol
    expected = accounts.show_account(UnitOfWork(demo_db, SYSTEM, read_only=True), symbol).balance
    libraries = LibraryDirectory(facade_for(demo_db, ANN))
    qtbot.addWidget(libraries)
    libraries.show()
    qtbot.waitUntil(lambda: bool(libraries.balances), timeout=TIMEOUT)
    row = next(i for i, lib in enumerate(libraries.shown) if lib.symbol == symbol)
    assert libraries.table.item(row, LIBRARY_OWES).text() == str(expected)
    libraries.table.selectRow(row)
    qtbot.mouseClick(_button(libraries, "Acc&ount…"), Qt.MouseButton.LeftButton)
    window = libraries.account_window
    assert isinstance(window, MoneyWindow)
    qtbot.waitUntil(lambda: window.account is not None, timeout=TIMEOUT)
    assert window.account.key == symbol and window.account.balance == expected
    window.close()


def test_an_account_is_closed_and_reopened_from_the_money_window(
    qtbot, demo_db, monkeypatch
) -> None:
    from illdesk.ui import money_window

    window = MoneyWindow(facade_for(demo_db, ANN))
    qtbot.addWidget(window)
    window.show()
    owing_card = _charged_patron(demo_db)
    refusals: list[str] = []
    monkeypatch.setattr(
        money_window.QMessageBox, "warning", lambda _w, _t, text: refusals.append(text)
    )
    monkeypatch.setattr(
        money_window.QInputDialog, "getText", lambda *_a, **_k: ("Left the consortium", True)
    )
    window.show_account(owing_card)  # owes money: closing is refused in words
    qtbot.waitUntil(lambda: window.account is not None, timeout=TIMEOUT)
    window.closing_button.click()
    qtbot.waitUntil(lambda: bool(refusals), timeout=TIMEOUT)
    assert "still owes" in refusals[0]
    with UnitOfWork(demo_db, SYSTEM, read_only=True) as uow:
        from illdesk.store.schema import Library

        symbols = [lib.symbol for lib in uow.session.query(Library).order_by(Library.symbol)]
    owing = accounts.balances_of(UnitOfWork(demo_db, SYSTEM, read_only=True), symbols=symbols)
    square = next(s for s in symbols if not owing.get(s))
    window.show_account(square)
    qtbot.waitUntil(lambda: window.account is not None and window.account.key == square,
                    timeout=TIMEOUT)  # fmt: skip
    window.closing_button.click()
    qtbot.waitUntil(lambda: window.account.closed, timeout=TIMEOUT)
    assert "CLOSED" in window.account_heading.text()
    assert "Left the consortium" in window.account_heading.text()
    assert window.closing_button.text() == "Reop&en account"
    window.closing_button.click()
    qtbot.waitUntil(lambda: not window.account.closed, timeout=TIMEOUT)
    window.close()
