"""`illdesk notices run | send | print | list` (arguments in `notice_parser`)."""

from __future__ import annotations

import argparse

from illdesk.cli.context import EXIT_OK
from illdesk.services.notices import outbox
from illdesk.services.session import DeskSession


def run_notices(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch one `illdesk notices` action."""
    if args.notices_command == "list":
        return _list(args, session)
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
