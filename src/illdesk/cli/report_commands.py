"""`illdesk report ...`: statistics on the terminal and in CSV files."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta

from illdesk.cli.context import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from illdesk.services.reports import archive, exports, figures, splits, surveys, years
from illdesk.services.session import DeskSession


def run_report(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk report REPORT`."""
    if args.report_command == "monthly":
        return monthly(args, session)
    if args.report_command == "range":
        return date_range(args, session)
    if args.report_command == "freeze":
        return freeze(args, session)
    if args.report_command == "correct":
        return correct(args, session)
    if args.report_command == "year":
        return year(args, session)
    if args.report_command == "survey":
        return survey(args, session)
    if args.report_command == "courier":
        return courier_report(args, session)
    return EXIT_USAGE


def _freeze_due(session: DeskSession) -> None:
    """Months past the freeze delay freeze whenever reports are looked at."""
    for month in archive.freeze_due(session.write()):
        print(f"({month} is now frozen: it ended long enough ago.)")


_LINE_HEADER = ("measure", "label", "value", "definition")


def _write_lines(args: argparse.Namespace, title: str, lines: tuple[figures.Line, ...]) -> None:
    rows: list[tuple[object, ...]] = [
        (line.key, line.label, line.value, line.definition) for line in lines
    ]
    _write(args, title, _LINE_HEADER, rows)


def _write(
    args: argparse.Namespace,
    title: str,
    header: tuple[str, ...],
    rows: list[tuple[object, ...]],
) -> None:
    if args.csv:
        exports.write_table(args.csv, header, rows)
        print(f"Written to {args.csv}.", file=sys.stderr if str(args.csv) == "-" else None)
    if args.xlsx:
        exports.write_xlsx(args.xlsx, [(title, header, rows)])
        print(f"Written to {args.xlsx}.")


def _print_lines(result: figures.Figures) -> None:
    heading = ""
    for line in result.lines:
        direction = line.key.split(".", 1)[0].capitalize()
        if direction != heading:
            heading = direction
            print(f"\n{heading}")
        print(f"  {line.label:<44} {exports.shown(line.value) or '-':>10}")


def monthly(args: argparse.Namespace, session: DeskSession) -> int:
    """`report monthly YYYY-MM [--by DIMENSION]`: the month's figures, frozen or live."""
    _freeze_due(session)
    if args.by:
        return monthly_split(args, session)
    report = archive.month_report(session.read(), args.month)
    if report.frozen_at is None:
        print(f"ILL statistics for {args.month} (counted from the history now; not frozen)")
    else:
        by = "automatically" if report.automatic else f"by {report.frozen_by or 'ILL Desk'}"
        print(f"ILL statistics for {args.month} (frozen {report.frozen_at:%d %b %Y} {by})")
    _print_lines(report.figures)
    for fix in report.corrections:
        print(
            f"  Correction {fix.made_at:%d %b %Y} by {fix.made_by or 'ILL Desk'}: {fix.measure} "
            f"{fix.old_value} -> {fix.new_value} ({fix.reason})"
        )
    _write_lines(args, args.month, report.figures.lines)
    if args.pdf:
        from illdesk.services.reports import documents  # noqa: PLC0415 - loads ReportLab

        documents.write_month_pdf(session.read(), report, args.pdf)
        print(f"Written to {args.pdf}.")
    return EXIT_OK


def freeze(args: argparse.Namespace, session: DeskSession) -> int:
    """`report freeze YYYY-MM | --due`."""
    if args.due:
        made = archive.freeze_due(session.write())
        print(f"Frozen: {', '.join(made)}." if made else "No month is due to freeze.")
        return EXIT_OK
    report = archive.freeze_month(session.write(), args.month)
    made_count = report.figures.value("borrowing.requests")
    print(
        f"{args.month} is frozen: its figures stay as they are now "
        f"({made_count} borrowing requests made)."
    )
    return EXIT_OK


def correct(args: argparse.Namespace, session: DeskSession) -> int:
    """`report correct YYYY-MM MEASURE VALUE --reason TEXT`."""
    fix = archive.correct(session.write(), args.month, args.measure, args.value, args.reason)
    print(
        f"{args.month} {fix.measure}: {fix.old_value} -> {fix.new_value}, recorded beside the "
        f"frozen figure ({fix.reason})."
    )
    return EXIT_OK


def year(args: argparse.Namespace, session: DeskSession) -> int:
    """`report year YYYY`: the fiscal year ending in YYYY, the sum of its months."""
    _freeze_due(session)
    report = years.fiscal_year(session.read, args.year)
    start, end = report.figures.start, report.figures.end - timedelta(days=1)
    print(
        f"Fiscal year {args.year} ({start:%d %b %Y} to {end:%d %b %Y}): the sum of "
        f"{len(report.months)} months, {report.frozen} of them frozen"
    )
    _print_lines(report.figures)
    _write_lines(args, f"FY{args.year}", report.figures.lines)
    return EXIT_OK


def survey(args: argparse.Namespace, session: DeskSession) -> int:
    """`report survey acrl|ipeds|imls|nys|arl --year YYYY`."""
    _freeze_due(session)
    filled = surveys.answer(session.read, args.survey, args.year)
    last = filled.end - timedelta(days=1)
    span = f"{filled.start:%d %b %Y} to {last:%d %b %Y}"
    print(f"{filled.survey.name}, fiscal year {args.year} ({span})")
    print(f"Definitions: {filled.survey.follows}")
    if filled.frozen < filled.months:
        print(
            f"({filled.months - filled.frozen} of its {filled.months} months are not frozen yet: "
            "their figures are counted now.)"
        )
    for code, label, value, definition in filled.rows:
        print(f"  {code:<15} {label:<66} {value:>8}")
        if definition:
            print(f"  {'':<15} {definition}")
    rows: list[tuple[object, ...]] = [tuple(row) for row in filled.rows]
    _write(
        args, f"{args.survey.upper()} FY{args.year}", ("item", "label", "value", "definition"), rows
    )
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
        _write_lines(args, f"{start.isoformat()} to {args.last.isoformat()}", result.lines)
        return EXIT_OK
    split = figures.breakdown(session.read(), start, end, args.by)
    print(f"ILL statistics by {split.heading.lower()}, {span}")
    _print_split(args, split)
    return EXIT_OK


def monthly_split(args: argparse.Namespace, session: DeskSession) -> int:
    """`report monthly YYYY-MM --by DIMENSION`: the month split, as frozen when it is."""
    found = splits.month_split(session.read(), args.month, args.by)
    split = found.breakdown
    print(f"ILL statistics for {args.month} by {split.heading.lower()} ({found.status})")
    _print_split(args, split)
    if args.pdf:
        from illdesk.services.reports import documents  # noqa: PLC0415 - loads ReportLab

        documents.write_split_pdf(session.read(), found, args.pdf)
        print(f"Written to {args.pdf}.")
    return EXIT_OK


def _print_split(args: argparse.Namespace, split: figures.Breakdown) -> None:
    """Each value with its counts that are not zero; the whole table to --csv/--xlsx."""
    for value, counts in split.rows:
        print(f"\n  {value}")
        said = [(k, c) for k, c in zip(split.keys, counts, strict=True) if c]
        for key, count in said:
            print(f"    {figures.split_label(key):<44} {count:>8}")
        if not said:
            print("    nothing counted")
    header = (split.by, *(figures.split_label(key) for key in split.keys))
    _write(args, f"by {split.by}", header, [(v, *c) for v, c in split.rows])


def privacy(args: argparse.Namespace, session: DeskSession) -> int:
    """`privacy purge [--dry-run]` and `privacy runs`."""
    from illdesk.services.reports.privacy import (  # noqa: PLC0415
        forget_replayed_scans,
        purge,
        purge_runs,
    )

    if args.privacy_command == "runs":
        runs = purge_runs(session.read())
        if not runs:
            print("No purge has removed anything yet.")
        for run in runs:
            print(
                f"{run.ran_at:%Y-%m-%d %H:%M} {run.ran_by or 'ILL Desk':<20} finished before "
                f"{run.cutoff:%d %b %Y}: {run.requests} request(s), {run.notices} notice "
                f"text(s), {run.patrons} patron record(s)"
            )
        return EXIT_OK

    done = purge(session.write(), dry_run=args.dry_run)
    scans = forget_replayed_scans(done.cutoff, dry_run=args.dry_run)
    verb = "would be" if done.dry_run else "were"
    print(
        f"Requests finished before {done.cutoff:%d %b %Y}: {done.requests} {verb} cleared of "
        f"patron data ({done.notices} notice texts); {done.patrons} patron record(s) {verb} "
        f"anonymised; {scans} scan(s) kept offline on this workstation and since replayed "
        f"{verb} deleted. Statistics are unchanged."
    )
    return EXIT_OK


def courier_report(args: argparse.Namespace, session: DeskSession) -> int:
    """`report courier FROM TO`: packages out and in, and the courier log."""
    from illdesk.services.reports import courier  # noqa: PLC0415

    if args.last < args.first:
        print("illdesk: the last day comes before the first: give FROM first, then TO.")
        return EXIT_FAILED
    rows, log = courier.report(session.read(), args.first, args.last + timedelta(days=1))
    print(f"Courier statistics, {args.first.isoformat()} to {args.last.isoformat()}")
    for r in rows:
        print(f"  {r.day}  {r.way:<3} {r.destination:<12} {r.method:<12} "
              f"{r.packages:>4} package(s) {r.items:>5} item(s)")  # fmt: skip
    out = sum(r.packages for r in rows if r.way == "out")
    came = sum(r.packages for r in rows if r.way == "in")
    print(f"  Packages out {out}, in {came}.")
    missed = [line for line in log if line.kind == "missed"]
    for line in log:
        print(f"  log {line.day}  {line.kind:<6} {line.route:<12} bins {line.bins} items "
              f"{line.items} {line.note}")  # fmt: skip
    print(f"  Days with a missed pick-up: {len({m.day for m in missed})}.")
    table: list[tuple[object, ...]] = []
    for r in rows:
        table.append((r.day.isoformat(), r.way, r.destination, r.method, r.packages, r.items, ""))
    for x in log:
        table.append((x.day.isoformat(), f"log {x.kind}", x.route, "", x.bins, x.items, x.note))
    _write(args, "courier", ("day", "way", "destination", "method", "packages", "items", "note"),
           table)  # fmt: skip
    return EXIT_OK


def courier_log(args: argparse.Namespace, session: DeskSession) -> int:
    """`courier log out|in|missed`."""
    from datetime import date  # noqa: PLC0415

    from illdesk.services.reports import courier  # noqa: PLC0415

    line = courier.record(
        session.write(), args.day or date.today(), args.kind, args.route, args.bins,
        args.items, args.note,
    )  # fmt: skip
    print(f"Courier log {line.day}: {line.kind} {line.route} bins {line.bins} items {line.items}.")
    return EXIT_OK
