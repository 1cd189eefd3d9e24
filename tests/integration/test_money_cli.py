"""The money commands as a user types them: a real process on a real SQLite file."""

from __future__ import annotations

import pytest

from illdesk.cli.money_parser import CHARGE_TYPES, PAYMENT_METHODS
from illdesk.core.money import DebitType
from illdesk.services.money.payments import METHODS
from tests.integration.helpers import CARD, borrow, lend, seed_directory
from tests.integration.test_cli import illdesk


def test_the_command_line_names_every_charge_type_and_payment_method() -> None:
    assert tuple(k.value for k in DebitType) == CHARGE_TYPES
    assert PAYMENT_METHODS == METHODS


@pytest.fixture
def db_url(sqlite_url: str) -> str:  # one real file is enough for the process tests
    return sqlite_url


def test_charge_show_pay_and_bad_input(uow, db_url: str) -> None:
    seed_directory(uow)
    row = borrow(uow)
    loan = lend(uow)
    db = ("--database", db_url)
    added = illdesk(*db, "charge", "add", row.number, "--type", "damage", "--amount", "20")
    assert "Damage 20.00 USD" in added.stdout
    illdesk(*db, "charge", "add", loan.number, "--type", "lending_fee", "--amount", "15.00")
    shown = illdesk(*db, "account", "show", CARD).stdout
    assert row.number in shown and "Damage" in shown and "Balance: 20.00 USD" in shown
    paid = illdesk(*db, "payment", "add", "WAU", "--amount", "15", "--reference", "T-77")
    assert "balance now 0.00 USD" in paid.stdout
    again = illdesk(
        *db, "payment", "add", "WAU", "--amount", "1", "--reference", "T-77", check=False
    )
    assert again.returncode == 1 and "already recorded" in again.stderr
    assert "Traceback" not in again.stderr
    bad = illdesk(
        *db, "charge", "add", row.number, "--type", "damage", "--amount", "-4", check=False
    )
    assert bad.returncode == 1 and "more than zero" in bad.stderr
    line = next(
        part.split()[0] for part in shown.splitlines() if row.number in part and "Damage" in part
    )
    no_reason = illdesk(*db, "charge", "waive", line, "--reason", " ", check=False)
    assert no_reason.returncode == 1 and "reason" in no_reason.stderr
    waived = illdesk(*db, "charge", "waive", line, "--reason", "Damage was there before")
    assert "Balance now 0.00 USD" in waived.stdout
    assert "Balance: 0.00 USD" in illdesk(*db, "account", "show", "wau").stdout
    illdesk(*db, "settings", "set", "money.currency", "CAD")
    assert "Balance: 0.00 CAD" in illdesk(*db, "account", "show", "wau").stdout
    wrong = illdesk(*db, "settings", "set", "money.processing_fee", "-3", check=False)
    assert wrong.returncode == 1 and "amounts from 0" in wrong.stderr


def test_invoices_make_list_pay_aging_and_ledger_export(uow, db_url: str, tmp_path) -> None:
    seed_directory(uow)
    loan = lend(uow)
    db = ("--database", db_url)
    illdesk(*db, "charge", "add", loan.number, "--type", "damage", "--amount", "40")
    none_yet = illdesk(*db, "invoices", "list").stdout
    assert "No invoices." in none_yet
    made = illdesk(*db, "invoices", "make", "--library", "WAU", "--pdf", str(tmp_path / "inv"))
    number = made.stdout.split("made: ")[1].split()[0]
    assert (tmp_path / "inv" / f"{number}.pdf").read_bytes().startswith(b"%PDF")
    again = illdesk(*db, "invoices", "make", "--pdf", str(tmp_path / "inv")).stdout
    assert "Nothing to invoice" in again
    unpaid = illdesk(*db, "invoices", "list", "--unpaid").stdout
    assert number in unpaid and "WAU" in unpaid and "40.00" in unpaid
    aging = illdesk(*db, "billing", "aging").stdout
    assert "0-30 days" in aging and "40.00" in aging
    illdesk(
        *db, "payment", "add", "WAU", "--amount", "40", "--reference", "X1", "--invoice", number
    )
    assert "No unpaid invoices." in illdesk(*db, "invoices", "list", "--unpaid").stdout
    ledger = tmp_path / "ledger.csv"
    told = illdesk(
        *db, "export", "ledger", str(ledger), "--from", "2020-01-01", "--to", "2099-12-31"
    )
    assert "Exported 2 ledger lines" in told.stdout
    assert "payment" in ledger.read_text(encoding="utf-8-sig")
    bad = illdesk(
        *db, "invoices", "make", "--month", "13/2026", "--pdf", str(tmp_path), check=False
    )
    assert bad.returncode == 1 and "not a month" in bad.stderr


def test_ifm_reconcile_prints_findings_and_refuses_a_bad_file(db_url: str, tmp_path) -> None:
    db = ("--database", db_url)
    report = tmp_path / "ifm.csv"
    report.write_text("Request ID,Lender,Amount,DC\nB-26-999999,ORE,5.00,D\n", encoding="utf-8")
    shown = illdesk(*db, "ifm", "reconcile", str(report), "--month", "2026-03").stdout
    assert "Missing here" in shown and "B-26-999999" in shown and "Matched: 0" in shown
    report.write_text("Request ID,Lender,Amount,DC\nB-26-999999,ORE,five,D\n", encoding="utf-8")
    bad = illdesk(*db, "ifm", "reconcile", str(report), check=False)
    assert bad.returncode == 1 and "line 2" in bad.stderr and "Traceback" not in bad.stderr


def test_appeal_open_decide_and_list(uow, db_url: str) -> None:
    seed_directory(uow)
    row = borrow(uow)
    db = ("--database", db_url)
    illdesk(*db, "charge", "add", row.number, "--type", "damage", "--amount", "20")
    line = illdesk(*db, "account", "show", CARD).stdout.split("Damage")[0].split()[-3]
    opened = illdesk(*db, "appeal", "open", line, "--note", "Was like that").stdout
    appeal = opened.split()[1]
    shown = illdesk(*db, "appeal", "list", "--open").stdout
    assert f"line {line}" in shown and "Was like that" in shown
    decided = illdesk(*db, "appeal", "decide", appeal, "--upheld", "--note", "Agreed").stdout
    assert "upheld: the charge is waived" in decided
    assert "Balance: 0.00 USD" in illdesk(*db, "account", "show", CARD).stdout
    again = illdesk(*db, "appeal", "decide", appeal, "--denied", "--note", "x", check=False)
    assert again.returncode == 1 and "already upheld" in again.stderr


def test_lender_invoice_record_check_dispute_and_export(uow, db_url: str, tmp_path) -> None:
    seed_directory(uow)
    row = borrow(uow)
    db = ("--database", db_url)
    recorded = illdesk(
        *db,
        "lender-invoice",
        "record",
        "ORE",
        "OR-9",
        "--amount",
        "12",
        "--request",
        f"{row.number}=12.00",
    ).stdout
    assert "recorded (ORE OR-9)" in recorded and "agrees" in recorded
    ident = recorded.split()[2]
    bad = illdesk(
        *db,
        "lender-invoice",
        "record",
        "ORE",
        "OR-10",
        "--amount",
        "5",
        "--request",
        row.number,
        check=False,
    )
    assert bad.returncode == 1 and "NUMBER=AMOUNT" in bad.stderr
    assert "approved" in illdesk(*db, "lender-invoice", "approve", ident).stdout
    assert "OR-9" in illdesk(*db, "lender-invoice", "list").stdout
    out = tmp_path / "ap.csv"
    assert "Exported 1" in illdesk(*db, "lender-invoice", "export", str(out)).stdout


def test_payment_refund_pays_back_a_credit_and_refuses_more(uow, db_url: str) -> None:
    seed_directory(uow)
    row = borrow(uow)
    db = ("--database", db_url)
    illdesk(*db, "charge", "add", row.number, "--type", "damage", "--amount", "20")
    illdesk(*db, "payment", "add", CARD, "--amount", "30", "--reference", "CASH-9")
    too_much = illdesk(
        *db, "payment", "refund", CARD, "--amount", "10.01", "--reference", "R-1", check=False
    )
    assert too_much.returncode == 1 and "only 10.00 USD in credit" in too_much.stderr
    assert "Traceback" not in too_much.stderr
    back = illdesk(
        *db, "payment", "refund", CARD, "--amount", "10", "--reference", "R-1", "--method", "cash"
    )
    assert "Paid back 10.00 USD" in back.stdout and "Balance now 0.00 USD" in back.stdout
    shown = illdesk(*db, "account", "show", CARD).stdout
    assert "Paid back" in shown and "Balance: 0.00 USD" in shown


def test_invoices_in_from_lenders_and_the_courier_take_the_same_commands() -> None:
    from illdesk.cli.parser import build_parser

    parser = build_parser()
    for name in ("lender-invoice", "courier-invoice"):
        for argv, wanted in (
            (["check", "4"], {"id": 4}),
            (["dispute", "4", "--note", "Billed twice"], {"note": "Billed twice"}),
            (["export", "out.csv"], {}),
            (["list"], {}),
        ):
            args = parser.parse_args([name, *argv])
            assert getattr(args, f"{name.replace('-', '_')}_command") == argv[0]
            assert all(getattr(args, k) == v for k, v in wanted.items())
    courier = parser.parse_args(["courier-invoice", "approve", "2", "--note", "Stop not logged"])
    assert courier.note == "Stop not logged"
    record = parser.parse_args(
        ["lender-invoice", "record", "WAU", "W-1", "--amount", "5", "--request", "B-1=5",
         "--date", "2026-03-02"]
    )  # fmt: skip
    assert str(record.date) == "2026-03-02" and record.amount == "5"
