"""The `illdesk` command: the desk window with no sub-command, administration with one.

    illdesk                                  start the desk window
    illdesk db upgrade | check | use URL | password URL
    illdesk demo                             fill the database with a demo workspace
    illdesk request show NUMBER              a request and its full history
    illdesk queue list                       every queue with its count
    illdesk export requests|patrons|libraries FILE.csv
    illdesk import requests|patrons|libraries FILE.csv
    illdesk lending receive FILE.xml [--confirmation FILE]   an ISO 18626 request taken in
    illdesk staff add NAME [--role R] | list | role NAME R | pin NAME | badge NAME CODE
    illdesk sign-in [NAME] | sign-out         sign in on the command line (keyring token)
    illdesk journal list | replay | settle N  the scanning desk's offline journal
    illdesk scan --mode MODE BARCODE... | --from FILE   the scanning desk, headless
    illdesk settings show | set NAME VALUE   the library's settings
    illdesk close FIRST LAST --reason TEXT   a closure: closed days and due dates moved
    illdesk notices run [--date D] | send | print --pdf FILE | list [--state S]
    illdesk account show CARD|SYMBOL         an account's lines and balance
    illdesk lost run [--dry-run] | claims-returned NUMBER   the daily lost declaration
    illdesk account close CARD|SYMBOL --note TEXT | reopen CARD|SYMBOL
    illdesk charge add NUMBER --type TYPE --amount AMOUNT [--reason TEXT]
    illdesk charge waive LINE --reason TEXT  waive (or --write-off) what a charge still owes
    illdesk payment add SYMBOL|CARD --amount AMOUNT --reference REF [--invoice NUMBER]
    illdesk invoices make [--library SYMBOL] [--month YYYY-MM] --pdf DIR | list [--unpaid]
    illdesk invoices void NUMBER --reason TEXT | dispute NUMBER --note TEXT | pdf NUMBER...
    illdesk billing aging                    unpaid invoices by age
    illdesk ifm reconcile FILE.csv [--month YYYY-MM]   the OCLC IFM report against ILL Desk
    illdesk lender-invoice record SYMBOL NUMBER --amount X --request NUMBER=AMOUNT ... |
        check ID | approve ID | dispute ID --note TEXT | list | export FILE.csv
    illdesk courier-invoice record COURIER NUMBER --from D --to D --stops N --bins N --items N
        --amount X | check ID | approve ID [--note] | dispute ID --note TEXT | list
    illdesk appeal open LINE --note TEXT | decide ID --upheld|--denied --note TEXT | list
    illdesk export ledger FILE.csv [--from DATE --to DATE]   the ledger for the finance office
    illdesk copyright count ISSN-OR-TITLE | report --year YYYY | clear | decide | purge
    illdesk backup FILE | restore FILE       a consistent copy of the database; put one back
    illdesk --version                        which ILL Desk this is
    illdesk report monthly | range | freeze | correct | year | survey   statistics
    illdesk courier log out|in|missed        the desk's courier log (bins, a missed stop)
    illdesk privacy purge [--dry-run]        patron data off finished requests (figures stay)
    illdesk rules list | check NUMBER | add NAME OUTCOME ... | remove ID | move ID POS | route
    illdesk facility list | add CODE NAME ... | patron CARD CODE NUMBER | check NUMBER
    illdesk purchase queue | order NUMBER --vendor V | arrived NUMBER | to-collection NUMBER

`--database URL` (an SQLAlchemy URL such as sqlite:///desk.sqlite or
postgresql://user@server/ill) picks the database for this run; without it, the database this
workstation uses (by default the local workspace in the user's data folder).

The commands live in `parser` (arguments), `context` (the database and who works),
`desk_commands`, `admin_commands`, `backup_commands`, `print_parser` and `print_commands`.

May import: `illdesk.services` (a `DeskSession` is the database handle), `illdesk.core`,
`illdesk.printing`, `illdesk.devices`, `illdesk.interop`; `illdesk.app` for the window only.
Must not import: `illdesk.store`, SQLAlchemy, Alembic, PySide6 (`cli/ruff.toml` and
tests/unit/test_architecture.py enforce it).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from illdesk.cli.context import EXIT_FAILED, EXIT_USAGE, open_session
from illdesk.cli.parser import build_parser

MONEY_COMMANDS = frozenset(
    {
        "account",
        "charge",
        "payment",
        "invoices",
        "billing",
        "ifm",
        "appeal",
        "lender-invoice",
        "courier-invoice",
        "lost",
    }
)
# 128 + SIGPIPE, what a shell reports for a program whose reader went away (`| head`).
EXIT_BROKEN_PIPE = 141

__all__ = ["build_parser", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `illdesk` and `python -m illdesk`."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if not arguments:
        # The menu entry: straight to the window, without first building the parsers of a
        # hundred sub-commands it will not use (a fifth of a second on a busy desk computer).
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
        return _window(None, None)
    args = build_parser().parse_args(arguments)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    if args.command is None:
        return _window(args.database, args.staff, args.workstation)
    try:
        code = _dispatch(args)
        sys.stdout.flush()  # a closed pipe shows here, inside the try, not at exit
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from illdesk.services.session import explains_itself  # noqa: PLC0415

        if not explains_itself(exc):
            raise
        print(f"illdesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    return code


def _window(database: str | None, staff: str | None, workstation: str | None = None) -> int:
    """The desk window, once the system is known to be able to show it."""
    from illdesk.ui.platform_check import startup_problem  # noqa: PLC0415 - stdlib only

    problem = startup_problem()  # before Qt, which would abort with a cryptic message
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_FAILED
    from illdesk.app import run_gui  # noqa: PLC0415 - Qt loads only for the window

    return run_gui(database, staff, workstation)


def _quiet_stdout() -> None:
    """The reader of our output went away (`illdesk queue list | head`): nothing more can be
    printed, and Python must not complain about it while shutting down."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _dispatch(args: argparse.Namespace) -> int:
    from illdesk.cli import access_commands, admin_commands, desk_commands  # noqa: PLC0415
    from illdesk.cli.print_commands import run_print  # noqa: PLC0415

    if args.command == "db":
        return admin_commands.db(args)
    if args.command == "journal" and args.journal_command != "replay":
        from illdesk.cli import journal_commands  # noqa: PLC0415 - works with the server away

        if args.journal_command == "list":
            return journal_commands.journal_list(args)
        return journal_commands.journal_settle(args)
    if args.command in {"backup", "restore"}:
        from illdesk.cli import backup_commands  # noqa: PLC0415

        if args.command == "backup":
            return backup_commands.backup(args)
        return backup_commands.restore(args)
    session = open_session(
        args,
        staff_required=args.command not in {"staff", "sign-in", "sign-out"},
        create=args.command == "demo",
    )
    try:
        if args.command == "demo":
            return admin_commands.demo(args, session)
        if args.command == "request":
            return desk_commands.show_request(session, args.number)
        if args.command == "queue":
            return desk_commands.queue_list(session)
        if args.command in MONEY_COMMANDS or (args.command == "export" and args.what == "ledger"):
            from illdesk.cli.money_commands import run_money  # noqa: PLC0415

            return run_money(args, session)
        if args.command in {"export", "import"}:
            return admin_commands.transfer_csv(args, session)
        if args.command == "print":
            return run_print(args, session)
        if args.command == "staff":
            return access_commands.staff_command(args, session)
        if args.command == "sign-in":
            return access_commands.sign_in_command(args, session)
        if args.command == "sign-out":
            return access_commands.sign_out_command(args, session)
        if args.command == "journal":
            from illdesk.cli import journal_commands  # noqa: PLC0415

            return journal_commands.journal_replay(args, session)
        if args.command == "scan":
            return desk_commands.scan(args, session)
        if args.command == "settings":
            return admin_commands.settings(args, session)
        if args.command == "close":
            return admin_commands.close(args, session)
        if args.command == "copyright":
            from illdesk.cli.rules_commands import copyright_command  # noqa: PLC0415

            return copyright_command(args, session)
        if args.command == "report":
            from illdesk.cli.report_commands import run_report  # noqa: PLC0415

            return run_report(args, session)
        if args.command == "courier":
            from illdesk.cli.report_commands import courier_log  # noqa: PLC0415

            return courier_log(args, session)
        if args.command == "privacy":
            from illdesk.cli.report_commands import privacy  # noqa: PLC0415

            return privacy(args, session)
        if args.command == "rules":
            from illdesk.cli.rules_commands import rules_command  # noqa: PLC0415

            return rules_command(args, session)
        if args.command == "notices":
            from illdesk.cli.notice_commands import run_notices  # noqa: PLC0415

            return run_notices(args, session)
        if args.command == "facility":
            from illdesk.cli.rules_commands import facility_command  # noqa: PLC0415

            return facility_command(args, session)
        if args.command == "lending":
            from illdesk.cli.lending_commands import lending_command  # noqa: PLC0415

            return lending_command(args, session)
        if args.command == "purchase":
            from illdesk.cli.rules_commands import purchase_command  # noqa: PLC0415

            return purchase_command(args, session)
    finally:
        session.close()
    return EXIT_USAGE
