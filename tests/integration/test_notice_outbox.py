"""The outbox: each event that tells a patron or a library something writes its notice in the
same transaction, rendered and addressed, visible in the request's history; undo withdraws it."""

from __future__ import annotations

from datetime import date

import pytest

from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.notices import outbox, template_store
from tests.integration.helpers import borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def on_shelf(uow, title: str = "Glaciers") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    return row.number


def kinds(uow, number: str) -> list[tuple[str, str, str]]:
    return [
        (n.kind, n.channel, n.status)
        for n in reversed(outbox.list_notices(uow()))
        if n.request_number == number
    ]


def test_recall_and_renewal_answers_queue_rendered_notices_with_the_new_dates(uow) -> None:
    number = on_shelf(uow)
    requests.perform(uow(), number, "renew_ask")
    requests.perform(uow(), number, "renew_approved", {"new_due_date": "2026-04-20"})
    requests.perform(uow(), number, "renew_ask")
    requests.perform(uow(), number, "renew_denied")
    requests.perform(uow(), number, "recall", {"new_due_date": "2026-03-09"})
    assert kinds(uow, number) == [
        ("ready_for_pickup", "email", "queued"),
        ("renewal_approved", "email", "queued"),
        ("renewal_denied", "email", "queued"),
        ("recalled", "email", "queued"),
    ]
    views = {n.kind: n for n in outbox.list_notices(uow(), "queued")}
    assert views["recalled"].recipient == "jo@example.edu"
    due = requests.get_detail(uow(), number).state.patron_due_date  # the lender's, less the buffer
    assert due is not None
    assert views["recalled"].subject == (
        f"Recalled: please return Glaciers by {due:%B} {due.day}, {due.year}"
    )
    text = outbox.notice_text(uow(), views["renewal_approved"].id)
    assert "It is now due on April 13, 2026." in text.text  # 20 April less 7 days
    assert "Dear Jo Müller," in text.letter


def test_cancel_tells_unfilled_or_cancelled_by_its_reason(uow) -> None:
    first = borrow(uow, "Alpha", allow_duplicate=True).number
    second = borrow(uow, "Beta", allow_duplicate=True).number
    requests.perform(uow(), first, "cancel", {"reason": "no_lender"})
    requests.perform(uow(), second, "cancel", {"reason": "patron_request"})
    assert [k for k, _c, _s in kinds(uow, first)] == ["unfilled"]
    assert [k for k, _c, _s in kinds(uow, second)] == ["cancelled"]
    text = outbox.notice_text(uow(), outbox.list_notices(uow(), "queued")[-1].id)
    assert "no library we asked could lend us Alpha" in text.text


def test_paper_and_correctional_patrons_get_letters_and_libraries_their_notices(uow) -> None:
    directory.save_patron(
        uow(),
        directory.PatronInput(
            "21234000077771",
            "Reyes",
            "Luz",
            "luz@example.edu",
            patron_type=directory.PatronType.CORRECTIONAL,
        ),
    )
    row = borrow(uow, "Gamma", allow_duplicate=True)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    requests.perform(uow(), row.number, "receive")
    assert kinds(uow, row.number)[-1][:2] == ("ready_for_pickup", "email")
    loan = lend(uow)
    for action in ("accept",):
        requests.perform(uow(), loan.number, action)
    detail = requests.get_detail(uow(), loan.number)
    assert not detail.notices


def test_the_notice_is_in_the_history_and_undo_withdraws_it(uow) -> None:
    number = on_shelf(uow)
    detail = requests.get_detail(uow(), number)
    lines = [e for e in detail.timeline if e.action == "notice"]
    assert len(lines) == 1 and lines[0].action_label == "Notice: Ready for pickup"
    assert lines[0].summary == "e-mail to jo@example.edu; queued"
    assert detail.timeline[-1].action == "notice"  # after the receive that caused it
    assert detail.history[-1].action == "receive"  # the events alone, as undo reads them
    requests.undo_last(uow(), number)
    assert kinds(uow, number) == [("ready_for_pickup", "email", "withdrawn")]
    assert [e.undone for e in requests.get_detail(uow(), number).notices] == [True]


def test_a_broken_template_never_stops_the_desk(uow, db) -> None:
    # A stored template that breaks only on real data (it passed the sample check).
    source = template_store.default_source("ready_for_pickup").replace(
        "{{ title }}", "{{ title ~ (1 / (patron_card|length - 14)) }}", 1
    )
    template_store.save_template(uow(), "ready_for_pickup", source)  # the sample card is 13
    number = on_shelf(uow)
    assert requests.get_detail(uow(), number).row.status == "on_hold_shelf"
    (failed,) = outbox.list_notices(uow(), "failed")
    assert failed.request_number == number
    assert "template cannot be used" in failed.error and "division by zero" in failed.error
    outbox.edit_notice(uow(), failed.id, "Ready: Glaciers", "Dear Jo, it is here.\n", "Dear Jo")
    assert [n.id for n in outbox.list_notices(uow(), queue="to_send")] == [failed.id]
    outbox.withdraw(uow(), failed.id)
    with pytest.raises(Exception, match="withdrawn already"):
        outbox.withdraw(uow(), failed.id)


def test_a_patron_without_e_mail_gets_a_letter(uow) -> None:
    from illdesk.core.citation import Citation
    from illdesk.core.vocabulary import Direction, Format, Service
    from illdesk.services.desk.requests import NewRequest, create_request

    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Delta"),
            patron_card="21234000099995",
            lenders=("ORE",),
        ),
    )
    for action in ("approve", "send", "receive"):
        requests.perform(uow(), row.number, action)
    assert kinds(uow, row.number) == [("ready_for_pickup", "letter", "queued")]
    assert [n.request_number for n in outbox.list_notices(uow(), queue="to_print")] == [row.number]
    assert date(2026, 3, 2)  # the fixture's clock: today
