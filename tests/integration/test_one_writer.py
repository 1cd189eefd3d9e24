"""The one writer, seen from the desk and the window: per-group due-date buffers, what a scan's
event records, the charge of an accepted lending request, the package's delivery method, and
what a workstation that lost a race is told."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from illdesk.core.citation import Citation
from illdesk.core.vocabulary import DeliveryMethod, Direction, Format, Service
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.scan import (
    DeskMode,
    DeskState,
    close_package,
    handle_scan,
    undo_last_scan,
)
from illdesk.services.directory import entries as directory
from illdesk.store import requests as repo
from illdesk.store.schema import Event, Request, Shipment
from tests.integration.helpers import borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)  # ORE: consortium, 28 days, no charge; WAU: national, 42 days, 15.00
    with uow() as work:
        current = library_settings.load(work)
        library_settings.save(
            work,
            replace(
                current, default_buffer_days=7, group_buffer_days={"consortium": 3, "national": 10}
            ),
        )
        library_settings.add_closed_days(work, [date(2026, 4, 10)], "Spring closure")
        work.commit()


def _stored(uow, number: str) -> Request:
    with uow(read_only=True) as work:
        req = repo.by_number(work.session, number)
        assert req is not None
        work.session.expunge(req)
        return req


def _receive(uow, number: str, by_scan: bool, due: date | None = None) -> None:
    if by_scan:
        result, _ = handle_scan(uow(), number, DeskState(receive_due_date=due))
        assert result.headline == "Received", result
    else:
        params = {"lender_due_date": due} if due else {}
        requests.perform(uow(), number, "receive", params)


@pytest.mark.parametrize("by_scan", [True, False], ids=["scan", "window"])
def test_the_patron_due_date_keeps_the_buffer_of_the_lenders_group(uow, by_scan) -> None:
    # ORE (consortium, buffer 3) lends for 28 days from Monday 2 March: due Monday 30 March.
    first = borrow(uow, "Rivers").number
    requests.perform(uow(), first, "approve")
    requests.perform(uow(), first, "send")
    _receive(uow, first, by_scan)
    stored = _stored(uow, first)
    assert stored.lender_due_date == date(2026, 3, 30)
    assert stored.patron_due_date == date(2026, 3, 27)  # three days earlier, not seven
    # ORE cannot supply; WAU (national, buffer 10) is asked next and gives 20 April. Ten days
    # earlier is Friday 10 April, a closed day: the patron's date moves back to Thursday.
    second = borrow(uow, "Timber", allow_duplicate=True).number
    requests.perform(uow(), second, "approve")
    requests.perform(uow(), second, "send")
    requests.perform(uow(), second, "lender_unfilled", {"reason": "NotOnShelf"})
    _receive(uow, second, by_scan, date(2026, 4, 20))
    stored = _stored(uow, second)
    assert stored.patron_due_date == date(2026, 4, 9)


def test_a_scans_event_records_the_scan_and_the_desks_mode(uow) -> None:
    number = borrow(uow).number
    requests.perform(uow(), number, "approve")
    requests.perform(uow(), number, "send")
    result, _ = handle_scan(uow(), number, DeskState(mode=DeskMode.RECEIVE))
    with uow(read_only=True) as work:
        event = work.session.get(Event, result.event_id)
        assert event is not None
        assert event.details["scan"] is True and event.details["mode"] == "receive"
        assert event.details["changes"]["status"] == ["sent", "on_hold_shelf"]
        assert event.details["changes"]["patron_due_date"][1] == "2026-03-27"


def test_accepting_a_lending_request_charges_it_and_undo_takes_the_charge_back(uow) -> None:
    number = lend(uow).number  # to WAU, whose terms say 15.00
    result = requests.perform(uow(), number, "accept")
    assert _stored(uow, number).charge == Decimal("15.00")
    with uow(read_only=True) as work:
        event = work.session.get(Event, result.event_id)
        assert event is not None and event.details["changes"]["charge"] == [None, "15.00"]
    requests.undo_last(uow(), number)
    stored = _stored(uow, number)
    assert (stored.status, stored.charge) == ("new", None)


def test_pack_and_ship_goes_by_the_libraries_own_method(uow) -> None:
    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="PDX",
            name="Portland Community College",
            group_name="consortium",
            delivery_methods=(DeliveryMethod.LIBRARY_MAIL,),
        ),
    )
    numbers = []
    for title in ("Quilts", "Jazz"):
        number = requests.create_request(
            uow(),
            requests.NewRequest(
                Direction.LENDING,
                Service.LOAN,
                Format.BOOK,
                Citation(title=title),
                library_symbol="PDX",
            ),
        ).number
        for action in ("accept", "print_pull_slip", "found"):
            requests.perform(uow(), number, action)
        numbers.append(number)
    state = DeskState(mode=DeskMode.PACK)
    result, state = handle_scan(uow(), numbers[0], state)
    assert "going by Library Mail" in result.detail  # said before the package is closed
    result, state = handle_scan(uow(), numbers[1], state)
    result, state = close_package(uow(), state)
    assert result.detail == "2 item(s) shipped by Library Mail."
    with uow(read_only=True) as work:
        methods = work.session.scalars(sa.select(Shipment.method)).all()
    assert methods == ["library_mail"]


def test_undo_of_a_scan_takes_back_the_notice_and_every_field(uow) -> None:
    number = borrow(uow).number
    requests.perform(uow(), number, "approve")
    requests.perform(uow(), number, "send")
    before = _stored(uow, number)
    result, state = handle_scan(uow(), number, DeskState())
    assert result.headline == "Received"
    result, _ = undo_last_scan(uow(), state)
    assert result.headline == "Last scan undone"
    after = _stored(uow, number)
    for name in ("status", "lender_due_date", "patron_due_date", "temp_barcode", "library_id"):
        assert getattr(after, name) == getattr(before, name), name
