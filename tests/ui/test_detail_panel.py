"""The request's Patron box shows where a mailed item goes, and only when it is mailed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from illdesk.core.address import PostalAddress
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.detail_panel import DetailPanel
from tests.conftest import ANN
from tests.integration.helpers import CARD, borrow, seed_directory


def _patron_lines(panel: DetailPanel) -> dict[str, str]:
    return {
        label.accessibleName(): label.text()
        for label in panel.who.findChildren(QLabel)
        if label.accessibleName()
    }


def test_patron_box_shows_the_mailing_address_when_there_is_one(qtbot, sqlite_url, clock):
    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    number = borrow(uow).number
    panel = DetailPanel()
    qtbot.addWidget(panel)
    panel.show_detail(requests.get_detail(uow(), number))
    assert "Mail to" not in _patron_lines(panel)
    jo = directory.find_patron(uow(), CARD)
    home = PostalAddress(
        street="4 Pier Rd", street2="Apt 2", city="Astoria", region="OR", postal_code="97103"
    )
    directory.save_patron(
        uow(),
        directory.PatronInput(CARD, "Müller", "Jo", address=home),
        patron_id=jo.id,
        expected_version=jo.version,
    )
    panel.show_detail(requests.get_detail(uow(), number))
    lines = _patron_lines(panel)
    assert lines["Mail to"] == "4 Pier Rd\nApt 2\nAstoria, OR 97103"
    assert lines["Name"] == "Müller, Jo"
    db.dispose()


def test_package_and_tracking_numbers_show_in_the_panel_and_the_history(
    qtbot, sqlite_url, clock
) -> None:
    from illdesk.core.vocabulary import DeliveryMethod
    from illdesk.services.shipping import packages as shipping

    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    number = borrow(uow).number
    for action in ("approve", "send", "receive", "check_out", "patron_return"):
        requests.perform(uow(), number, action)
    package = shipping.ship_package(
        uow(), "ORE", [number], DeliveryMethod.POST, "1Z999AA10123456784"
    )
    panel = DetailPanel()
    qtbot.addWidget(panel)
    detail = requests.get_detail(uow(), number)
    panel.show_detail(detail)
    items = {
        label.accessibleName(): label.text()
        for label in panel.items.findChildren(QLabel)
        if label.accessibleName()
    }
    assert package.number in items["Package"] and "1Z999AA10123456784" in items["Package"]
    rows = [panel.history.item(row, 2).text() for row in range(panel.history.rowCount())]
    # The history lists the newest change first; notices (ready for pickup) sit among the
    # changes, so the newest change is the first row that is not a notice.
    newest = next(text for text in rows if not text.startswith("Notice:"))
    assert f"package {package.number}, tracking 1Z999AA10123456784" in newest
    db.dispose()
