"""The demo's requests: each one entered, then taken part-way along a scripted lifecycle.

A request is not written directly: it is entered and each step is performed by the same code
the desk uses (`store.requests.perform`) under a simulated clock, so the histories are real
histories that `illdesk db check` replays.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from illdesk.core import workflow
from illdesk.core.check_digits import CheckDigitScheme, compute_check_digit
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import CancelReason, Direction, Format, ReasonUnfilled, Service
from illdesk.core.workflow import Action
from illdesk.services.admin.demo_names import DemoNames
from illdesk.services.desk import requests
from illdesk.store import request_writer as writer
from illdesk.store.unit_of_work import UnitOfWork

# Action scripts: a request follows one and stops part-way, leaving it in that status.
B_LOAN = [
    "approve",
    "send",
    "lender_shipped",
    "receive",
    "check_out",
    "patron_return",
    "return_to_lender",
]
B_LOAN_RETRY = [
    "approve",
    "send",
    "lender_unfilled",
    "receive",
    "check_out",
    "renew_ask",
    "renew_approved",
    "patron_return",
    "return_to_lender",
]
B_CONDITIONAL = [
    "approve",
    "send",
    "lender_conditional",
    "accept_conditions",
    "lender_shipped",
    "receive",
    "check_out",
    "renew_ask",
    "renew_denied",
    "patron_return",
    "return_to_lender",
]
B_EXHAUSTED = ["approve", "send", "lender_unfilled", "no_answer", "lender_unfilled", "purchase"]
B_RECALL = [
    "approve",
    "send",
    "receive",
    "check_out",
    "recall",
    "patron_return",
    "return_to_lender",
]
B_LOST = ["approve", "send", "receive", "check_out", "mark_damaged", "mark_lost"]
B_COPY = ["approve", "clear_copyright", "send", "receive_copy", "deliver_copy"]
B_CANCEL = ["approve", "cancel"]
L_LOAN = ["accept", "print_pull_slip", "found", "ship", "renew_ask", "renew_approved", "check_in"]
L_POLICY = ["policy_review", "accept", "print_pull_slip", "found", "ship", "recall", "check_in"]
L_UNFILLED = ["accept", "print_pull_slip", "unfill"]
L_CONDITIONS = [
    "offer_conditions",
    "conditions_accepted",
    "print_pull_slip",
    "found",
    "ship",
    "check_in",
]
L_COPY = ["accept", "print_pull_slip", "found", "send_copy"]
L_CANCEL = ["offer_conditions", "conditions_rejected"]
L_LOST = ["accept", "print_pull_slip", "found", "ship", "mark_lost"]

SCRIPTS: list[tuple[Direction, Service, list[str], int]] = [
    (Direction.BORROWING, Service.LOAN, B_LOAN, 30),
    (Direction.BORROWING, Service.LOAN, B_LOAN_RETRY, 10),
    (Direction.BORROWING, Service.LOAN, B_CONDITIONAL, 5),
    (Direction.BORROWING, Service.LOAN, B_EXHAUSTED, 4),
    (Direction.BORROWING, Service.LOAN, B_RECALL, 3),
    (Direction.BORROWING, Service.LOAN, B_LOST, 1),
    (Direction.BORROWING, Service.COPY, B_COPY, 15),
    (Direction.BORROWING, Service.LOAN, B_CANCEL, 3),
    (Direction.LENDING, Service.LOAN, L_LOAN, 16),
    (Direction.LENDING, Service.LOAN, L_POLICY, 3),
    (Direction.LENDING, Service.LOAN, L_UNFILLED, 6),
    (Direction.LENDING, Service.LOAN, L_CONDITIONS, 3),
    (Direction.LENDING, Service.COPY, L_COPY, 5),
    (Direction.LENDING, Service.LOAN, L_CANCEL, 1),
    (Direction.LENDING, Service.LOAN, L_LOST, 1),
]


class DemoClock:
    """The simulated time the demo's units of work read."""

    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


def _isbn13(rng: random.Random) -> str:
    body = "978" + "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _citation(rng: random.Random, fmt: Format, names: DemoNames) -> Citation:
    topic, other = rng.sample(names.topics, 2)
    title = rng.choice(names.title_frames).format(t=topic, u=other, r=rng.choice(names.regions))
    author = f"{rng.choice(names.surnames)}, {rng.choice(names.given_names)}"
    year = str(rng.randrange(1950, 2026))
    if fmt in {Format.ARTICLE, Format.CHAPTER}:
        journal, issn = rng.choice(names.journals)
        return Citation(
            title=title if fmt is Format.CHAPTER else "",
            journal_title=journal if fmt is Format.ARTICLE else "",
            article_title=f"{topic} in {rng.choice(names.regions)}: {other.lower()} reconsidered",
            author=author,
            volume=str(rng.randrange(1, 120)),
            issue=str(rng.randrange(1, 5)),
            pages=f"{(p := rng.randrange(1, 400))}-{p + rng.randrange(5, 40)}",
            year=year,
            issn=issn if fmt is Format.ARTICLE else "",
            isbn=_isbn13(rng) if fmt is Format.CHAPTER else "",
        )
    publisher, place = rng.choice(names.publishers)
    return Citation(
        title=title,
        author=author,
        year=year,
        publisher=publisher,
        place=place,
        edition=rng.choice(["", "", "2nd ed.", "Rev. ed."]),
        isbn=_isbn13(rng) if fmt is Format.BOOK and rng.random() < 0.8 else "",
        oclc_number=str(rng.randrange(10_000, 1_500_000_000)),
    )


def one_request(
    uow: UnitOfWork,
    rng: random.Random,
    clock: DemoClock,
    now: datetime,
    direction: Direction,
    service: Service,
    script: list[str],
    symbols: list[str],
    cards: list[str],
    names: DemoNames,
    stop: int | None = None,
) -> None:
    """Enter one request and take it along `script`, stopping at `stop` (None: by its age)."""
    if service is Service.COPY:
        fmt = rng.choice([Format.ARTICLE, Format.ARTICLE, Format.CHAPTER])
    else:
        fmt = rng.choice([Format.BOOK] * 8 + [Format.THESIS, Format.AUDIOVISUAL])
    new = requests.NewRequest(
        direction=direction,
        service=service,
        format=fmt,
        citation=_citation(rng, fmt, names),
        patron_card=rng.choice(cards) if direction is Direction.BORROWING else "",
        library_symbol=rng.choice(symbols) if direction is Direction.LENDING else "",
        lenders=tuple(rng.sample(symbols, min(len(symbols), rng.randrange(2, 5))))
        if direction is Direction.BORROWING
        else (),
        need_before=(clock.at + timedelta(days=rng.randrange(20, 120))).date()
        if rng.random() < 0.4
        else None,
        max_cost=Decimal(rng.choice(["0", "25", "50"]))
        if direction is Direction.BORROWING
        else None,
        lender_reference=f"{rng.randrange(100_000_000, 999_999_999)}"
        if direction is Direction.LENDING
        else "",
        call_number=f"{rng.choice(['F', 'HD', 'QH', 'PS', 'E'])}{rng.randrange(1, 999)}"
        f".{rng.choice('ABCDMRST')}{rng.randrange(1, 99)} {rng.randrange(1950, 2025)}"
        if direction is Direction.LENDING
        else "",
        location=rng.choice(["Main stacks", "Oversize", "Periodicals", "Special collections"])
        if direction is Direction.LENDING
        else "",
        source=rng.choice(["staff", "openurl", "openurl", "email"])
        if direction is Direction.BORROWING
        else rng.choice(["iso18626", "webform"]),
        allow_duplicate=True,
    )
    req = requests.enter_request(uow, new)
    # How far along the script this request got: old requests mostly finished.
    hours = (4.0, 90.0)
    if stop is None:
        age_days = (now - clock.at).days
        finished = age_days > 75 and rng.random() < 0.9
        stop = len(script) if finished else rng.randrange(0, len(script) + 1)
    else:
        hours = (1.0, 10.0)  # a walk must reach its step before "now"
    for name in script[:stop]:
        clock.at += timedelta(hours=rng.uniform(*hours))
        if clock.at >= now:
            break
        action = Action(name)
        params = _params(rng, action, clock, req)
        params = requests.fill_defaults(uow, req, action, params)
        try:
            writer.perform(uow, req, action, requests.action_context(uow, req, params))
        except workflow.TransitionError:
            break


def _params(rng: random.Random, action: Action, clock: DemoClock, req: Any) -> dict[str, Any]:
    today: date = clock.at.date()
    if action in {Action.LENDER_UNFILLED, Action.UNFILL}:
        return {
            "reason": rng.choice(
                [
                    ReasonUnfilled.NOT_ON_SHELF,
                    ReasonUnfilled.IN_USE_ON_LOAN,
                    ReasonUnfilled.NON_CIRCULATING,
                    ReasonUnfilled.NOT_OWNED,
                    ReasonUnfilled.POOR_CONDITION,
                ]
            ).value
        }
    if action is Action.CANCEL:
        return {"reason": rng.choice(list(CancelReason)).value}
    if action is Action.CLEAR_COPYRIGHT:
        return {"copyright_code": rng.choice(["ccg", "ccg", "ccl"])}
    if action in {Action.LENDER_CONDITIONAL, Action.OFFER_CONDITIONS}:
        return {"conditions": rng.choice(["Library use only", "Charge $15.00", "No renewals"])}
    if action is Action.RECEIVE:
        return {
            "lender_due_date": today + timedelta(days=rng.choice([21, 28, 42])),
            "temp_barcode": "ILL" + req.number.replace("-", "")[1:],
            "restrictions": rng.choice(["", "", "Library use only", "No renewals"]),
        }
    if action is Action.FOUND:
        payload = f"3{5678:04d}{req.id:08d}"
        return {
            "item_barcode": payload
            + (compute_check_digit(payload, CheckDigitScheme.LUHN_MOD10) or "0")
        }
    if action in {Action.RENEW_APPROVED, Action.RECALL}:
        base = req.lender_due_date or today
        delta = 28 if action is Action.RENEW_APPROVED else -3
        return {"new_due_date": max(today + timedelta(days=3), base + timedelta(days=delta))}
    if action is Action.MARK_DAMAGED:
        return {"note": "Water damage on the back cover"}
    return {}
