"""`illdesk copyright ...`: the rule of five from the command line."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from illdesk.cli.context import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from illdesk.cli.rules_parser import RESTRICTION_SWITCHES
from illdesk.core import copyright as rules
from illdesk.core.facility_rules import FacilityRules
from illdesk.core.policy_rules import PolicyRule, RuleKind
from illdesk.services.rules import copyright as counts
from illdesk.services.rules import copyright_decisions as decisions
from illdesk.services.rules import facilities, policy, purchase
from illdesk.services.session import DeskSession

REPORT_COLUMNS = (
    "journal",
    "issn",
    "requests",
    "counted",
    "over_five",
    "ccg",
    "ccl",
    "fees",
    "fee_total",
)


def copyright_command(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk copyright ACTION`."""
    action = args.copyright_command
    if action == "count":
        got = counts.count(session.read(), args.journal, args.year)
        if got.exempt:
            print(f"{args.journal}: on the exempt list (subscribed): its articles do not count.")
            return EXIT_OK
        print(
            f"{args.journal}: {got.counted} article(s) counted in {got.year} "
            f"(at most {rules.ALLOWED_PER_YEAR} within the guidelines)."
        )
        print(f"A recent article requested now: {got.next_article.text}")
        return EXIT_OK
    if action == "report":
        return _report(session, args.year, args.csv)
    if action == "clear":
        done = decisions.auto_clear(session.write)
        for number, code, why in done.cleared:
            print(f"{number}  cleared {code.upper()}  {why}")
        for number, why in done.waiting:
            print(f"{number}  WAITS FOR STAFF  {why}")
        print(f"{len(done.cleared)} cleared, {len(done.waiting)} left for staff to decide.")
        return EXIT_OK
    if action == "decide":
        print(
            decisions.decide(
                session.write(), args.number, args.choice, amount=args.amount, note=args.note
            )
        )
        return EXIT_OK
    if action == "paid-outside":
        what = decisions.record_outside(
            session.write(),
            args.journal,
            args.amount,
            published=args.published,
            number=args.request,
            note=args.note,
        )
        print(f"Fee of ${args.amount} paid outside ILL Desk recorded for {what}.")
        return EXIT_OK
    if action == "purge":
        gone = decisions.purge(session.write())
        print(f"{gone} copyright record(s) past their keeping time deleted.")
        return EXIT_OK
    if action == "warning":
        print(rules.WARNING_TITLE)
        print()
        print(rules.WARNING_TEXT)
        return EXIT_OK
    return EXIT_USAGE


def _report(session: DeskSession, year: int, path: Path | None) -> int:
    lines = decisions.report(session.read(), year)
    rows = [
        [
            line.journal,
            line.issn,
            line.requests,
            line.counted,
            line.over_five,
            line.ccg,
            line.ccl,
            line.fees,
            f"{line.fee_total:.2f}",
        ]
        for line in lines
    ]
    if path is not None:
        try:
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(REPORT_COLUMNS)
                writer.writerows(rows)
        except OSError as exc:
            print(f"illdesk: cannot write {path}: {exc.strerror}", file=sys.stderr)
            return EXIT_FAILED
        print(f"Copyright report {year}: {len(rows)} journal(s) written to {path}.")
        return EXIT_OK
    if not rows:
        print(f"No copy requests recorded for {year}.")
        return EXIT_OK
    print(f"Copyright report {year} (fees count once the copy was delivered)")
    print(f"{'journal':40} {'ISSN':9} {'req':>4} {'cnt':>4} {'>5':>3} {'CCG':>4} {'CCL':>4} fees")
    for row in rows:
        journal = str(row[0])[:40]
        print(
            f"{journal:40} {row[1]:9} {row[2]:>4} {row[3]:>4} {row[4]:>3} {row[5]:>4} "
            f"{row[6]:>4} {row[7]} (${row[8]})"
        )
    return EXIT_OK


def rules_command(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk rules ACTION`."""
    action = args.rules_command
    if action == "list":
        kind = RuleKind(args.kind) if args.kind else None
        stored = policy.list_rules(session.read(), kind)
        if not stored:
            print("No rules yet: new lending requests wait in New for staff to decide.")
        for each in stored:
            print(f"{each.id:>4}  {each.rule.kind:8} {each.rule.name}: {each.text}")
            for problem in each.problems:
                print(f"      PROBLEM: {problem}")
        return EXIT_OK
    if action == "check":
        verdict = policy.check(session.read(), args.number)
        outcome = verdict.outcome.value if verdict.outcome else "none (staff decide)"
        print(f"{args.number}: {outcome}")
        print(verdict.why)
        for skipped in verdict.skipped:
            print(f"PROBLEM: {skipped}")
        return EXIT_OK
    if action == "add":
        rule = PolicyRule(
            name=args.name,
            outcome=args.outcome,
            kind=args.kind,
            libraries=tuple(s.upper() for s in args.library),
            groups=tuple(args.group),
            formats=tuple(args.format),
            services=tuple(args.service),
            locations=tuple(args.location),
            min_age_years=args.min_age,
            max_age_years=args.max_age,
            max_price=args.max_price,
            loan_days=args.loan_days,
            renewals=args.renewals,
            charge=args.charge,
            reason=args.reason,
        )
        rule_id = policy.save_rule(session.write(), rule)
        print(f"Rule {rule_id} “{args.name}” added at the end of the {args.kind} rules.")
        return EXIT_OK
    if action == "remove":
        name = policy.delete_rule(session.write(), args.rule_id)
        print(f"Rule {args.rule_id} “{name}” removed.")
        return EXIT_OK
    if action == "move":
        policy.move_rule(session.write(), args.rule_id, args.position)
        print(f"Rule {args.rule_id} is now number {args.position} in its list.")
        return EXIT_OK
    if action == "route":
        numbers = policy.new_lending_numbers(session.read())
        said = policy.route_new(session.write(), numbers)
        for line in said:
            print(line)
        print(f"{len(said)} of {len(numbers)} new lending request(s) routed by the rules.")
        return EXIT_OK
    return EXIT_USAGE


def facility_command(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk facility ACTION`."""
    action = args.facility_command
    if action == "list":
        shown = facilities.list_facilities(session.read())
        if not shown:
            print("No facilities yet: `illdesk facility add CODE NAME` adds one.")
        for f in shown:
            rules_on = [what for _o, name, what in RESTRICTION_SWITCHES if getattr(f.rules, name)]
            print(f"{f.code:8} {f.name}" + (f" — {f.address}" if f.address else ""))
            print(
                f"         {f.rules.loan_days} days with transit, {f.rules.renewals} renewal(s), "
                f"{f.items_out} of {f.rules.max_items_out} items out, {f.people} people"
            )
            print(f"         restrictions: {', '.join(rules_on) or 'none'}")
            if f.routing:
                print(f"         routing: {f.routing}")
            if f.library_symbol:
                print(f"         its library in the directory: {f.library_symbol}")
        return EXIT_OK
    if action == "add":
        rules_given = FacilityRules(
            loan_days=args.loan_days,
            renewals=args.renewals,
            max_items_out=args.max_items_out,
            max_holds=args.max_holds,
            block_overdue=args.block_overdue,
            block_owed=args.block_owed,
            delivery_day=args.delivery_day,
            **{name: getattr(args, name) for _o, name, _w in RESTRICTION_SWITCHES},
        )
        view = facilities.save_facility(
            session.write(),
            facilities.FacilityInput(
                args.code,
                args.name,
                street=args.street,
                city=args.city,
                region=args.region,
                postal_code=args.postal_code,
                routing=args.routing,
                inmate_number_format=args.inmate_format,
                rules=rules_given,
                library_symbol=args.library,
            ),
        )
        print(f"Facility {view.code} “{view.name}” saved.")
        return EXIT_OK
    if action == "patron":
        print(facilities.place_patron(session.write(), args.card, args.code, args.inmate_number))
        return EXIT_OK
    if action == "check":
        refusal, steps = facilities.check_item(session.read(), args.number)
        print(refusal or f"{args.number}: the facility rules allow it.")
        for step in steps:
            print(step)
        return EXIT_FAILED if refusal else EXIT_OK
    return EXIT_USAGE


def purchase_command(args: argparse.Namespace, session: DeskSession) -> int:
    """Dispatch `illdesk purchase ACTION`."""
    action = args.purchase_command
    if action == "queue":
        lines = purchase.queue(session.read())
        if not lines:
            print("Nothing in Buy instead.")
        for line in lines:
            price = f"${line.price}" if line.price is not None else "no price"
            bought = f"{line.vendor or 'not ordered yet'} {line.order_number}".strip()
            expected = f", expected {line.expected_on}" if line.expected_on else ""
            print(f"{line.number}  {line.title[:50]:50}  {bought} ({price}){expected}")
        return EXIT_OK
    if action == "order":
        order = purchase.Order(args.vendor, args.price, args.order_number, args.expected, args.note)
        print(purchase.buy_instead(session.write(), args.number, order))
        return EXIT_OK
    if action == "arrived":
        print(purchase.arrived(session.write(), args.number))
        return EXIT_OK
    if action == "to-collection":
        print(purchase.to_collection(session.write(), args.number))
        return EXIT_OK
    if action == "check":
        verdict = purchase.check(session.read(), args.number, args.price)
        print(f"{args.number}: {'buy instead' if verdict.rule else 'borrow'}. {verdict.why}")
        for skipped in verdict.skipped:
            print(f"PROBLEM: {skipped}")
        return EXIT_OK
    return EXIT_USAGE
