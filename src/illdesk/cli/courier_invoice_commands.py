"""`illdesk courier-invoice record | check | approve | dispute | list | export` (arguments:
`money_parser`)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from illdesk.cli.context import EXIT_OK
from illdesk.services.session import DeskSession

if TYPE_CHECKING:
    from illdesk.services.money.courier_invoices import CourierInvoiceView


def run_courier_invoice(args: argparse.Namespace, session: DeskSession) -> int:
    """One courier-invoice command."""
    from illdesk.services.money import courier_invoices  # noqa: PLC0415

    command = args.courier_invoice_command
    if command == "record":
        view = courier_invoices.record(
            session.write(),
            courier_invoices.NewCourierInvoice(
                args.courier, args.number, args.first, args.last,
                args.stops, args.bins, args.items, args.amount, args.date,
            ),
        )  # fmt: skip
        print(f"Courier invoice {view.id} recorded ({view.courier} {view.their_number}).")
        _print_check(view)
        return EXIT_OK
    if command == "check":
        _print_check(courier_invoices.check(session.read(), args.id))
        return EXIT_OK
    if command in {"approve", "dispute"}:
        view = courier_invoices.decide(
            session.write(), args.id, approve=command == "approve", note=args.note
        )
        print(f"Courier invoice {view.id} {view.status}.")
        return EXIT_OK
    if command == "export":
        count = courier_invoices.export_approved(session.read(), args.file)
        print(f"Exported {count} approved courier invoice(s) to {args.file}.")
        return EXIT_OK
    rows = courier_invoices.list_invoices(session.read())
    if not rows:
        print("No courier invoices recorded.")
    for view in rows:
        flag = f"  ({len(view.problems)} problem(s))" if view.problems else ""
        per = f"  {view.cost_per_package}/package" if view.cost_per_package else ""
        print(
            f"{view.id:>5}  {view.courier:<16} {view.their_number:<14} "
            f"{view.first:%Y-%m-%d}..{view.last:%Y-%m-%d}  {view.amount:>9}  "
            f"{view.status}{per}{flag}"
        )
    return EXIT_OK


def _print_check(view: CourierInvoiceView) -> None:
    seen = view.seen
    print(f"Period {view.first:%Y-%m-%d} to {view.last:%Y-%m-%d}   amount {view.amount}")
    print(f"{'':<24}{'billed':>10}{'desk saw':>10}")
    print(f"{'stops (days)':<24}{view.stops:>10}{seen.stop_days:>10}")
    print(f"{'bins':<24}{view.bins:>10}{seen.bins_logged:>10}")
    print(f"{'items':<24}{view.items:>10}{seen.items:>10}")
    print(
        f"Packages sent {seen.packages_out} ({seen.items_out} items), received "
        f"{seen.packages_in} ({seen.items_in} items); missed stops logged: {seen.missed_days}."
    )
    per_package = view.cost_per_package if view.cost_per_package is not None else "—"
    per_item = view.cost_per_item if view.cost_per_item is not None else "—"
    print(f"Cost per package: {per_package}   per item: {per_item}")
    if not view.problems:
        print("Checked: it agrees with what the desk saw.")
    for problem in view.problems:
        print(f"PROBLEM: {problem}")
