"""What every `illdesk` command starts from: the database, who is working, exit statuses."""

from __future__ import annotations

import argparse
import sys

from illdesk.services.admin import workstation
from illdesk.services.session import DatabaseNeedsUpgrade, DeskSession

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
COMMAND_LINE = "ILL Desk (command line)"


def database_url(args: argparse.Namespace) -> str:
    """The database of this run: --database, else the one this workstation uses."""
    return str(args.database or workstation.load().database_url())


def ask(message: str) -> bool:
    """A yes/no question on the terminal (no means no)."""
    answer = input(f"{message} [y/N] ").strip().lower()
    return answer in {"y", "yes"}


def open_session(
    args: argparse.Namespace, *, staff_required: bool = True, create: bool = False
) -> DeskSession:
    """The database, open, and the person working (--staff, else this workstation's).

    A named person must be on the staff list; `staff_required=False` (the staff commands
    themselves) acts under the name as given, so that a missing name can be added.
    """
    from illdesk.services.directory.staff import require_staff  # noqa: PLC0415

    settings = workstation.load()
    name = args.staff or settings.current_staff
    where = args.workstation or settings.workstation_name
    url = database_url(args)
    # Only set-up commands make a database (and a first start its local workspace).
    made = create or workstation.is_local_workspace(url)
    session = DeskSession.opening(url, name or COMMAND_LINE, where, create=made)
    try:
        session.open()
    except DatabaseNeedsUpgrade as exc:  # an older shared database: upgrade only on a yes
        if not (sys.stdin.isatty() and ask(str(exc))):
            raise
        session.open(upgrade=True)
    if not name or not staff_required:
        return session
    person = require_staff(session.read(), name)
    return session.as_staff(person.id, person.name)
