"""The arguments of `illdesk report` (statistics); the commands are `report_commands`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

# The breakdowns of `report range --by`, spelled out here so that `illdesk --help` loads no
# database code; tests/unit/test_architecture.py keeps them equal to the service's list.
BREAKDOWNS = (
    "library",
    "group",
    "format",
    "service",
    "patron-type",
    "pickup",
    "facility",
    "method",
    "staff",
    "workstation",
)

# The surveys of `report survey`, as `core.surveys.SURVEYS` names them (test_report_names).
SURVEYS = ("acrl", "ipeds", "imls", "nys", "arl")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01."
        ) from None


def add_report_parser(commands: Any) -> None:
    """Add `report` (and `privacy`) with their sub-commands to the `illdesk` parsers."""
    privacy = commands.add_parser(
        "privacy", help="patron data kept only as long as the library's rule says"
    ).add_subparsers(dest="privacy_command", metavar="ACTION", required=True)
    purge = privacy.add_parser(
        "purge",
        help="remove patron identity from requests finished longer ago than privacy."
        "purge_after_days (the figures stay)",
    )
    purge.add_argument("--dry-run", action="store_true", help="only count what would go")
    privacy.add_parser("runs", help="the purge runs: when, by whom, how much each removed")
    courier = commands.add_parser(
        "courier", help="the desk's courier log: bins out and in, a missed stop"
    ).add_subparsers(dest="courier_command", metavar="ACTION", required=True)
    log = courier.add_parser("log", help="add a line to the courier log")
    log.add_argument("kind", choices=("out", "in", "missed"))
    log.add_argument("--day", type=_day, help="the day (default today)")
    log.add_argument("--route", default="", help="route or stop")
    log.add_argument("--bins", type=int, default=0)
    log.add_argument("--items", type=int, default=0)
    log.add_argument("--note", default="")
    report = commands.add_parser(
        "report", help="statistics counted from the history: months, ranges, surveys"
    ).add_subparsers(dest="report_command", metavar="REPORT", required=True)
    monthly = report.add_parser(
        "monthly", help="one month's figures (a frozen month as frozen, with its corrections)"
    )
    monthly.add_argument("month", metavar="YYYY-MM")
    monthly.add_argument("--csv", metavar="FILE", type=Path, help="also write them as CSV")
    monthly.add_argument("--xlsx", metavar="FILE", type=Path, help="also write them as XLSX")
    monthly.add_argument(
        "--pdf", metavar="FILE", type=Path, help="also write them as a PDF with a chart"
    )
    monthly.add_argument(
        "--by",
        choices=BREAKDOWNS,
        help="the month's counts split by partner library, facility, ... (a frozen month's as "
        "frozen)",
    )
    span = report.add_parser("range", help="figures for any days, optionally split")
    span.add_argument("first", type=_day, metavar="FROM", help="first day (YYYY-MM-DD)")
    span.add_argument("last", type=_day, metavar="TO", help="last day, included (YYYY-MM-DD)")
    span.add_argument(
        "--by",
        choices=BREAKDOWNS,
        help="split by partner library, lender group, format, ... (staff and workstation: "
        "who processed how much)",
    )
    span.add_argument("--csv", metavar="FILE", type=Path, help="also write them as CSV")
    span.add_argument("--xlsx", metavar="FILE", type=Path, help="also write them as XLSX")
    freeze = report.add_parser(
        "freeze", help="store a month's figures for good (later changes leave them as they are)"
    )
    which = freeze.add_mutually_exclusive_group(required=True)
    which.add_argument("month", metavar="YYYY-MM", nargs="?")
    which.add_argument(
        "--due", action="store_true", help="every month past the freeze delay (for a daily task)"
    )
    correct = report.add_parser(
        "correct", help="correct a frozen figure: a new entry with its reason, beside the original"
    )
    correct.add_argument("month", metavar="YYYY-MM")
    correct.add_argument("measure", metavar="MEASURE", help="e.g. borrowing.received")
    correct.add_argument("value", metavar="VALUE")
    correct.add_argument("--reason", required=True, metavar="TEXT", help="why it is corrected")
    year = report.add_parser(
        "year", help="a fiscal year: the sum of its months (frozen ones as frozen)"
    )
    year.add_argument("year", type=int, metavar="YYYY", help="the year the fiscal year ends in")
    year.add_argument("--csv", metavar="FILE", type=Path, help="also write it as CSV")
    year.add_argument("--xlsx", metavar="FILE", type=Path, help="also write it as XLSX")
    courier_report = report.add_parser(
        "courier", help="packages and items out and in per day, destination and method"
    )
    courier_report.add_argument("first", type=_day, metavar="FROM", help="first day")
    courier_report.add_argument("last", type=_day, metavar="TO", help="last day, included")
    courier_report.add_argument("--csv", metavar="FILE", type=Path, help="also write it as CSV")
    courier_report.add_argument("--xlsx", metavar="FILE", type=Path, help="also as XLSX")
    survey = report.add_parser(
        "survey", help="ready answers for a survey (ACRL, IPEDS, IMLS PLS, NYS, ARL)"
    )
    survey.add_argument("survey", choices=SURVEYS)
    survey.add_argument(
        "--year", type=int, required=True, metavar="YYYY", help="the year the fiscal year ends in"
    )
    survey.add_argument("--csv", metavar="FILE", type=Path, help="also write it as CSV")
    survey.add_argument("--xlsx", metavar="FILE", type=Path, help="also write it as XLSX")
