"""Arguments of `illdesk copyright ...` (and, as they land, the other rules commands)."""

from __future__ import annotations

import argparse
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.strip().lstrip("$"))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"“{text}” is not an amount (e.g. 12.50)") from None
    if value < 0:
        raise argparse.ArgumentTypeError("an amount cannot be negative")
    return value


def add_rules_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the rules' commands to `illdesk`."""
    copyright_parser = commands.add_parser(
        "copyright", help="the rule of five on borrowed copies: counts, decisions, report"
    )
    actions = copyright_parser.add_subparsers(
        dest="copyright_command", metavar="ACTION", required=True
    )
    count = actions.add_parser(
        "count", help="how many articles of a journal count this year (or --year)"
    )
    count.add_argument("journal", metavar="ISSN-OR-TITLE")
    count.add_argument("--year", type=int, help="calendar year (default: this year)")
    report = actions.add_parser("report", help="the year's copies per journal, codes and fees")
    report.add_argument("--year", type=int, required=True)
    report.add_argument("--csv", type=Path, metavar="FILE", help="write the report as CSV")
    actions.add_parser(
        "clear",
        help="let the Copyright clearance queue decide what the rules allow (older than five "
        "years: CCL; within the five: CCG) and list what staff must decide",
    )
    decide = actions.add_parser(
        "decide", help="decide a copy over the five: royalty, supplier, or cancel"
    )
    decide.add_argument("number", help="the request number")
    decide.add_argument("choice", choices=["royalty", "supplier", "cancel"])
    decide.add_argument(
        "--amount", type=_amount, help="the fee (royalty default: base + per page x pages)"
    )
    decide.add_argument("--note", default="")
    outside = actions.add_parser(
        "paid-outside",
        help="record a fee paid outside ILL Desk so the count and the report stay right",
    )
    outside.add_argument("journal", metavar="ISSN-OR-TITLE")
    outside.add_argument("amount", type=_amount)
    outside.add_argument("--request", default="", help="the request it was paid for, if any")
    outside.add_argument("--published", type=int, help="the article's year of publication")
    outside.add_argument("--note", default="")
    actions.add_parser(
        "purge", help="delete copyright records past the end of their third full year"
    )
    actions.add_parser("warning", help="print the copyright warning shown to patrons")
    _add_policy_parser(commands)
    _add_facility_parser(commands)
    _add_purchase_parser(commands)


def _add_policy_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rules = commands.add_parser(
        "rules", help="lending policy and purchase rules: list, check a request, edit"
    )
    actions = rules.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every rule in order, with any problem")
    listing.add_argument("--kind", choices=["lending", "purchase"])
    check = actions.add_parser("check", help="what the rules say about a request, and why")
    check.add_argument("number")
    add = actions.add_parser("add", help="add a rule at the end of its list (a supervisor's task)")
    add.add_argument("name")
    add.add_argument("outcome", choices=["accept", "review", "unfilled", "buy"])
    add.add_argument("--kind", choices=["lending", "purchase"], default="lending")
    for option, what in (
        ("--library", "partner symbol"),
        ("--group", "partner group: reciprocal, in-state, out-of-state, international, ..."),
        ("--format", "book, article, chapter, thesis, audiovisual, other"),
        ("--service", "loan or copy"),
        ("--location", "location or collection (matched at the start)"),
    ):
        add.add_argument(option, action="append", default=[], help=f"{what}; repeatable")
    add.add_argument("--min-age", type=int, help="the item at least this many years old")
    add.add_argument("--max-age", type=int, help="the item at most this many years old")
    add.add_argument("--max-price", type=_amount, help="purchase: price under this limit")
    add.add_argument("--loan-days", type=int, help="accept: loan period in days")
    add.add_argument("--renewals", type=int, help="accept: renewals allowed")
    add.add_argument("--charge", type=_amount, help="accept: the charge")
    add.add_argument("--reason", default="", help="unfilled: ISO reason, e.g. NonCirculating")
    remove = actions.add_parser("remove", help="remove a rule (by its number in the list)")
    remove.add_argument("rule_id", type=int)
    move = actions.add_parser("move", help="put a rule at a place in its list (1 is first)")
    move.add_argument("rule_id", type=int)
    move.add_argument("position", type=int)
    actions.add_parser(
        "route", help="route lending requests waiting in New (imported, or older) by the rules"
    )


# Facility restrictions typed as switches: (option, field, help)
RESTRICTION_SWITCHES = (
    ("--no-hardcover", "no_hardcover", "no hardcovers"),
    ("--paperback-only", "paperback_only", "paperbacks only"),
    ("--no-spiral", "no_spiral_or_metal", "no spiral or metal bindings"),
    ("--discs-removed", "discs_removed", "discs removed before items go in"),
    ("--no-periodicals", "no_periodicals", "no periodicals"),
    ("--no-new-items", "no_new_items", "no new items"),
)


def _add_facility_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    facility = commands.add_parser(
        "facility", help="correctional facilities: their rules and the people inside"
    )
    actions = facility.add_subparsers(dest="facility_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="every facility with its rules and circulation")
    add = actions.add_parser("add", help="add a facility or change one (a supervisor's task)")
    add.add_argument("code")
    add.add_argument("name")
    for option in ("--street", "--city", "--region", "--postal-code", "--routing"):
        add.add_argument(option, default="")
    add.add_argument(
        "--library",
        default="",
        help="its library's symbol in the directory: loans to it follow the facility's rules",
    )
    add.add_argument(
        "--inmate-format", default="", help="DOCCS (98-A-0004) or a regular expression"
    )
    add.add_argument("--loan-days", type=int, default=42, help="including transit (42)")
    add.add_argument("--renewals", type=int, default=1)
    add.add_argument("--max-items-out", type=int, default=400)
    add.add_argument("--max-holds", type=int, default=200)
    add.add_argument("--block-overdue", type=int, default=50)
    add.add_argument("--block-owed", type=_amount, default=Decimal("100.00"))
    add.add_argument("--delivery-day", default="")
    for option, name, what in RESTRICTION_SWITCHES:
        add.add_argument(option, dest=name, action="store_true", help=what)
    person = actions.add_parser("patron", help="put a patron under a facility")
    person.add_argument("card")
    person.add_argument("code")
    person.add_argument("inmate_number")
    check = actions.add_parser("check", help="may this request's item go to its patron?")
    check.add_argument("number")


def _add_purchase_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    buy = commands.add_parser("purchase", help="buy instead of borrowing: queue, orders, arrival")
    actions = buy.add_subparsers(dest="purchase_command", metavar="ACTION", required=True)
    actions.add_parser("queue", help="the Buy instead queue with its orders")
    order = actions.add_parser("order", help="buy a request's item instead (or record its order)")
    order.add_argument("number")
    order.add_argument("--vendor", required=True)
    order.add_argument("--price", type=_amount)
    order.add_argument("--order-number", default="")
    order.add_argument("--expected", type=date.fromisoformat, help="YYYY-MM-DD")
    order.add_argument("--note", default="")
    arrived = actions.add_parser("arrived", help="the bought item came: to the hold shelf")
    arrived.add_argument("number")
    shelve = actions.add_parser("to-collection", help="a returned bought item goes to the shelves")
    shelve.add_argument("number")
    check = actions.add_parser("check", help="what the purchase rules say about a request")
    check.add_argument("number")
    check.add_argument("--price", type=_amount, help="the price, if known")
