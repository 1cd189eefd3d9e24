"""The scanning desk's service on both back ends: every mode, packing, undo, bad scans."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.desk import requests
from illdesk.services.desk.scan import (
    DeskMode,
    DeskState,
    Level,
    close_package,
    handle_scan,
    undo_last_scan,
)
from illdesk.services.errors import InvalidInput
from illdesk.store.schema import Event, Request
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def sent(uow, title: str = "Timber") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    return row.number


def status(uow, number: str) -> str:
    return requests.get_detail(uow(read_only=True), number).row.status


def test_smart_mode_does_the_one_right_thing_along_a_loan(uow) -> None:
    number = sent(uow)
    state = DeskState()
    result, state = handle_scan(uow(), f"]C0{number}\r", state)
    assert (result.level, result.headline, result.next_step) == (
        Level.SUCCESS,
        "Received",
        "Band it, then to the hold shelf",
    )
    assert "Jo Müller" in result.detail and status(uow, number) == "on_hold_shelf"
    detail = requests.get_detail(uow(read_only=True), number)
    assert detail.temp_barcode == number and detail.history[-1].action == "receive"
    # On the hold shelf, smart mode does not guess: checking out needs the patron's card.
    result, state = handle_scan(uow(), number, state)
    assert result.level is Level.WARNING and "Check out mode" in result.next_step
    state = DeskState(mode=DeskMode.CHECK_OUT)
    result, state = handle_scan(uow(), number, state)
    assert result.level is Level.WARNING and result.next_step == "Scan the patron's card"
    result, state = handle_scan(uow(), CARD, state)
    assert result.headline == "Serving Jo Müller" and state.patron_card == CARD
    result, state = handle_scan(uow(), number.lower().replace("-", ""), state)
    assert result.headline == "Checked out" and status(uow, number) == "checked_out"
    result, _ = handle_scan(uow(), number, DeskState())
    assert result.headline == "Returned by patron" and "ORE" in result.next_step


def test_wrong_patron_is_refused(uow) -> None:
    number = sent(uow)
    handle_scan(uow(), number, DeskState())
    state = DeskState(mode=DeskMode.CHECK_OUT)
    _, state = handle_scan(uow(), "21234000099995", state)  # Ade Okafor
    result, _ = handle_scan(uow(), number, state)
    assert result.level is Level.ERROR and "on hold for Jo Müller" in result.detail
    assert status(uow, number) == "on_hold_shelf"


def test_an_item_whose_due_date_passed_on_the_shelf_is_not_checked_out(uow, clock) -> None:
    number = sent(uow)
    handle_scan(uow(), number, DeskState())  # received today; the patron is due back later
    due = requests.get_detail(uow(read_only=True), number).row.patron_due_date
    state = DeskState(mode=DeskMode.CHECK_OUT)
    _, state = handle_scan(uow(), CARD, state)
    clock.at = clock.at.replace(year=due.year, month=due.month, day=due.day)
    result, state = handle_scan(uow(), number, state)
    assert result.headline == "Checked out"  # on the due date itself it still goes out
    undone, state = undo_last_scan(uow(), state)
    assert status(uow, number) == "on_hold_shelf", undone
    clock.at += timedelta(days=1)  # the day after the patron's due date: not lent any more
    result, _ = handle_scan(uow(), number, state)
    assert result.level is Level.ERROR and "due date passed" in result.headline
    assert "renewal" in result.detail and status(uow, number) == "on_hold_shelf"


def test_lending_stacks_search_pack_and_check_in(uow) -> None:
    loans = []
    for title in ("Quilts", "Jazz"):
        row = lend(uow, title)
        requests.perform(uow(), row.number, "accept")
        requests.perform(uow(), row.number, "print_pull_slip")
        loans.append(row.number)
    state = DeskState(mode=DeskMode.STACKS_SEARCH)
    for number in loans:
        result, state = handle_scan(uow(), number, state)
        assert result.headline == "Found" and "WAU" in result.next_step
    returning = sent(uow)  # a borrowed item on its way back to ORE
    handle_scan(uow(), returning, DeskState())
    requests.perform(uow(), returning, "check_out")
    requests.perform(uow(), returning, "patron_return")
    state = DeskState(mode=DeskMode.PACK)
    result, state = handle_scan(uow(), loans[0], state)
    assert result.headline == f"Packed {loans[0]}"
    assert result.next_step == "Into the package for WAU"
    result, state = handle_scan(uow(), returning, state)
    assert result.level is Level.ERROR and result.headline == "Not for WAU"
    result, state = handle_scan(uow(), loans[1], state)
    assert state.package_numbers == tuple(loans)
    result, state = handle_scan(uow(), loans[1], state)
    assert result.headline == "Already in this package"
    result, state = close_package(uow(), state, DeliveryMethod.COURIER)
    assert result.headline.startswith("Package P-26-") and state.package_numbers == ()
    assert [status(uow, n) for n in loans] == ["on_loan", "on_loan"]
    result, _ = handle_scan(uow(), loans[0], DeskState(mode=DeskMode.RECEIVE))
    assert result.headline == "Checked in" and status(uow, loans[0]) == "completed"
    again, _ = handle_scan(uow(), loans[0], DeskState(mode=DeskMode.RECEIVE))
    assert again.level is Level.WARNING and again.headline == f"Already done: {loans[0]}"


def test_undo_last_scan_reverses_exactly_that_scan(uow) -> None:
    number = sent(uow)
    _result, state = handle_scan(uow(), number, DeskState())
    assert status(uow, number) == "on_hold_shelf"
    undone, state = undo_last_scan(uow(), state)
    assert undone.headline == "Last scan undone" and status(uow, number) == "sent"
    history = requests.get_detail(uow(read_only=True), number).history
    assert [e.action for e in history][-2:] == ["receive", "undo"] and history[-2].undone
    nothing, _ = undo_last_scan(uow(), state)
    assert nothing.level is Level.WARNING


def test_undo_after_someone_else_changed_the_request_is_refused(uow) -> None:
    number = sent(uow)
    _, state = handle_scan(uow(), number, DeskState())
    requests.perform(uow(), number, "check_out")
    result, _ = undo_last_scan(uow(), state)
    assert result.level is Level.ERROR and status(uow, number) == "checked_out"


def test_unknown_and_garbled_scans_change_nothing_and_say_what_to_do(uow, db) -> None:
    sent(uow)

    def count() -> tuple[int, int]:
        with db.reading() as session:
            return (
                session.scalar(sa.select(sa.func.count(Event.id))) or 0,
                session.scalar(sa.select(sa.func.max(Request.version))) or 0,
            )

    before = count()
    for raw, headline in (
        ("31234000000018", "Misread barcode"),
        ("B-26-999999", "B-26-999999 is not a request here"),
        ("no-such-thing", "Barcode not known"),
        ("", "Scan not understood"),
        ("B-26-000001\nB-26-000002", "Scan not understood"),
    ):
        result, _ = handle_scan(uow(), raw, DeskState())
        assert result.level is Level.ERROR and result.headline == headline, raw
        assert result.detail or result.next_step
    assert count() == before


def test_receive_takes_the_due_date_and_restrictions_staff_set(uow) -> None:
    from datetime import date

    number = sent(uow)
    state = DeskState(
        mode=DeskMode.RECEIVE,
        receive_due_date=date(2026, 4, 20),
        receive_restrictions="Library use only",
    )
    result, _ = handle_scan(uow(), number, state)
    assert "Restrictions: Library use only" in result.detail
    detail = requests.get_detail(uow(read_only=True), number)
    assert detail.row.lender_due_date == date(2026, 4, 20)
    assert detail.restrictions == "Library use only"


def test_check_digits_follow_the_scheme_of_the_library_that_issued_the_barcode(uow) -> None:
    from dataclasses import replace as copy_with

    from illdesk.core.check_digits import CheckDigitScheme, compute_check_digit
    from illdesk.services.admin import settings as library_settings
    from illdesk.services.directory import entries as directory

    def barcode(payload: str, scheme: CheckDigitScheme) -> str:
        return payload + (compute_check_digit(payload, scheme) or "0")

    def where_schemes_differ(prefix: str) -> str:
        """A 13-digit payload whose Luhn and 3-1 check digits differ."""
        for serial in range(1, 100):
            payload = f"{prefix}{serial:08d}"
            if barcode(payload, CheckDigitScheme.LUHN_MOD10) != barcode(
                payload, CheckDigitScheme.WEIGHTED_3_1_MOD10
            ):
                return payload
        raise AssertionError("no payload found")

    with uow() as work:
        ours = copy_with(
            library_settings.load(work),
            barcode_scheme="weighted_3_1_mod10",
            barcode_institution="1234",
        )
        library_settings.save(work, ours)
        work.commit()
    ore = directory.find_library(uow(), "ORE")
    directory.save_library(
        uow(),
        directory.LibraryInput("ORE", ore.name, barcode_scheme="none", barcode_institution="5678"),
        library_id=ore.id,
        expected_version=ore.version,
    )
    # Ours, by the 3-1 scheme: a good digit is "not known", the Luhn digit is a misread.
    payload = where_schemes_differ("31234")
    good = barcode(payload, CheckDigitScheme.WEIGHTED_3_1_MOD10)
    luhn = barcode(payload, CheckDigitScheme.LUHN_MOD10)
    result, _ = handle_scan(uow(), good, DeskState())
    assert result.headline == "Barcode not known"
    result, _ = handle_scan(uow(), luhn, DeskState())
    assert result.headline == "Misread barcode"
    # ORE's barcodes carry no check digit: never called a misread.
    result, _ = handle_scan(uow(), "35678000000719", DeskState())
    assert result.headline == "Barcode not known"
    # Anybody else's: the home scheme is the default.
    other = barcode(where_schemes_differ("39999"), CheckDigitScheme.LUHN_MOD10)
    result, _ = handle_scan(uow(), other, DeskState())
    assert result.headline == "Misread barcode"
    with pytest.raises(InvalidInput, match="four digits"), uow() as work:
        library_settings.save(work, copy_with(ours, barcode_institution="12"))


def test_stacks_search_not_found_marks_unfilled_with_the_reason(uow) -> None:
    row = lend(uow, "Basketry")
    requests.perform(uow(), row.number, "accept")
    requests.perform(uow(), row.number, "print_pull_slip")
    state = DeskState(mode=DeskMode.STACKS_SEARCH, not_found_reason="NotOnShelf")
    result, _ = handle_scan(uow(), row.number, state)
    assert result.headline == "Not found: unfilled" and "Not on shelf" in result.detail
    detail = requests.get_detail(uow(read_only=True), row.number)
    assert detail.row.status == "unfilled" and detail.reason == "NotOnShelf"


def test_times_the_desk_shows_name_the_day_and_never_leave_out_the_year() -> None:
    from datetime import datetime

    from illdesk.services.desk.scan_texts import moment

    now = datetime(2026, 12, 4, 15, 0).astimezone()
    assert moment(now.replace(hour=9, minute=5), now=now) == "today at 09:05"
    assert moment(now - timedelta(days=1), "since", now=now) == "15:00 yesterday"
    last_year = now.replace(year=2025, month=10, day=11)
    assert moment(last_year, now=now) == "on 11 Oct 2025 at 15:00"
    assert moment(last_year, "since", now=now) == "11 Oct 2025, 15:00"
