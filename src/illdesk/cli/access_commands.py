"""`illdesk sign-in`, `sign-out`, and the staff list's roles, badges and PINs."""

from __future__ import annotations

import argparse
import getpass
import sys

from illdesk.cli.context import EXIT_OK, database_url
from illdesk.services.access import sign_in
from illdesk.services.admin import workstation
from illdesk.services.directory import entries as directory
from illdesk.services.session import DeskSession


def read_pin(args: argparse.Namespace, prompt: str) -> str:
    """A PIN from standard input's first line (--pin-stdin), else asked without echo."""
    if getattr(args, "pin_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return getpass.getpass(prompt)


def sign_in_command(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk sign-in [NAME]`: prove who you are once; the command line remembers it in the
    keyring until it expires or `illdesk sign-out`."""
    who = args.name or input("Name or staff badge: ").strip()
    signed = sign_in.sign_in(session.read(), who, read_pin(args, "PIN or password: "))
    token, until = sign_in.issue_token(
        session.as_staff(signed.staff_id, signed.name).write(), signed
    )
    workstation.store_sign_in(database_url(args), token)
    local = until.astimezone()
    print(f"Signed in as {signed.describe} until {local:%Y-%m-%d %H:%M}.")
    return EXIT_OK


def sign_out_command(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk sign-out`: the command line's sign-in on this workstation ends."""
    url = database_url(args)
    token = workstation.sign_in_token(url)
    if token:
        sign_in.end_token(session.write(), token)
    workstation.forget_sign_in(url)
    print("Signed out." if token else "Nobody was signed in here.")
    return EXIT_OK


def staff_command(args: argparse.Namespace, session: DeskSession) -> int:
    """`illdesk staff add NAME [--role R] | list | role NAME R | pin NAME | badge NAME CODE`."""
    action = args.staff_command
    if action == "add":
        person = directory.add_staff(session.write(), args.name, args.initials, args.role)
        print(f"Added {person.name} ({person.initials}) as {_label(person.role)}.")
        return EXIT_OK
    if action == "role":
        access = sign_in.set_role(session.write(), args.name, args.role)
        print(f"{access.name} is now {access.role.label}.")
        return EXIT_OK
    if action == "pin":
        pin = read_pin(args, f"New PIN or password for {args.name}: ")
        if not getattr(args, "pin_stdin", False) and pin != getpass.getpass("Once more: "):
            print("illdesk: the two PINs differ; nothing was changed.", file=sys.stderr)
            return 1
        access = sign_in.set_pin(session.write(), args.name, pin)
        print(f"{access.name} has a new PIN.")
        return EXIT_OK
    if action == "badge":
        access = sign_in.set_badge(session.write(), args.name, args.badge)
        print(f"{access.name} {'has a staff badge' if access.has_badge else 'has no badge'}.")
        return EXIT_OK
    for entry in sign_in.list_access(session.read()):
        marks = [entry.role.label, "active" if entry.active else "inactive"]
        marks += ["PIN" if entry.has_pin else "no PIN"] + (["badge"] if entry.has_badge else [])
        print(f"{entry.name:<30} {', '.join(marks)}")
    return EXIT_OK


def _label(code: str) -> str:
    from illdesk.core.roles import role_of  # noqa: PLC0415

    return role_of(code).label
