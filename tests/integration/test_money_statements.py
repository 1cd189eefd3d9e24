"""Statements of account through the outbox, on SQLite and PostgreSQL: a patron's by e-mail,
a library's as a printed letter (rendered and read back), from the command line too."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from illdesk.services.errors import InvalidInput
from illdesk.services.money import charges, payments, statements
from illdesk.services.notices import letters, outbox
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_a_patrons_statement_lists_open_charges_payments_and_the_balance(uow) -> None:
    row = borrow(uow)
    charges.add_charge(uow(), row.number, "damage", "20.00", "Water damage")
    charges.add_charge(uow(), row.number, "shipping", "4.25")
    payments.add_payment(uow(), CARD, "12.00", "CASH-3", method="cash")

    made = statements.queue_statement(uow(), CARD)

    assert made.channel == "email" and "an e-mail to jo@example.edu" in made.message
    notice = outbox.notice_text(uow(), made.notice_id)
    assert notice.kind == "statement" and notice.status == "queued"
    assert notice.subject.startswith("Your interlibrary loan account on")
    text = notice.text
    assert "Dear Jo Müller" in text
    assert f"Damage ({row.number}), $20.00, still owed $8.00" in text
    assert f"Shipping ({row.number}), $4.25" in text and "still owed $4.25" not in text
    assert "Payment, $12.00" in text
    assert "Balance: $12.25" in text
    assert "Balance: $12.25" in notice.letter
    listed = [n for n in outbox.list_notices(uow()) if n.id == made.notice_id]
    assert listed[0].request_number == row.number  # kept with the account's newest request


def test_a_library_without_e_mail_gets_its_statement_as_a_printed_letter(uow) -> None:
    loan = lend(uow)
    charges.add_charge(uow(), loan.number, "lending_fee", "15.00")
    payments.add_payment(uow(), "WAU", "40.00", "CHQ 881")  # more than owed: in credit
    made = statements.queue_statement(uow(), "wau")
    assert made.channel == "letter" and "printed letter" in made.message
    batch = letters.print_batch(uow(), "us10")
    assert made.notice_id in batch.notice_ids
    pdf = pdfium.PdfDocument(batch.pdf)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    page = next(p for p in pages if "Here is your account with us" in p)
    flat = " ".join(page.split())
    assert "University of Washington (WAU)" in flat
    assert "No charge is waiting to be paid." in flat
    assert "Payment, $40.00" in flat
    assert "You are in credit: we owe you $25.00." in flat
    assert "Balance: -$25.00" in flat


def test_an_account_with_nothing_on_it_has_no_statement(uow) -> None:
    with pytest.raises(InvalidInput, match="nothing to state"):
        statements.queue_statement(uow(), "MSU")
    assert outbox.list_notices(uow()) == []


def test_account_statement_on_the_command_line(db_url, uow) -> None:
    from tests.integration.test_cli import illdesk

    row = borrow(uow)
    charges.add_charge(uow(), row.number, "damage", "9.00")
    done = illdesk("--database", db_url, "account", "statement", CARD)
    assert "Statement of account for Müller, Jo queued" in done.stdout
    nothing = illdesk("--database", db_url, "account", "statement", "MSU", check=False)
    assert nothing.returncode == 1 and "nothing to state" in nothing.stderr
    assert "Traceback" not in nothing.stderr
