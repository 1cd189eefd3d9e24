"""`illdesk report ...`: statistics on the terminal and in CSV files."""

from __future__ import annotations

import argparse
from datetime import timedelta

from illdesk.cli.context import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from illdesk.core import statistics as stats
from illdesk.services.reports import exports, figures
from illdesk.services.session import DeskSession


def run_report(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk report REPORT`."""
    if args.report_command == "monthly":
        return monthly(args, session)
    if args.report_command == "range":
        return date_range(args, session)
    return EXIT_USAGE


def _print_lines(result: figures.Figures) -> None:
    heading = ""
    for line in result.lines:
        direction = line.key.split(".", 1)[0].capitalize()
        if direction != heading:
            heading = direction
            print(f"\n{heading}")
        print(f"  {line.label:<44} {exports.shown(line.value) or '-':>10}")


def monthly(args: argparse.Namespace, session: DeskSession) -> int:
    """`report monthly YYYY-MM`: the month's figures."""
    try:
        start, end = stats.month_bounds(args.month)
    except ValueError as exc:
        print(f"illdesk: {exc}")
        return EXIT_FAILED
    result = figures.compute(session.read(), start, end)
    print(f"ILL statistics for {args.month} (counted from the history)")
    _print_lines(result)
    if args.csv:
        rows = [(line.key, line.label, line.value, line.definition) for line in result.lines]
        exports.write_table(args.csv, ("measure", "label", "value", "definition"), rows)
    return EXIT_OK


def date_range(args: argparse.Namespace, session: DeskSession) -> int:
    """`report range FROM TO [--by DIMENSION]`."""
    if args.last < args.first:
        print("illdesk: the last day comes before the first: give FROM first, then TO.")
        return EXIT_FAILED
    start, end = args.first, args.last + timedelta(days=1)
    span = f"{start.isoformat()} to {args.last.isoformat()}"
    if not args.by:
        result = figures.compute(session.read(), start, end)
        print(f"ILL statistics, {span}")
        _print_lines(result)
        if args.csv:
            rows: list[tuple[object, ...]] = [
                (line.key, line.label, line.value, line.definition) for line in result.lines
            ]
            exports.write_table(args.csv, ("measure", "label", "value", "definition"), rows)
        return EXIT_OK
    split = figures.breakdown(session.read(), start, end, args.by)
    labels = {m.key: m.label for m in stats.MEASURES}
    print(f"ILL statistics by {split.heading.lower()}, {span}")
    for value, counts in split.rows:
        shown = ", ".join(
            f"{k.split('.')[0][0].upper()} {labels.get(k, 'overdue').lower()} {c}"
            for k, c in zip(split.keys, counts, strict=True)
            if c
        )
        print(f"  {value}: {shown or 'nothing'}")
    if args.csv:
        exports.write_table(
            args.csv, (args.by, *split.keys), [(value, *counts) for value, counts in split.rows]
        )
    return EXIT_OK
