"""`illdesk notices run | send | print | list` (arguments in `notice_parser`)."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path

from illdesk.cli.context import EXIT_FAILED, EXIT_OK
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.notices import daily_run, letters, mailer, outbox, smtp_password
from illdesk.services.session import DeskSession


def run_notices(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch one `illdesk notices` action."""
    if args.notices_command == "list":
        return _list(args, session)
    if args.notices_command == "run":
        return _run(args, session)
    if args.notices_command == "send":
        return _send(session)
    if args.notices_command == "print":
        return _print(args, session)
    if args.notices_command == "password":
        return _password(session)
    raise NotImplementedError(args.notices_command)


def _list(args: argparse.Namespace, session: DeskSession) -> int:
    shown = outbox.list_notices(session.read(), args.state)
    for n in shown:
        when = (n.sent_at or n.created_at).astimezone().strftime("%Y-%m-%d %H:%M")
        to = n.recipient or "(no address)"
        line = f"{n.id:>6}  {when}  {n.status:<9} {n.channel:<6} {n.request_number:<12}"
        print(f"{line} {n.kind:<18} {to}" + (f"  [{n.error}]" if n.error else ""))
    print(f"{len(shown)} notice(s).")
    return EXIT_OK


def _send(session: DeskSession) -> int:
    report = mailer.send_queued(session.write, respect_backoff=False)
    print(f"Sent {report.sent}, refused {report.failed}, waiting {report.deferred}.")
    for line in report.failures:
        print(f"  {line}")
    if report.problem:
        print(f"illdesk: {report.problem}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _password(session: DeskSession) -> int:
    with session.read() as uow:
        smtp = library_settings.load(uow).smtp
    if not smtp.host or not smtp.user:
        print("illdesk: set smtp.host and smtp.user first.", file=sys.stderr)
        return EXIT_FAILED
    smtp_password.store(smtp.host, smtp.user, getpass.getpass("Mail server password: "))
    print(f"The password of {smtp.user} on {smtp.host} is kept in the OS keyring.")
    return EXIT_OK


def _run(args: argparse.Namespace, session: DeskSession) -> int:
    try:
        day = date.fromisoformat(args.date) if args.date else None
    except ValueError:
        print(f"illdesk: {args.date} is not a date; write it as YYYY-MM-DD.", file=sys.stderr)
        return EXIT_FAILED
    made = daily_run.run_daily(session.write(), day)
    for m in made:
        how = "letter" if m.channel == "letter" else f"e-mail to {m.recipient}"
        print(f"{m.request_number:<12} {m.kind:<18} {how}")
    print(f"Made {len(made)} notice(s).")
    return EXIT_OK


def _print(args: argparse.Namespace, session: DeskSession) -> int:
    target = Path(args.pdf)
    try:
        saved = letters.save_letters(session.write, target)
    except InvalidInput as exc:
        print(f"illdesk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    if saved.without_address:
        print(
            f"{saved.without_address} letter(s) have no postal address: "
            "see illdesk notices list --state failed."
        )
    if not saved.printed:
        print("No letters to print.")
        return EXIT_OK
    print(f"Wrote {saved.printed} letter(s) to {target}, one per page; they are marked printed.")
    return EXIT_OK
