"""`illdesk account`, `charge` and `payment`: the money commands (arguments: `money_parser`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from illdesk.cli.context import EXIT_OK, EXIT_USAGE
from illdesk.core.money import AGING_BUCKETS, CreditType
from illdesk.services.money import accounts, billing, charges, invoices, payments
from illdesk.services.session import DeskSession


def run_money(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch one money command."""
    if args.command == "account" and args.account_command == "show":
        return show_account(session, args.who)
    if args.command == "account" and args.account_command == "statement":
        from illdesk.services.money import statements  # noqa: PLC0415

        made = statements.queue_statement(session.write(), args.who)
        print(made.message)
        print(f"Notice {made.notice_id}; it goes with the next 'illdesk notices send' or 'print'.")
        return EXIT_OK
    if args.command == "account":
        from illdesk.services.money import account_closing  # noqa: PLC0415

        if args.account_command == "close":
            print(account_closing.close_account(session.write(), args.who, args.note).message)
        else:
            print(account_closing.reopen_account(session.write(), args.who).message)
        return EXIT_OK
    if args.command == "charge" and args.charge_command == "add":
        done = charges.add_charge(session.write(), args.number, args.type, args.amount, args.reason)
        print(done.message)
        return EXIT_OK
    if args.command == "charge" and args.charge_command == "waive":
        kind = CreditType.WRITE_OFF if args.write_off else CreditType.WAIVER
        waived = payments.waive(session.write(), args.line, args.reason, kind=kind)
        print(waived.message)
        return EXIT_OK
    if args.command == "invoices":
        return run_invoices(args, session)
    if args.command == "lender-invoice":
        return run_lender_invoice(args, session)
    if args.command == "appeal":
        return run_appeal(args, session)
    if args.command == "lost":
        return run_lost(args, session)
    if args.command == "courier-invoice":
        from illdesk.cli.courier_invoice_commands import run_courier_invoice  # noqa: PLC0415

        return run_courier_invoice(args, session)
    if args.command == "ifm":
        return show_reconciliation(session, args.file, args.month)
    if args.command == "billing":
        return show_aging(session)
    if args.command == "export":
        count = billing.export_ledger(session.read(), args.file, args.first, args.last)
        to_stdout = str(args.file) == "-"
        where = "standard output" if to_stdout else args.file
        print(f"Exported {count} ledger lines to {where}.", file=sys.stderr if to_stdout else None)
        return EXIT_OK
    if args.command == "payment" and args.payment_command == "refund":
        from illdesk.services.money import refunds  # noqa: PLC0415

        back = refunds.refund(
            session.write(),
            args.who,
            args.amount,
            args.reference,
            method=args.method,
            paid_on=args.date,
            request=args.request,
        )
        print(back.message)
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
        print(f"This account is closed{' ' + view.closed_why if view.closed_why else ''}.")
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


def _write_pdfs(session: DeskSession, numbers: list[str], folder: Path) -> None:
    from illdesk.services.money.invoice_documents import write_pdfs  # noqa: PLC0415 - ReportLab

    for path in write_pdfs(session.read(), numbers, folder):
        print(f"  {path}")


def run_invoices(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk invoices make | list | pdf | void | dispute`."""
    if args.invoices_command == "make":
        made = invoices.make_invoices(
            session.write(), library=args.library, month=args.month, request=args.request
        )
        if not made:
            print("Nothing to invoice: no library owes anything that is not invoiced already.")
            return EXIT_OK
        print(f"{len(made)} invoice(s) made: {', '.join(made)}")
        _write_pdfs(session, made, args.pdf)
        return EXIT_OK
    if args.invoices_command == "list":
        rows = invoices.list_invoices(session.read(), unpaid=args.unpaid)
        if not rows:
            print("No invoices." if not args.unpaid else "No unpaid invoices.")
            return EXIT_OK
        print(
            f"{'invoice':<16} {'date':<10}  {'library':<10} {'status':<12} "
            f"{'total':>10} {'owed':>10}"
        )
        for inv in rows:
            print(
                f"{inv.number:<16} {inv.issued_on:%Y-%m-%d}  {inv.symbol:<10} "
                f"{inv.status_label:<12} {inv.total:>10} {inv.owed:>10}"
            )
        print(f"({len(rows)} invoice(s); amounts in {rows[0].currency})")
        return EXIT_OK
    if args.invoices_command == "pdf":
        _write_pdfs(session, [n.upper() for n in args.numbers], args.pdf)
        return EXIT_OK
    if args.invoices_command == "void":
        voided, reissued = invoices.void_and_reissue(session.write(), args.number, args.reason)
        if reissued:
            print(f"Invoice {voided} is void; reissued as {reissued}.")
            if args.pdf:
                _write_pdfs(session, [reissued], args.pdf)
        else:
            print(f"Invoice {voided} is void; nothing is owed on it any more, so no reissue.")
        return EXIT_OK
    print(invoices.dispute(session.write(), args.number, args.note))
    return EXIT_OK


def show_aging(session: DeskSession) -> int:
    """`illdesk billing aging`: unpaid invoices by library and age."""
    report = billing.aging(session.read())
    print(f"Aging of unpaid invoices on {report.today:%Y-%m-%d} (in {report.currency})")
    heads = "".join(f"{b + ' days' if b[0].isdigit() else b:>14}" for b in AGING_BUCKETS)
    print(f"{'library':<12}{heads}{'total':>14}")
    for row in report.rows:
        cells = "".join(f"{amount:>14}" for amount in row.buckets)
        print(f"{row.symbol:<12}{cells}{row.total:>14}")
    totals = "".join(f"{amount:>14}" for amount in report.totals)
    print(f"{'all':<12}{totals}{sum(report.totals):>14}")
    return EXIT_OK


def show_reconciliation(session: DeskSession, path: Path, month: str) -> int:
    """`illdesk ifm reconcile FILE.csv`: every finding, mismatches first, then the counts."""
    from illdesk.core.ifm import Finding  # noqa: PLC0415
    from illdesk.services.money.ifm import reconcile_file  # noqa: PLC0415

    done = reconcile_file(session.read(), path, month)
    print(f"IFM reconciliation of {path.name} (month: {done.month})")
    order = list(Finding)
    for result in sorted(done.results, key=lambda r: (order.index(r.finding) * -1, r.line or 0)):
        if result.finding is Finding.MATCHED:
            continue
        where = f"line {result.line}" if result.line else "—"
        there = "" if result.amount_there is None else str(result.amount_there)
        here = "" if result.amount_here is None else str(result.amount_here)
        print(
            f"  {result.finding.label:<26} {where:<9} {result.number or '—':<13} "
            f"{result.symbol:<8} report {there:>8}  here {here:>8}  {result.note}".rstrip()
        )
    counts = done.counts
    print(", ".join(f"{finding.label}: {counts[finding]}" for finding in order))
    return EXIT_OK


def run_appeal(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk appeal open | decide | list`."""
    from illdesk.services.money import appeals  # noqa: PLC0415

    if args.appeal_command == "open":
        view = appeals.open_appeal(session.write(), args.line, args.note)
        print(f"Appeal {view.id} opened on line {view.line_id} ({view.what} {view.amount}).")
        return EXIT_OK
    if args.appeal_command == "decide":
        view = appeals.decide(session.write(), args.appeal, upheld=args.upheld, note=args.note)
        print(
            f"Appeal {view.id} {view.status}" + (": the charge is waived." if args.upheld else ".")
        )
        return EXIT_OK
    rows = appeals.list_appeals(session.read(), only_open=args.open)
    if not rows:
        print("No appeals.")
    for view in rows:
        decided = f", decided {view.decided_on:%Y-%m-%d}" if view.decided_on else ""
        print(
            f"{view.id:>5}  line {view.line_id:<7} {view.what:<24} {view.amount:>9}  "
            f"{view.status:<7} opened {view.opened_on:%Y-%m-%d}{decided}"
        )
        for note in view.notes.splitlines():
            print(f"         {note}")
    return EXIT_OK


def run_lender_invoice(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk lender-invoice record | check | approve | dispute | list | export`."""
    from illdesk.services.errors import InvalidInput  # noqa: PLC0415
    from illdesk.services.money import lender_invoices  # noqa: PLC0415

    command = args.lender_invoice_command
    if command == "record":
        lines = []
        for given in args.request:
            number, sep, amount = given.partition("=")
            if not sep:
                raise InvalidInput(f"“{given}”: write each request as NUMBER=AMOUNT.")
            lines.append((number.strip(), amount.strip()))
        view = lender_invoices.record(
            session.write(), args.symbol, args.number, args.amount, lines, received_on=args.date
        )
        print(f"Lender's invoice {view.id} recorded ({view.symbol} {view.their_number}).")
        _print_lender_invoice(view)
        return EXIT_OK
    if command == "check":
        _print_lender_invoice(lender_invoices.check(session.read(), args.id))
        return EXIT_OK
    if command in {"approve", "dispute"}:
        view = lender_invoices.decide(
            session.write(), args.id, approve=command == "approve", note=getattr(args, "note", "")
        )
        print(f"Lender's invoice {view.id} {view.status}.")
        return EXIT_OK
    if command == "list":
        for view in lender_invoices.list_invoices(session.read()):
            flag = f"  ({len(view.problems)} problem(s))" if view.problems else ""
            print(
                f"{view.id:>5}  {view.symbol:<8} {view.their_number:<16} "
                f"{view.received_on:%Y-%m-%d}  {view.amount:>9}  {view.status}{flag}"
            )
        return EXIT_OK
    count = lender_invoices.export_approved(session.read(), args.file)
    print(f"Exported {count} approved lender's invoice(s) to {args.file}.")
    return EXIT_OK


def _print_lender_invoice(view: object) -> None:
    lines = getattr(view, "lines", ())
    for number, amount in lines:
        print(f"  {number:<14} {amount:>9}")
    problems = getattr(view, "problems", ())
    if not problems:
        print("Checked: it agrees with the requests and the lender's terms.")
    for problem in problems:
        print(f"PROBLEM: {problem}")


def run_lost(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk lost run [--dry-run] | claims-returned NUMBER`."""
    from illdesk.services.money import lost_run  # noqa: PLC0415

    if args.lost_command == "claims-returned":
        print(lost_run.claim_returned(session.write(), args.number, args.note))
        return EXIT_OK
    found = lost_run.declare_lost(session.write, args.date, dry_run=args.dry_run)
    if not found:
        print("Nothing counts as lost today.")
        return EXIT_OK
    for item in found:
        print(f"{item.number:<14} {item.reason:<48} {item.message}")
    done = sum(1 for item in found if item.done)
    if args.dry_run:
        print(f"{len(found)} item(s) would be declared lost (dry run: nothing changed).")
    else:
        print(f"{done} item(s) declared lost, {len(found) - done} not.")
    return EXIT_OK
