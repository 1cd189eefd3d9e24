"""`illdesk journal list | replay | settle SCAN_ID`: the scanning desk's offline journal."""

from __future__ import annotations

import argparse

from illdesk.cli.context import EXIT_FAILED, EXIT_OK
from illdesk.services.desk import offline
from illdesk.services.session import DeskSession


def journal_list(_args: argparse.Namespace) -> int:
    """Every scan kept offline: waiting, applied, and the exceptions to decide on."""
    journal = offline.journal_for()
    scans = journal.scans()
    if not scans:
        print("The offline journal is empty.")
        return EXIT_OK
    for scan in scans:
        when = scan.at.astimezone()
        known = f" ({scan.known})" if scan.known and scan.known != scan.raw else ""
        print(
            f"{scan.seq:>5} {when:%Y-%m-%d %H:%M:%S} {scan.state:<9} {scan.mode:<13} "
            f"{scan.raw}{known}  {scan.staff_name} @ {scan.workstation}"
        )
        if scan.outcome:
            print(f"      {scan.outcome}")
    waiting = sum(1 for s in scans if s.state == "waiting")
    to_decide = sum(1 for s in scans if s.state == "exception")
    print(f"{waiting} waiting for the server, {to_decide} exception(s) to decide.")
    return EXIT_OK


def journal_replay(_args: argparse.Namespace, session: DeskSession) -> int:
    """Apply the waiting scans in order; list what needs a person."""
    journal = offline.journal_for()

    def told(scan: offline.JournaledScan, verdict: str, outcome: str) -> None:
        mark = "done" if verdict == "applied" else "DECIDE"
        print(f"{scan.seq:>5} {mark:<6} {scan.raw}: {outcome}", flush=True)

    summary = offline.replay(session, journal, told)
    print(f"Replayed the offline journal: {summary.text}")
    return EXIT_FAILED if summary.exceptions else EXIT_OK


def journal_settle(args: argparse.Namespace) -> int:
    """Take an exception off the list once a person has dealt with it."""
    journal = offline.journal_for()
    for scan in offline.exceptions(journal):
        if str(scan.seq) == args.scan or scan.scan_id == args.scan:
            offline.settle_exception(journal, scan.scan_id, args.note)
            print(f"Scan {scan.seq} ({scan.raw}) is settled.")
            return EXIT_OK
    print(f"illdesk: no exception numbered {args.scan} in the offline journal.")
    return EXIT_FAILED
