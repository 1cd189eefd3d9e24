"""Notices caused by money and deliveries: a charge added by hand and a lost item billed tell the
patron what was billed, the lending library gets the lost-item cover letter with the amount, and
a delivered copy tells the patron where to fetch it. Each in the action's own transaction; undo
withdraws it."""

from __future__ import annotations

import pytest

from illdesk.core.vocabulary import Service
from illdesk.services.desk import requests
from illdesk.services.money import charges, invoices
from illdesk.services.notices import outbox
from tests.integration.helpers import borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def checked_out(uow, title: str = "Rivers of Ærø") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    return row.number


def sent(uow, number: str) -> None:
    requests.perform(uow(), number, "approve")
    requests.perform(uow(), number, "clear_copyright", {"copyright_code": "ccg"})
    requests.perform(uow(), number, "send")


def notices_of(uow, number: str, kind: str) -> list[outbox.NoticeText]:
    return [
        outbox.notice_text(uow(), n.id)
        for n in outbox.list_notices(uow())
        if n.request_number == number and n.kind == kind
    ]


def test_a_charge_added_by_hand_tells_the_patron_the_amount(uow) -> None:
    number = checked_out(uow)
    charges.add_charge(uow(), number, "manual", "7.50", reason="Damaged dust jacket")
    (billed,) = notices_of(uow, number, "charges_billed")
    assert billed.status == "queued"
    assert billed.subject == "Charge of $7.50 for Rivers of Ærø"
    assert "We have billed $7.50 to your account" in billed.text
    assert "Damaged dust jacket" in billed.text
    assert "You now owe $7.50 in all." in billed.text
    charges.add_charge(uow(), number, "damage", "2.50")  # the second tells the sum of both
    second = next(n for n in notices_of(uow, number, "charges_billed") if "$2.50 to" in n.text)
    assert "You now owe $10.00 in all." in second.text and "You now owe" in second.letter
    requests.undo_last(uow(), number)
    requests.undo_last(uow(), number)
    assert notices_of(uow, number, "charges_billed")[0].status == "withdrawn"


def test_a_lost_item_bills_the_patron_and_the_cover_letter_goes_with_the_invoice(uow) -> None:
    number = checked_out(uow)
    requests.perform(uow(), number, "mark_lost")
    (billed,) = notices_of(uow, number, "charges_billed")
    assert "$115.00" in billed.text  # replacement 100 + processing 15, the money defaults
    loan = lend(uow)
    for action in ("accept", "print_pull_slip", "found", "ship", "mark_lost"):
        requests.perform(uow(), loan.number, action)
    assert notices_of(uow, loan.number, "lost_item_invoice") == []  # no invoice yet
    other = lend(uow, "Second lost book")  # the same library, on the same invoice
    for action in ("accept", "print_pull_slip", "found", "ship", "mark_lost"):
        requests.perform(uow(), other.number, action)
    (invoice,) = invoices.make_invoices(uow(), library="WAU")
    (cover,) = notices_of(uow, loan.number, "lost_item_invoice")
    assert cover.status == "queued" and invoice in cover.subject
    said = f"invoice {invoice} bills $115.00 for it ($230.00 in all)."
    assert said in cover.text and f"The enclosed {said}" in cover.letter
    assert len(notices_of(uow, other.number, "lost_item_invoice")) == 1
    assert invoices.make_invoices(uow(), library="WAU") == []  # nothing new, no letter

    _voided, reissued = invoices.void_and_reissue(uow(), invoice, "Wrong replacement price")
    letters = {n.status: n for n in notices_of(uow, loan.number, "lost_item_invoice")}
    assert letters["withdrawn"].error == f"Invoice {invoice} was voided."
    assert f"invoice {reissued} bills $115.00" in letters["queued"].text


def test_a_lone_lost_item_is_the_whole_invoice(uow) -> None:
    loan = lend(uow)
    for action in ("accept", "print_pull_slip", "found", "ship", "mark_lost"):
        requests.perform(uow(), loan.number, action)
    (invoice,) = invoices.make_invoices(uow(), request=loan.number)
    (cover,) = notices_of(uow, loan.number, "lost_item_invoice")
    assert f"Our invoice {invoice} bills $115.00 for it. If you find" in cover.text


def test_nothing_billed_tells_nobody_about_charges(uow) -> None:
    number = checked_out(uow)
    with pytest.raises(Exception):  # noqa: B017 - a refused charge changes nothing
        charges.add_charge(uow(), number, "manual", "-3", reason="typo")
    assert notices_of(uow, number, "charges_billed") == []


def test_a_delivered_copy_tells_the_patron_where_to_fetch_it(uow) -> None:
    row = borrow(uow, "Salmon runs, 1890–1910", service=Service.COPY, allow_duplicate=True)
    sent(uow, row.number)
    link = "https://files.library.example.edu/ill/7Q2K.pdf"
    requests.perform(uow(), row.number, "deliver_copy", {"link": link})
    (told,) = notices_of(uow, row.number, "copy_delivered")
    assert f"Fetch it here: {link}" in told.text
    plain = borrow(uow, "Salmon runs, part two", service=Service.COPY, allow_duplicate=True)
    sent(uow, plain.number)
    requests.perform(uow(), plain.number, "deliver_copy")
    (without,) = notices_of(uow, plain.number, "copy_delivered")
    assert "Fetch it here" not in without.text and "attached to this message" in without.text
