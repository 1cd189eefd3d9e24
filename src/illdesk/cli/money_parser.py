"""The arguments of the money commands: `account`, `charge`, `payment` (and, as they land,
`invoices`, `billing`, `ifm`). The commands themselves are `money_commands`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

# Spelled out here so that reading the command line loads no service; the architecture test
# keeps them equal to `core.money.DebitType` and `services.money.payments.METHODS`.
CHARGE_TYPES = (
    "lending_fee",
    "lender_charge",
    "replacement",
    "processing_fee",
    "damage",
    "shipping",
    "copyright_fee",
    "manual",
)
PAYMENT_METHODS = ("cheque", "transfer", "card", "cash", "ifm", "other")


def add_money_parser(commands: Any) -> None:
    """Add the money commands to the `illdesk` sub-command parsers."""
    account = commands.add_parser(
        "account", help="a patron's or partner library's account"
    ).add_subparsers(dest="account_command", metavar="ACTION", required=True)
    show = account.add_parser("show", help="the account's lines and balance")
    show.add_argument("who", metavar="CARD|SYMBOL", help="a patron's card or a library's symbol")
    close = account.add_parser(
        "close", help="close an account whose balance is zero (no more payments or charges)"
    )
    close.add_argument("who", metavar="CARD|SYMBOL")
    close.add_argument("--note", required=True, help="why it is closed (kept with the account)")
    reopen = account.add_parser("reopen", help="open a closed account again")
    reopen.add_argument("who", metavar="CARD|SYMBOL")
    statement = account.add_parser(
        "statement",
        help="queue a statement of account (open charges, payments, balance) in the outbox",
        description="An e-mail, or a printed letter for those who get paper; it goes with "
        "`illdesk notices send` or `illdesk notices print` like every notice.",
    )
    statement.add_argument("who", metavar="CARD|SYMBOL")

    charge = commands.add_parser("charge", help="charges on requests").add_subparsers(
        dest="charge_command", metavar="ACTION", required=True
    )
    add = charge.add_parser(
        "add",
        help="charge a request's patron (borrowing) or borrowing library (lending)",
        description="The charge is written in the request's history and undoing it there "
        "takes it back.",
    )
    add.add_argument("number", metavar="NUMBER", help="the request number")
    add.add_argument("--type", required=True, choices=CHARGE_TYPES, help="what it is for")
    add.add_argument("--amount", required=True, help="e.g. 12.50 (in the library's currency)")
    add.add_argument("--reason", default="", help="a note kept with the charge")
    waive = charge.add_parser("waive", help="waive what is still owed on one charge line")
    waive.add_argument("line", type=int, metavar="LINE", help="the line number (account show)")
    waive.add_argument("--reason", required=True, help="why (kept with the account)")
    waive.add_argument(
        "--write-off", action="store_true", help="a write-off (uncollectable), not a waiver"
    )

    payment = commands.add_parser(
        "payment", help="payments received and refunds paid back"
    ).add_subparsers(dest="payment_command", metavar="ACTION", required=True)
    pay = payment.add_parser("add", help="record a payment from a library or a patron")
    pay.add_argument("who", metavar="SYMBOL|CARD", help="a library's symbol or a patron's card")
    pay.add_argument("--amount", required=True, help="e.g. 45.00")
    pay.add_argument(
        "--reference", required=True, help="the cheque or transfer number (recorded once)"
    )
    pay.add_argument("--invoice", default="", metavar="NUMBER", help="the invoice it pays")
    pay.add_argument("--method", choices=PAYMENT_METHODS, default="cheque")
    pay.add_argument(
        "--date", type=date.fromisoformat, default=None, help="when received (YYYY-MM-DD)"
    )

    back = payment.add_parser(
        "refund",
        help="pay back a library or a patron whose account is in credit",
        description="Never more than the account holds in credit. When the credit paid back "
        "belongs to one request (or --request names it), the refund is in that request's "
        "history and Undo there takes it back.",
    )
    back.add_argument("who", metavar="SYMBOL|CARD", help="a library's symbol or a patron's card")
    back.add_argument("--amount", required=True, help="e.g. 80.00 (at most the credit)")
    back.add_argument(
        "--reference", required=True, help="the number of the cheque or transfer we sent (once)"
    )
    back.add_argument("--method", choices=PAYMENT_METHODS, default="cheque")
    back.add_argument(
        "--request", default="", metavar="NUMBER", help="pay back only this request's credit"
    )
    back.add_argument(
        "--date", type=date.fromisoformat, default=None, help="when paid (YYYY-MM-DD)"
    )

    invoices = commands.add_parser("invoices", help="invoices to partner libraries").add_subparsers(
        dest="invoices_command", metavar="ACTION", required=True
    )
    make = invoices.add_parser(
        "make",
        help="invoice what libraries owe (one invoice per library; never for nothing)",
        description="Bills the open charges of partner libraries that no invoice holds yet "
        "(lending fees of IFM libraries are left to IFM), one invoice per library, and "
        "writes one PDF per invoice into the folder.",
    )
    make.add_argument("--library", default="", metavar="SYMBOL", help="only this library")
    make.add_argument("--month", default="", metavar="YYYY-MM", help="only charges of this month")
    make.add_argument("--request", default="", metavar="NUMBER", help="only this request")
    make.add_argument("--pdf", type=Path, required=True, metavar="DIR", help="folder for PDFs")
    listing = invoices.add_parser("list", help="invoices, newest first")
    listing.add_argument("--unpaid", action="store_true", help="only those still owed")
    pdf = invoices.add_parser("pdf", help="write invoices again as PDF")
    pdf.add_argument("numbers", nargs="+", metavar="NUMBER")
    pdf.add_argument("--pdf", type=Path, required=True, metavar="DIR")
    void = invoices.add_parser("void", help="void a sent invoice and reissue what it still bills")
    void.add_argument("number", metavar="NUMBER")
    void.add_argument("--reason", required=True)
    void.add_argument("--pdf", type=Path, metavar="DIR", help="folder for the reissue's PDF")
    dispute = invoices.add_parser("dispute", help="mark an invoice disputed by the library")
    dispute.add_argument("number", metavar="NUMBER")
    dispute.add_argument("--note", required=True, help="what the library disputes")

    billing = commands.add_parser("billing", help="billing reports").add_subparsers(
        dest="billing_command", metavar="ACTION", required=True
    )
    billing.add_parser("aging", help="unpaid invoices by library: 0-30, 31-60, 61-90, over 90 days")

    ifm = commands.add_parser("ifm", help="OCLC IFM").add_subparsers(
        dest="ifm_command", metavar="ACTION", required=True
    )
    recon = ifm.add_parser(
        "reconcile",
        help="compare OCLC's monthly IFM report (CSV) with ILL Desk",
        description="Columns (any order, any case): Request ID (our request number or the "
        "lender's reference), Lender/Borrower Symbol, Amount, Debit/Credit. Lists matched, "
        "amount differs, other library, missing here, missing on the report.",
    )
    recon.add_argument("file", type=Path, metavar="FILE.csv")
    recon.add_argument("--month", default="", metavar="YYYY-MM", help="the month it covers")

    appeal = commands.add_parser("appeal", help="disputed charges").add_subparsers(
        dest="appeal_command", metavar="ACTION", required=True
    )
    opened = appeal.add_parser("open", help="record that a charge is disputed")
    opened.add_argument("line", type=int, metavar="LINE", help="the charge's line (account show)")
    opened.add_argument("--note", required=True, help="what the patron or library says")
    decided = appeal.add_parser("decide", help="uphold (waive the charge) or deny an appeal")
    decided.add_argument("appeal", type=int, metavar="APPEAL")
    verdict = decided.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--upheld", action="store_true", help="the charge is waived")
    verdict.add_argument("--denied", action="store_true", help="the charge stands")
    decided.add_argument("--note", required=True, help="why")
    listed = appeal.add_parser("list", help="appeals, newest first")
    listed.add_argument("--open", action="store_true", help="only those not decided yet")

    lender = _invoices_in(
        commands,
        "lender-invoice",
        "invoices from lenders: record, check, approve or dispute",
        checks="what does not agree",
        listed="every lender's invoice, newest first",
        exported="approved invoices as CSV for accounts payable",
        approve_note="",  # approval is refused while the check finds a problem
    )
    rec = lender.add_parser("record", help="record a lender's invoice and the requests it bills")
    rec.add_argument("symbol", metavar="SYMBOL", help="the lender")
    rec.add_argument("number", metavar="THEIR_NUMBER", help="the lender's invoice number")
    _amount_and_date(rec)
    rec.add_argument(
        "--request",
        action="append",
        required=True,
        metavar="NUMBER=AMOUNT",
        help="a request it bills and the amount for it (repeat for each)",
    )

    courier = _invoices_in(
        commands,
        "courier-invoice",
        "invoices from the courier: record, check, approve or dispute",
        checks="the invoice beside what the desk saw",
        listed="every courier invoice, newest period first",
        exported="approved courier invoices as CSV for accounts payable",
        approve_note="why it is right although its check found something",
    )
    rec = courier.add_parser(
        "record",
        help="record a courier invoice for a period",
        description="Checked at once against the packages sent by courier, the loans and "
        "returns received from courier libraries and the desk's courier log in the period.",
    )
    rec.add_argument("courier", metavar="COURIER", help="the courier's name, as on the invoice")
    rec.add_argument("number", metavar="THEIR_NUMBER", help="the courier's invoice number")
    rec.add_argument("--from", dest="first", type=date.fromisoformat, required=True,
                     metavar="DATE", help="first day billed (YYYY-MM-DD)")  # fmt: skip
    rec.add_argument("--to", dest="last", type=date.fromisoformat, required=True,
                     metavar="DATE", help="last day billed (YYYY-MM-DD)")  # fmt: skip
    for counted in ("stops", "bins", "items"):
        rec.add_argument(f"--{counted}", type=int, default=0, help=f"{counted} billed")
    _amount_and_date(rec)

    lost = commands.add_parser(
        "lost", help="the daily lost declaration, and items patrons claim they returned"
    ).add_subparsers(dest="lost_command", metavar="ACTION", required=True)
    run = lost.add_parser(
        "run",
        help="declare lost what the money rules say is lost today (charges included)",
        description="Borrowed items overdue from the patron by money.lost_after_days_overdue_"
        "borrowing, in transit from the lender for money.lost_after_days_in_transit, lent items "
        "overdue by money.lost_after_days_overdue_lending; an item claimed returned waits "
        "money.claims_returned_search_days. Each is Mark lost on its request, undoable there.",
    )
    run.add_argument("--dry-run", action="store_true", help="list them, change nothing")
    run.add_argument("--date", type=date.fromisoformat, default=None, help="as if on this day")
    claim = lost.add_parser(
        "claims-returned", help="the patron says the item is back: search before billing"
    )
    claim.add_argument("number", metavar="NUMBER")
    claim.add_argument("--note", default="", help="what the patron said")


def _invoices_in(
    commands: Any,
    name: str,
    text: str,
    *,
    checks: str,
    listed: str,
    exported: str,
    approve_note: str,
) -> Any:
    """The commands an invoice in (from a lender or the courier) shares: check, approve,
    dispute, list and export; the caller adds `record`. `approve_note` is the help of an
    approval's --note ("" for none)."""
    verbs = commands.add_parser(name, help=text).add_subparsers(
        dest=f"{name.replace('-', '_')}_command", metavar="ACTION", required=True
    )
    verbs.add_parser("check", help=checks).add_argument("id", type=int, metavar="ID")
    approve = verbs.add_parser("approve", help="approve for payment")
    approve.add_argument("id", type=int, metavar="ID")
    if approve_note:
        approve.add_argument("--note", default="", help=approve_note)
    dispute = verbs.add_parser("dispute", help="dispute it")
    dispute.add_argument("id", type=int, metavar="ID")
    dispute.add_argument("--note", required=True, help="what is disputed")
    verbs.add_parser("list", help=listed)
    verbs.add_parser("export", help=exported).add_argument("file", type=Path, metavar="FILE.csv")
    return verbs


def _amount_and_date(record: Any) -> None:
    """The total and the day received, which every invoice in records."""
    record.add_argument("--amount", required=True, help="the invoice total")
    record.add_argument(
        "--date", type=date.fromisoformat, default=None, help="when received (YYYY-MM-DD)"
    )
