"""The `illdesk` command line's arguments: every command and its options."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from illdesk import __version__
from illdesk.cli.lending_commands import add_lending_parser
from illdesk.cli.money_parser import add_money_parser
from illdesk.cli.notice_parser import add_notice_parser
from illdesk.cli.print_parser import add_print_parser
from illdesk.cli.report_parser import add_report_parser
from illdesk.cli.rules_parser import add_rules_parsers
from illdesk.core.vocabulary import DeliveryMethod

# The scanning desk's modes, spelled out here so that `illdesk --help` does not load the
# scan service (and SQLAlchemy with it); tests/unit/test_architecture.py keeps them equal.
DESK_MODES = ("smart", "receive", "check-out", "patron-return", "stacks-search", "pack")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="illdesk", description="ILL Desk: the interlibrary loan workstation."
    )
    parser.add_argument("--database", metavar="URL", help="database to use for this run")
    parser.add_argument("--staff", metavar="NAME", help="who is working (for the history)")
    parser.add_argument("--workstation", metavar="NAME", help="name of this workstation")
    parser.add_argument("-v", "--verbose", action="store_true", help="print progress details")
    parser.add_argument(
        "--version", action="version", version=f"ILL Desk {__version__}", help="say which version"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help="database administration").add_subparsers(
        dest="db_command", metavar="ACTION", required=True
    )
    up = db.add_parser("upgrade", help="upgrade the database to this version of ILL Desk")
    up.add_argument("--yes", action="store_true", help="do not ask before upgrading")
    check = db.add_parser("check", help="check integrity, migrations and every history")
    check.add_argument("--limit", type=int, help="check only the first N requests' histories")
    use = db.add_parser("use", help="make this workstation use a database from now on")
    use.add_argument("url", help="sqlite:///FILE or postgresql://USER@HOST/DB (no password)")
    use.add_argument("--name", default="shared", help="a name for this database")
    pw = db.add_parser("password", help="keep a PostgreSQL password in the OS keyring")
    pw.add_argument("url")

    demo = commands.add_parser(
        "demo", help="fill an empty database with demo data (refused for any other database)"
    )
    demo.add_argument("--requests", type=int, default=2000)
    demo.add_argument("--patrons", type=int, default=500)
    demo.add_argument("--libraries", type=int, default=50)
    demo.add_argument("--seed", type=int, default=2026)
    demo.add_argument(
        "--force",
        action="store_true",
        help="replace a demo workspace made earlier with a fresh one (never a library's own data)",
    )

    req = commands.add_parser("request", help="look at requests").add_subparsers(
        dest="request_command", metavar="ACTION", required=True
    )
    show = req.add_parser("show", help="a request and its full history")
    show.add_argument("number")

    queue = commands.add_parser("queue", help="queues").add_subparsers(
        dest="queue_command", metavar="ACTION", required=True
    )
    queue.add_parser("list", help="every queue with its count")

    for verb in ("export", "import"):
        sub = commands.add_parser(verb, help=f"{verb} a CSV file")
        what = ["requests", "patrons", "libraries"] + (["ledger"] if verb == "export" else [])
        sub.add_argument("what", choices=what)
        sub.add_argument(
            "file",
            type=Path,
            help="the CSV file" + (" (- for standard output)" if verb == "export" else ""),
        )
        if verb == "export":  # the ledger for the finance office, between two dates
            sub.add_argument("--from", dest="first", type=date.fromisoformat, metavar="DATE")
            sub.add_argument("--to", dest="last", type=date.fromisoformat, metavar="DATE")

    staff = commands.add_parser("staff", help="the staff list").add_subparsers(
        dest="staff_command", metavar="ACTION", required=True
    )
    add = staff.add_parser("add", help="add a member of staff")
    add.add_argument("name")
    add.add_argument("--initials", default="")
    add.add_argument(
        "--role",
        default="staff",
        help="student (scanning, receiving, shipping, printing), staff (all request work) or "
        "supervisor (waivers, rules, settings, the staff list); default: staff",
    )
    staff.add_parser("list", help="list staff with their roles")
    role = staff.add_parser("role", help="change someone's role (a supervisor only)")
    role.add_argument("name")
    role.add_argument("role", help="student, staff or supervisor")
    pin = staff.add_parser("pin", help="give someone a new PIN or password")
    pin.add_argument("name")
    pin.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")
    badge = staff.add_parser("badge", help="give someone a staff badge barcode")
    badge.add_argument("name")
    badge.add_argument("badge", help="the badge's barcode ('' for none)")

    sign_in = commands.add_parser(
        "sign-in", help="sign in on this workstation's command line (kept in the keyring)"
    )
    sign_in.add_argument("name", nargs="?", help="your name or staff badge (asked if left out)")
    sign_in.add_argument(
        "--pin-stdin", action="store_true", help="read the PIN from standard input"
    )
    commands.add_parser("sign-out", help="end this workstation's command-line sign-in")

    journal = commands.add_parser(
        "journal", help="the scanning desk's offline journal (scans kept while the server was away)"
    ).add_subparsers(dest="journal_command", metavar="ACTION", required=True)
    journal.add_parser("list", help="every scan kept offline, and the exceptions to decide")
    journal.add_parser("replay", help="apply the waiting scans in order, now the server is back")
    settle = journal.add_parser("settle", help="take an exception off the list once dealt with")
    settle.add_argument("scan", help="the scan's number in `journal list`")
    settle.add_argument("--note", default="", help="what was done about it")

    scan = commands.add_parser(
        "scan",
        help="act on barcodes as the scanning desk does (e.g. a cordless scanner's upload)",
        description="One result line per scan, then a summary. The exit status is 1 when any "
        "scan was not done (unknown barcode, wrong state, garbled scan).",
    )
    scan.add_argument(
        "--mode",
        choices=DESK_MODES,
        default="smart",
        help="smart: the one right thing for the request's state (receive, check in, patron "
        "return, found on the shelf); receive: borrowed items arriving and our loans coming "
        "home; check-out: the patron's card first, then their items; patron-return: items "
        "patrons bring back; stacks-search: pull slips found on the shelf; pack: items into "
        "a package for one library (default: smart)",
    )
    scan.add_argument("barcodes", nargs="*", metavar="BARCODE")
    scan.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        metavar="FILE",
        help="a text file with one scan per line (extra columns are ignored)",
    )
    scan.add_argument(
        "--method",
        choices=[m.value for m in DeliveryMethod],
        default=None,
        help="how the package travels, in pack mode (default: the library's own method)",
    )

    lib = commands.add_parser("settings", help="the library's settings (all workstations)")
    lib_actions = lib.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    lib_actions.add_parser("show", help="print every setting")
    set_one = lib_actions.add_parser(
        "set",
        help="change one setting, e.g. default_buffer_days 5, home.symbol ORE, "
        "group_buffer_days.consortium 3, closed_weekdays 5,6",
    )
    set_one.add_argument("name")
    set_one.add_argument("value")

    close = commands.add_parser("close", help="record a closure and move due dates past it")
    close.add_argument("first", type=date.fromisoformat, help="first closed day (YYYY-MM-DD)")
    close.add_argument("last", type=date.fromisoformat, help="last closed day (YYYY-MM-DD)")
    close.add_argument("--reason", default="Library closed")
    add_print_parser(commands)
    add_money_parser(commands)
    add_rules_parsers(commands)
    add_lending_parser(commands)
    _add_backup_parsers(commands)
    add_report_parser(commands)
    add_notice_parser(commands)
    return parser


def _add_backup_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup",
        help="save a consistent copy of the database, even while ILL Desk is in use",
        description="A local database file is copied with SQLite's online backup; a shared "
        "PostgreSQL database is dumped with pg_dump (which must be installed).",
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="the backup file to make (new)")
    restore = commands.add_parser(
        "restore",
        help="put a backup back in place of the database (the current one is kept aside)",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="a file made by illdesk backup")
    restore.add_argument("--yes", action="store_true", help="do not ask before restoring")
