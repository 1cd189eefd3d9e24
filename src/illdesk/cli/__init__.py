"""The `illdesk` command: the desk window with no sub-command, administration with one.

    illdesk                                  start the desk window
    illdesk db upgrade | check | use URL | password URL
    illdesk demo                             fill the database with a demo workspace
    illdesk request show NUMBER              a request and its full history
    illdesk queue list                       every queue with its count
    illdesk export requests|patrons|libraries FILE.csv
    illdesk import requests|patrons|libraries FILE.csv
    illdesk staff add NAME | staff list
    illdesk scan --mode MODE BARCODE... | --from FILE   the scanning desk, headless
    illdesk settings show | set NAME VALUE   the library's settings
    illdesk close FIRST LAST --reason TEXT   a closure: closed days and due dates moved

`--database URL` (an SQLAlchemy URL such as sqlite:///desk.sqlite or
postgresql://user@server/ill) picks the database for this run; without it, the database this
workstation uses (by default the local workspace in the user's data folder).
"""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from illdesk.cli.print_commands import add_print_parser, run_print
from illdesk.core.queues import SHIPPING_HEADINGS
from illdesk.core.vocabulary import DeliveryMethod
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin import transfer, workstation
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk import scan_batch
from illdesk.services.desk.calendar import close_library
from illdesk.services.desk.queues import all_queues, queue_counts
from illdesk.services.desk.requests import get_detail
from illdesk.services.desk.scan import DeskMode
from illdesk.services.directory import entries as directory
from illdesk.services.errors import ServiceError
from illdesk.services.shipping.package_lines import describe_package
from illdesk.services.shipping.packages import ShippingGroup, shipping_groups
from illdesk.store import database as dbmod
from illdesk.store.database import Database, DatabaseError, open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="illdesk", description="ILL Desk: the interlibrary loan workstation."
    )
    parser.add_argument("--database", metavar="URL", help="database to use for this run")
    parser.add_argument("--staff", metavar="NAME", help="who is working (for the history)")
    parser.add_argument("--workstation", metavar="NAME", help="name of this workstation")
    parser.add_argument("-v", "--verbose", action="store_true", help="print progress details")
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
        sub.add_argument("what", choices=["requests", "patrons", "libraries"])
        sub.add_argument("file", type=Path)

    staff = commands.add_parser("staff", help="the staff list").add_subparsers(
        dest="staff_command", metavar="ACTION", required=True
    )
    add = staff.add_parser("add", help="add a member of staff")
    add.add_argument("name")
    add.add_argument("--initials", default="")
    staff.add_parser("list", help="list staff")

    scan = commands.add_parser(
        "scan",
        help="act on barcodes as the scanning desk does (e.g. a cordless scanner's upload)",
        description="One result line per scan, then a summary. The exit status is 1 when any "
        "scan was not done (unknown barcode, wrong state, garbled scan).",
    )
    scan.add_argument("--mode", choices=[m.value for m in DeskMode], default="smart")
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `illdesk` and `python -m illdesk`."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    if args.command is None:
        from illdesk.ui.platform_check import startup_problem  # noqa: PLC0415 - stdlib only

        problem = startup_problem()  # before Qt, which would abort with a cryptic message
        if problem:
            print(problem, file=sys.stderr)
            return EXIT_FAILED
        from illdesk.app import run_gui  # noqa: PLC0415 - Qt loads only for the window

        return run_gui(args.database, args.staff)
    try:
        return _dispatch(args)
    except (ServiceError, DatabaseError, workstation.KeyringUnavailable) as exc:
        print(f"illdesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130


def _database_url(args: argparse.Namespace) -> str:
    return str(args.database or workstation.load().database_url())


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    address = _database_url(args)
    return open_database(
        workstation.with_password(address),
        create=create or workstation.is_local_workspace(address),
        confirm_upgrade=_ask if sys.stdin.isatty() else None,
    )


def _ask(message: str) -> bool:
    answer = input(f"{message} [y/N] ").strip().lower()
    return answer in {"y", "yes"}


def _actor(args: argparse.Namespace, db: Database) -> Actor:
    settings = workstation.load()
    name = args.staff or settings.current_staff
    where = args.workstation or settings.workstation_name
    if not name:
        return Actor(None, "ILL Desk (command line)", where)
    for person in directory.list_staff(UnitOfWork(db, read_only=True)):
        if person.name.casefold() == name.casefold():
            return Actor(person.id, person.name, where)
    raise ServiceError(f"{name} is not on the staff list: add them with `illdesk staff add`.")


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "db":
        return _db(args)
    db = _open(args, create=args.command == "demo")
    try:
        actor = _actor(args, db)
        if args.command == "demo":
            return _demo(args, db)
        if args.command == "request":
            return _show_request(db, actor, args.number)
        if args.command == "queue":
            return _queue_list(db)
        if args.command in {"export", "import"}:
            uow = UnitOfWork(db, actor)
            if args.command == "export":
                count = transfer.export_csv(uow, args.what, args.file)
                print(f"Exported {count} {args.what} to {args.file}.")
                return EXIT_OK
            result = transfer.import_csv(uow, args.what, args.file)
            if result.errors:
                for error in result.errors:
                    print(error, file=sys.stderr)
                print(
                    f"Nothing was imported: {len(result.errors)} line(s) need fixing first.",
                    file=sys.stderr,
                )
                return EXIT_FAILED
            print(
                f"Imported {args.file}: {result.created} new, {result.updated} changed, "
                f"{result.unchanged} unchanged."
            )
            return EXIT_OK
        if args.command == "print":
            return run_print(args, db, actor)
        if args.command == "staff":
            return _staff(args, db)
        if args.command == "scan":
            return _scan(args, db, actor)
        if args.command == "settings":
            return _settings(args, db, actor)
        if args.command == "close":
            moved = close_library(UnitOfWork(db, actor), args.first, args.last, args.reason)
            print(f"Closed {args.first} to {args.last}; moved {len(moved)} due date(s).")
            for number in moved:
                print(f"  {number}")
            return EXIT_OK
    finally:
        db.dispose()
    return EXIT_USAGE


def _db(args: argparse.Namespace) -> int:
    if args.db_command == "use":
        url = dbmod.parse_url(args.url)
        if url.password:
            raise ServiceError(
                "Leave the password out of the address: store it with `illdesk db password URL`."
            )
        # A new file is made here; a new shared database is set up with `db upgrade`.
        if url.get_backend_name() == "sqlite":
            open_database(url, create=True).dispose()
        settings = workstation.load()
        settings.databases[args.name] = url.render_as_string(hide_password=False)
        settings.current_database = args.name
        workstation.save(settings)
        print(f"This workstation now uses {args.name}: {url}")
        return EXIT_OK
    if args.db_command == "password":
        password = getpass.getpass("Database password (not shown): ")
        workstation.store_password(args.url, password)
        print("The password is kept in this computer's keyring.")
        return EXIT_OK
    url = workstation.with_password(_database_url(args))
    if args.db_command == "upgrade":
        state = dbmod.inspect_database(url)
        if state.up_to_date:
            print(f"The database is up to date (revision {state.head}).")
            return EXIT_OK
        confirm = (lambda _m: True) if args.yes else (_ask if sys.stdin.isatty() else None)
        db = open_database(url, create=True, confirm_upgrade=confirm)
        db.dispose()
        print(f"The database is now at revision {state.head} (was {state.current or 'empty'}).")
        return EXIT_OK
    # check
    db = open_database(url, confirm_upgrade=None)
    try:
        report = check_database(UnitOfWork(db, read_only=True), limit=args.limit)
    finally:
        db.dispose()
    print(f"Database: {db.display_name}")
    print(f"Migration revision: {report.revision} (this ILL Desk: {report.head})")
    print(f"Request histories replayed: {report.requests_checked}")
    for problem in report.problems:
        print(f"PROBLEM: {problem}")
    print("All checks passed." if report.ok else f"{len(report.problems)} problem(s) found.")
    return EXIT_OK if report.ok else EXIT_FAILED


def _demo(args: argparse.Namespace, db: Database) -> int:
    def progress(done: int, total: int) -> None:
        print(f"\r  requests {done}/{total}", end="", file=sys.stderr, flush=True)

    made = make_demo(
        db,
        size=DemoSize(args.libraries, args.patrons, args.requests),
        seed=args.seed,
        progress=progress,
        force=args.force,
    )
    print(file=sys.stderr)
    print(
        f"Demo workspace ready in {db.display_name}: {made['libraries']} partner libraries, "
        f"{made['patrons']} patrons, {made['requests']} requests, {made['staff']} staff."
    )
    return EXIT_OK


def _show_request(db: Database, actor: Actor, number: str) -> int:
    d = get_detail(UnitOfWork(db, actor, read_only=True), number)
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
        ("reason", d.reason),
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
            extra = f" ({entry.reason})" if entry.reason else ""
            lines.append(
                f"    {i}. {entry.symbol:<8} {entry.answer.value.replace('_', ' ')}{extra}"
            )
    lines.append("")
    lines.append("  History:")
    for e in d.history:
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


def _queue_list(db: Database) -> int:
    queues = all_queues(UnitOfWork(db, read_only=True))
    counts = queue_counts(UnitOfWork(db, read_only=True), queues)
    groups = shipping_groups(UnitOfWork(db, read_only=True))
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


def _scan(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    scans = list(args.barcodes)
    if args.from_file:
        scans.extend(scan_batch.read_scan_file(args.from_file))
    if not scans:
        raise ServiceError("Give barcodes to scan, or --from FILE.")
    report = scan_batch.run_batch(
        db,
        actor,
        scans,
        DeskMode(args.mode),
        DeliveryMethod(args.method) if args.method else None,
        on_line=print,
    )
    if report.stopped:
        print(f"illdesk: {report.stopped}", file=sys.stderr)
    print(report.summary())
    return EXIT_OK if report.all_done else EXIT_FAILED


def _settings(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    with UnitOfWork(db, actor) as uow:
        current = library_settings.load(uow)
        if args.settings_command == "show":
            for name, value in library_settings.flatten(current):
                print(f"{name} = {value}")
            return EXIT_OK
        changed = library_settings.with_value(current, args.name, args.value)
        library_settings.save(uow, changed)
        uow.commit()
    print(f"{args.name} is now {args.value}.")
    return EXIT_OK


def _staff(args: argparse.Namespace, db: Database) -> int:
    if args.staff_command == "add":
        person = directory.add_staff(UnitOfWork(db), args.name, args.initials)
        print(f"Added {person.name} ({person.initials}).")
        return EXIT_OK
    for person in directory.list_staff(UnitOfWork(db, read_only=True)):
        print(f"{person.name:<30} {person.initials:<6} {'active' if person.active else 'inactive'}")
    return EXIT_OK
