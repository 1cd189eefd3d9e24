"""`illdesk lending receive FILE.xml`: a lending request received as an ISO 18626 message.

The confirmation (ISO 18626 XML for the sending library's system) goes to `--confirmation
FILE`, or to standard output, in which case what happened is told on standard error so that
the output stays a clean XML document. Exit status 0 when the request was taken in, 1 when
the message was refused (nothing was entered).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from illdesk.cli.context import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from illdesk.services.session import DeskSession


def add_lending_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `illdesk lending ...` to the command line."""
    lending = commands.add_parser(
        "lending", help="lending requests received from other libraries' systems"
    )
    actions = lending.add_subparsers(dest="lending_command", metavar="ACTION", required=True)
    receive = actions.add_parser(
        "receive",
        help="take in an ISO 18626 Request message as a new lending request and write the "
        "confirmation",
    )
    receive.add_argument("file", metavar="FILE.xml", help="the message (- reads standard input)")
    receive.add_argument(
        "--confirmation",
        type=Path,
        metavar="FILE",
        help="write the ISO 18626 confirmation here (default: standard output)",
    )


def lending_command(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk lending ACTION`."""
    if args.lending_command != "receive":
        return EXIT_USAGE
    from illdesk.services.desk.message_intake import receive_request  # noqa: PLC0415

    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"illdesk: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILED
    intake = receive_request(session.write(), data)
    told = sys.stdout if args.confirmation else sys.stderr
    if args.confirmation is not None:
        try:
            args.confirmation.write_bytes(intake.confirmation)
        except OSError as exc:
            print(f"illdesk: cannot write {args.confirmation}: {exc.strerror}", file=sys.stderr)
            print(intake.told, file=sys.stderr)
            return EXIT_FAILED
    else:
        sys.stdout.buffer.write(intake.confirmation)
    print(intake.told if intake.accepted else f"Refused: {intake.told}", file=told)
    if args.confirmation is not None:
        print(f"Confirmation written to {args.confirmation}.", file=told)
    return EXIT_OK if intake.accepted else EXIT_FAILED
