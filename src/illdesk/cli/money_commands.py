"""`illdesk account`, `charge` and `payment`: the money commands (arguments: `money_parser`)."""

from __future__ import annotations

import argparse

from illdesk.cli.context import EXIT_OK, EXIT_USAGE
from illdesk.core.money import CreditType
from illdesk.services.money import accounts, charges, payments
from illdesk.services.session import DeskSession


def run_money(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch one money command."""
    if args.command == "account":
        return show_account(session, args.who)
    if args.command == "charge" and args.charge_command == "add":
        done = charges.add_charge(session.write(), args.number, args.type, args.amount, args.reason)
        print(done.message)
        return EXIT_OK
    if args.command == "charge" and args.charge_command == "waive":
        kind = CreditType.WRITE_OFF if args.write_off else CreditType.WAIVER
        waived = payments.waive(session.write(), args.line, args.reason, kind=kind)
        print(waived.message)
        return EXIT_OK
    if args.command == "payment":
        paid = payments.add_payment(
            session.write(),
            args.who,
            args.amount,
            args.reference,
            method=args.method,
            received_on=args.date,
            invoice=args.invoice,
        )
        print(paid.message)
        return EXIT_OK
    return EXIT_USAGE


def show_account(session: DeskSession, who: str) -> int:
    """`illdesk account show CARD|SYMBOL`: every line and the balance."""
    view = accounts.show_account(session.read(), who)
    kind = "Patron" if view.owner_kind == "patron" else "Library"
    print(f"{kind} {view.key} — {view.name}   (amounts in {view.currency})")
    if view.closed:
        print("This account is closed.")
    if not view.lines:
        print("No charges or payments yet.")
    else:
        print(f"{'line':>6}  {'date':<10}  {'request':<12}  {'what':<24}  {'amount':>10}  note")
        for line in view.lines:
            note = line.reason + ("  [voided]" if line.voided else "")
            print(
                f"{line.id:>6}  {line.at:%Y-%m-%d}  {line.request_number or '—':<12}  "
                f"{line.label:<24}  {line.amount:>10}  {note}".rstrip()
            )
    print(f"Balance: {view.balance} {view.currency}")
    if view.blocked:
        print(
            "BLOCKED: this patron owes more than the block limit (no new requests or check-outs)."
        )
    return EXIT_OK
