"""`illdesk db`, `demo`, `settings`, `close`, `export` and `import`."""

from __future__ import annotations

import argparse
import getpass
import sys

from illdesk.cli.context import EXIT_FAILED, EXIT_OK, ask, database_url
from illdesk.services.admin import databases, transfer, workstation
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk.calendar import close_library
from illdesk.services.session import DeskSession


def db(args: argparse.Namespace) -> int:
    """`illdesk db use | password | upgrade | check`."""
    if args.db_command == "use":
        shown = databases.use_database(args.url, args.name)
        print(f"This workstation now uses {args.name}: {shown}")
        return EXIT_OK
    if args.db_command == "password":
        password = getpass.getpass("Database password (not shown): ")
        workstation.store_password(args.url, password)
        print("The password is kept in this computer's keyring.")
        return EXIT_OK
    url = database_url(args)
    state = databases.revision(url)
    if args.db_command == "upgrade":
        if state.up_to_date:
            print(f"The database is up to date (revision {state.head}).")
            return EXIT_OK
        confirm = (lambda _m: True) if args.yes else (ask if sys.stdin.isatty() else None)
        databases.upgrade(url, confirm)
        print(f"The database is now at revision {state.head} (was {state.current or 'empty'}).")
        return EXIT_OK
    session = DeskSession.opening(url, "ILL Desk", "", create=False)
    try:
        report = check_database(session.read(), limit=args.limit)
    finally:
        session.close()
    print(f"Database: {session.display_name}")
    print(f"Migration revision: {report.revision} (this ILL Desk: {report.head})")
    print(f"Request histories replayed: {report.requests_checked}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    print("All checks passed." if report.ok else f"{len(report.problems)} problem(s) found.")
    return EXIT_OK if report.ok else EXIT_FAILED


def demo(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk demo`: a made-up workspace, into an empty database only (or, with --force,
    in place of a demo made earlier)."""

    on_terminal = sys.stderr.isatty()
    shown = {"tenth": -1}

    def progress(done: int, total: int) -> None:
        if on_terminal:  # one line that counts up
            print(f"\r  requests {done}/{total}", end="", file=sys.stderr, flush=True)
            return
        tenth = done * 10 // max(total, 1)  # a log or a pipe: a line at every tenth
        if tenth != shown["tenth"]:
            shown["tenth"] = tenth
            print(f"  requests {done}/{total}", file=sys.stderr, flush=True)

    made = make_demo(
        session.database,
        size=DemoSize(args.libraries, args.patrons, args.requests),
        seed=args.seed,
        progress=progress,
        force=args.force,
    )
    if on_terminal:
        print(file=sys.stderr)
    print(
        f"Demo workspace ready ({session.display_name}): {made['libraries']} partner "
        f"libraries, {made['patrons']} patrons, {made['requests']} requests, "
        f"{made['staff']} staff."
    )
    return EXIT_OK


def transfer_csv(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk export | import WHAT FILE`."""
    if args.command == "export":
        count = transfer.export_csv(session.write(), args.what, args.file)
        to_stdout = str(args.file) == "-"  # the rows went to standard output: say so aside
        where = "standard output" if to_stdout else args.file
        print(f"Exported {count} {args.what} to {where}.", file=sys.stderr if to_stdout else None)
        return EXIT_OK
    result = transfer.import_csv(session.write(), args.what, args.file)
    if result.errors:
        for error in result.errors:
            print(error, file=sys.stderr)
        print(
            f"Nothing was imported: fix the {len(result.errors)} problem(s) above and import "
            "the file again (a file is imported whole or not at all).",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(
        f"Imported {args.file}: {result.created} new, {result.updated} changed, "
        f"{result.unchanged} unchanged."
    )
    return EXIT_OK


def settings(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk settings show | set NAME VALUE`: the library's settings."""
    with session.write() as uow:
        current = library_settings.load(uow)
        if args.settings_command == "show":
            for name, value in library_settings.flatten(current):
                print(f"{name} = {value}{_meaning(name, value)}")
            return EXIT_OK
        changed = library_settings.with_value(current, args.name, args.value)
        library_settings.save(uow, changed)
        uow.commit()
    print(f"{args.name} is now {args.value}.")
    return EXIT_OK


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _meaning(name: str, value: object) -> str:
    """What a terse setting means, after it: closed weekdays are numbers 0 (Monday) to 6."""
    if name == "closed_weekdays":
        days = [WEEKDAYS[int(d)] for d in str(value).split(",") if d.strip().isdigit()]
        return f"   ({', '.join(days) or 'open every day'}; 0 is Monday, 6 is Sunday)"
    return ""


def close(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk close FIRST LAST`: closed days recorded, due dates moved past them."""
    moved = close_library(session.write(), args.first, args.last, args.reason)
    print(f"Closed {args.first} to {args.last}; moved {len(moved)} due date(s).")
    for number in moved:
        print(f"  {number}")
    return EXIT_OK
