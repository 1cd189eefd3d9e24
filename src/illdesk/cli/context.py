"""What every `illdesk` command starts from: the database, who is working, exit statuses."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from illdesk.services.admin import workstation
from illdesk.services.session import DatabaseNeedsUpgrade, DeskSession

if TYPE_CHECKING:
    from illdesk.services.access.sign_in import SignedIn

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
    signed = _kept_sign_in(session, url, args.staff)
    if signed is not None:
        return session.as_staff(signed.staff_id, signed.name)
    if not name:
        return session
    if not staff_required:  # the staff list itself: a name not on it acts as nobody in particular
        from illdesk.services.directory.staff import find_staff  # noqa: PLC0415

        found = find_staff(session.read(), name)
        if found is None:
            return session
    person = require_staff(session.read(), name)
    _check_pin(session, person.name)
    return session.as_staff(person.id, person.name)


def _kept_sign_in(session: DeskSession, url: str, named: str | None) -> SignedIn | None:
    """The person signed in with `illdesk sign-in` on this workstation, unless --staff names
    someone else (who then has to show their own PIN)."""
    from illdesk.services.access import sign_in  # noqa: PLC0415

    token = workstation.sign_in_token(url)
    if not token:
        return None
    signed = sign_in.resolve_token(session.read(), token)
    if signed is None or (named and named.casefold() != signed.name.casefold()):
        return None
    return signed


def _check_pin(session: DeskSession, name: str) -> None:
    """Someone named with --staff who has a PIN shows it (asked on a terminal); someone
    without one acts by name only while sign-in is not in force."""
    from illdesk.services.access import sign_in  # noqa: PLC0415

    person = sign_in.identify(session.read(), name)
    if person is None or (not person.has_pin and not sign_in.in_force(session.read())):
        return
    if not sys.stdin.isatty():
        raise sign_in.SignInRefused(
            f"{person.name} signs in with a PIN: run `illdesk sign-in` on this workstation "
            "first (or give the command on a terminal, which asks for it)."
        )
    sign_in.sign_in(session.read(), name, getpass.getpass(f"PIN for {person.name}: "))
