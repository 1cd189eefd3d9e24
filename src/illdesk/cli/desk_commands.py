"""`illdesk request show`, `illdesk queue list` and `illdesk scan`: the desk's work, headless."""

from __future__ import annotations

import argparse
import sys

from illdesk.cli.context import EXIT_FAILED, EXIT_OK
from illdesk.core.queues import SHIPPING_HEADINGS
from illdesk.core.vocabulary import DeliveryMethod, reason_text
from illdesk.services.desk import scan_batch
from illdesk.services.desk.queues import all_queues, queue_counts
from illdesk.services.desk.requests import get_detail
from illdesk.services.desk.scan import DeskMode
from illdesk.services.errors import ServiceError
from illdesk.services.session import DeskSession
from illdesk.services.shipping.package_lines import describe_package
from illdesk.services.shipping.packages import ShippingGroup, shipping_groups


def show_request(session: DeskSession, number: str) -> int:
    """`illdesk request show NUMBER`: a request and its full history."""
    d = get_detail(session.read(), number)
    row = d.row
    lines = [
        f"{row.number}  {row.direction} {row.service} ({row.format})  —  {row.status_label}"
        + (f"  [OVERDUE: {row.overdue}]" if row.overdue else ""),
        "",
    ]
    for name, value in d.citation.as_dict().items():
        if value:
            lines.append(f"  {name.replace('_', ' '):<16} {value}")
    if d.patron:
        lines.append(
            f"  {'patron':<16} {d.patron.display_name} (card {d.patron.card_barcode}, "
            f"{d.patron.patron_type}, pickup: {d.patron.pickup_location or '—'})"
        )
    if d.library:
        lines.append(f"  {'library':<16} {d.library.symbol} — {d.library.name}")
    facts: tuple[tuple[str, object], ...] = (
        ("need before", row.need_before),
        ("lender due", row.lender_due_date),
        ("patron due", row.patron_due_date),
        ("renewals", d.renewals or None),
        ("restrictions", d.restrictions),
        ("conditions", d.conditions),
        ("reason", reason_text(d.reason)),
        ("copyright", d.copyright_code.upper()),
        ("item barcode", d.item_barcode),
        ("our barcode", d.temp_barcode),
        ("call number", d.call_number),
        ("location", d.location),
        ("lender ref.", d.lender_reference),
        *(("package", describe_package(p)) for p in d.packages),
        ("staff note", d.note),
    )
    for label, fact in facts:
        if fact:
            lines.append(f"  {label:<16} {fact}")
    if d.rota:
        lines.append("")
        lines.append("  Lender string:")
        for i, entry in enumerate(d.rota, 1):
            extra = f" ({reason_text(entry.reason)})" if entry.reason else ""
            lines.append(
                f"    {i}. {entry.symbol:<8} {entry.answer.value.replace('_', ' ')}{extra}"
            )
    lines.append("")
    lines.append("  History:")
    for e in d.timeline:
        when = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
        move = f"{e.from_label} → {e.to_label}" if e.from_status != e.to_status else e.to_label
        who = f"{e.staff_name}" + (f" @ {e.workstation}" if e.workstation else "")
        undone = "  (undone)" if e.undone else ""
        lines.append(f"    {when}  {e.action_label:<28} {move:<44} {who}{undone}")
        if e.summary:
            lines.append(f"{'':>24}{e.summary}")
    if d.actions:
        lines.append("")
        lines.append("  Possible now: " + ", ".join(a.label for a in d.actions))
    print("\n".join(lines))
    return EXIT_OK


def queue_list(session: DeskSession) -> int:
    """`illdesk queue list`: every queue with its count, and what waits to be shipped."""
    queues = all_queues(session.read())
    counts = queue_counts(session.read(), queues)
    groups = shipping_groups(session.read())
    lines: list[str] = []
    current = None
    for queue in queues:
        if queue.group != current:
            current = queue.group
            lines.append(current)
        lines.append(f"  {queue.title:<40} {counts[queue.key]:>7}")
        if queue.key == "s-loans":
            lines += _shipping_lines(groups)
    print("\n".join(lines))
    return EXIT_OK


def _shipping_lines(groups: tuple[ShippingGroup, ...]) -> list[str]:
    """What waits to go out, a heading per delivery method and a line per library."""
    lines: list[str] = []
    method = None
    for group in groups:
        if group.method is not method:
            method = group.method
            lines.append(f"  {SHIPPING_HEADINGS[method]}")
        where = f"{group.library_symbol} — {group.library_name}"
        lines.append(f"    {where[:38]:<38} {group.count:>7}")
    return lines


def scan(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk scan`: barcodes acted on as the scanning desk does, one line each."""
    scans = list(args.barcodes)
    if args.from_file:
        scans.extend(scan_batch.read_scan_file(args.from_file))
    if not scans:
        raise ServiceError("Give barcodes to scan, or --from FILE.")
    report = scan_batch.run_batch(
        session.database,
        session.actor,
        scans,
        DeskMode(args.mode),
        DeliveryMethod(args.method) if args.method else None,
        on_line=print,
    )
    if report.stopped:
        print(f"illdesk: {report.stopped}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK if report.all_done else EXIT_FAILED
