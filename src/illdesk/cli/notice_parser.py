"""`illdesk notices ...`: the arguments (the commands are in `notice_commands`)."""

from __future__ import annotations

import argparse

from illdesk.core.notice_types import NOTICE_STATES as STATES


def add_notice_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `illdesk notices run | send | print | list`."""
    notices = commands.add_parser(
        "notices", help="notices to patrons and libraries: make, send, print, list"
    ).add_subparsers(dest="notices_command", metavar="ACTION", required=True)
    run = notices.add_parser(
        "run", help="make the day's notices (overdue stages, pickup reminders); prints them"
    )
    run.add_argument("--date", help="the day to run for, YYYY-MM-DD (default: today)")
    notices.add_parser("send", help="send every queued e-mail with the smtp.* settings")
    print_ = notices.add_parser("print", help="the letters to post, as one PDF; marks them printed")
    print_.add_argument("--pdf", required=True, metavar="FILE", help="the PDF file to write")
    notices.add_parser(
        "password", help="keep the mail server's password (smtp.user) in the OS keyring"
    )
    listing = notices.add_parser("list", help="notices, newest first")
    listing.add_argument("--state", choices=STATES, help="only notices in this state")
