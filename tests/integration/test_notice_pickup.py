"""A pickup reminder goes only while the item still waits, never with a "collect by" date that
has passed, and never to a person inside a correctional facility, who cannot come to the
shelf; one made earlier that is no longer true is withdrawn, not sent or printed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from illdesk.core.notice_settings import NoticeSettings
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.errors import InvalidInput
from illdesk.services.notices import daily_run, letters, mailer, outbox, pickup
from illdesk.services.rules import facilities
from tests.integration.helpers import CARD, borrow, seed_directory
from tests.integration.smtp_server import LoopbackSMTP


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def on_the_shelf(uow, title: str = "Shelf item") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def reminders(uow) -> list[outbox.NoticeView]:
    return [n for n in outbox.list_notices(uow()) if n.kind == pickup.KIND]


def set_value(uow, name: str, value: str) -> None:
    with uow() as w:
        library_settings.save(w, library_settings.with_value(library_settings.load(w), name, value))
        w.commit()


def test_the_reminder_names_a_date_still_to_come_and_none_goes_after_it(uow, clock) -> None:
    shelved = clock.at.date()
    first = on_the_shelf(uow, "Reminded on day seven")
    assert daily_run.run_daily(uow(), shelved + timedelta(days=6)) == []
    (made,) = daily_run.run_daily(uow(), shelved + timedelta(days=7))
    assert made.request_number == first
    text = outbox.notice_text(uow(), reminders(uow)[0].id).text
    hold_until = shelved + timedelta(days=14)
    assert f"collect it by {hold_until:%B} {hold_until.day}, {hold_until.year}" in text

    # Nobody ran the notices for a fortnight: the item's date has passed, nothing is made.
    late = on_the_shelf(uow, "Waited past its date")
    assert daily_run.run_daily(uow(), shelved + timedelta(days=15)) == []
    # On the hold shelf's last day the reminder still goes: "collect it by" today.
    (last_day,) = daily_run.run_daily(uow(), shelved + timedelta(days=14))
    assert last_day.request_number == late


def test_no_reminder_to_a_person_inside_a_facility(uow, clock) -> None:
    facilities.save_facility(
        uow(),
        facilities.FacilityInput(
            "ACF",
            "Attica Correctional Facility",
            street="639 Exchange Street",
            city="Attica",
            region="NY",
            postal_code="14011",
            inmate_number_format="DOCCS",
        ),
    )
    facilities.place_patron(uow(), CARD, "ACF", "98-A-0004")
    on_the_shelf(uow, "For a reader inside")
    for days in range(7, 15):
        assert daily_run.run_daily(uow(), clock.at.date() + timedelta(days=days)) == []
    assert reminders(uow) == []


def test_a_reminder_not_yet_sent_is_withdrawn_once_it_is_no_longer_true(uow, clock) -> None:
    shelved = clock.at.date()
    collected = on_the_shelf(uow, "Collected before the e-mail went")
    waiting = on_the_shelf(uow, "Still waiting")
    daily_run.run_daily(uow(), shelved + timedelta(days=7))
    assert len(reminders(uow)) == 2
    requests.perform(uow(), collected, "check_out")
    server = LoopbackSMTP().start()
    try:
        for name, value in (
            ("smtp.host", "127.0.0.1"),
            ("smtp.port", str(server.port)),
            ("smtp.security", "none"),
            ("smtp.from", "ill@library.example.edu"),
        ):
            set_value(uow, name, value)
        clock.at += timedelta(days=7)  # the mail server was away a week
        mailer.send_queued(uow, respect_backoff=False)
        subjects = [str(m["Subject"]) for m in server.mailbox.messages()]
        assert [s for s in subjects if s.startswith("Still waiting for you")] == [
            "Still waiting for you: Still waiting"
        ]
        by_request = {n.request_number: n for n in reminders(uow)}
        assert by_request[collected].status == "withdrawn"
        assert by_request[collected].error == pickup.OUTDATED
        assert by_request[waiting].status == "sent"
    finally:
        server.stop()


def test_a_letter_whose_date_has_passed_is_not_printed(uow, clock, tmp_path: Path) -> None:
    from illdesk.core.address import PostalAddress
    from illdesk.services.directory import entries as directory

    home = PostalAddress(street="12 Elm Street", city="Corvallis", region="OR", postal_code="97330")
    jo = directory.find_patron(uow(), CARD)
    directory.save_patron(  # no e-mail any more: a letter, to this address
        uow(),
        directory.PatronInput(CARD, "Müller", "Jo", address=home),
        patron_id=jo.id,
        expected_version=jo.version,
    )
    shelved = clock.at.date()
    number = on_the_shelf(uow, "Letter that waited too long")
    daily_run.run_daily(uow(), shelved + timedelta(days=7))
    (letter,) = reminders(uow)
    assert letter.channel == "letter" and letter.status == "queued"
    clock.at += timedelta(days=15)
    saved = letters.save_letters(uow, tmp_path / "letters.pdf")
    kinds = {n.kind: n.status for n in outbox.list_notices(uow()) if n.request_number == number}
    assert kinds[pickup.KIND] == "withdrawn"
    assert kinds["ready_for_pickup"] == "printed" and saved.printed == 1


def test_the_reminder_cannot_be_set_after_the_hold_shelf_date(uow) -> None:
    day = date(2026, 3, 20)
    assert NoticeSettings().pickup_reminder_shelved(day) == (date(2026, 3, 6), date(2026, 3, 13))
    assert NoticeSettings(pickup_reminder_days=0).pickup_reminder_shelved(day) is None
    set_value(uow, "notices.hold_shelf_days", "10")
    with pytest.raises(InvalidInput, match="while the item still waits"):
        set_value(uow, "notices.pickup_reminder_days", "11")
