"""The demo's rules, so a new user sees each of them at work: copies from one journal past the
rule of five (one already paid for), a lending policy with requests it routed, a purchase rule
with an order, and a correctional facility with its people and restrictions (a hardcover on the
hold shelf for one of them, which check-out refuses).

Made after the rest of the demo, through the same services staff use, so every change has its
event and the rest of the demo is as it always was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from illdesk.core.citation import Citation
from illdesk.core.copyright import CopyrightSettings
from illdesk.core.facility_rules import FacilityRules
from illdesk.core.policy_rules import PolicyRule
from illdesk.core.vocabulary import Direction, Format, PatronType, Service
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.demo_requests import DemoClock
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest
from illdesk.services.errors import ServiceError
from illdesk.services.rules import copyright_decisions, facilities, policy, purchase
from illdesk.store.database import Database
from illdesk.store.schema import Library, Patron
from illdesk.store.unit_of_work import SYSTEM, Actor, UnitOfWork

OVER_FIVE_JOURNAL = ("Oregon Historical Quarterly", "0030-4727")
OVER_FIVE_COPIES = 7
FACILITY = "TRCI"
LENDING_RULES = (
    PolicyRule("Special collections: a person decides", "review", locations=("special",)),
    PolicyRule(
        "Periodicals do not circulate",
        "unfilled",
        services=("loan",),
        locations=("periodicals",),
        reason="NonCirculating",
    ),
    PolicyRule(
        "Consortium partners: six weeks, free",
        "accept",
        groups=("consortium",),
        loan_days=42,
        renewals=1,
        charge=Decimal("0.00"),
    ),
    PolicyRule("Libraries abroad: a person decides", "review", groups=("international",)),
    PolicyRule(
        "Everyone else: four weeks at $15",
        "accept",
        loan_days=28,
        renewals=1,
        charge=Decimal("15.00"),
    ),
)
PURCHASE_RULE = PolicyRule(
    "New books: buy instead", "buy", kind="purchase", formats=("book",), max_age_years=1
)


# The requests the rules' part of the demo enters (taken out of the demo's size), and the
# smallest demo that has them (a tiny demo keeps the rules, the facility and its people only).
RULES_REQUESTS = 15
RULES_REQUESTS_FROM = 200


def make_rules(
    db: Database,
    now: datetime,
    actor: Actor,
    cards: Sequence[str],
    lender: str,
    *,
    with_requests: bool = True,
) -> int:
    """Add the demo's rules (and, `with_requests`, the requests that show them at work);
    returns how many requests were entered."""
    clock = DemoClock(now - timedelta(days=2))

    def uow() -> UnitOfWork:
        clock.at += timedelta(minutes=3)
        return UnitOfWork(db, actor, clock)

    def supervisor() -> UnitOfWork:  # settings and rules are a supervisor's to change
        return UnitOfWork(db, SYSTEM, clock)

    _copyright_settings(supervisor())
    made = _copies_over_five(uow, cards, now.year - 1, lender) if with_requests else 0
    made += _facility(uow, supervisor, now.year, lender if with_requests else "")
    # The rules come after the facility's loan, which is an older book borrowed as usual.
    for rule in (*LENDING_RULES, PURCHASE_RULE):
        policy.save_rule(supervisor(), rule)
    if with_requests:
        made += _lending_requests(uow)
        made += _purchases(uow, cards, now)
    return made


def _copyright_settings(uow: UnitOfWork) -> None:
    with uow:
        settings = library_settings.load(uow)
        copyright_settings = CopyrightSettings(
            exempt_journals=("Journal of Library Administration",),
            royalty_base=Decimal("3.00"),
            royalty_per_page=Decimal("0.25"),
        )
        library_settings.save(uow, replace(settings, copyright=copyright_settings))
        uow.commit()


def _enter(uow: UnitOfWork, new: NewRequest, cards: Sequence[str], start: int) -> str:
    """Enter a request for the first patron from `start` whose account allows it."""
    for card in (*cards[start:], *cards[:start]):
        try:
            return requests.create_request(uow, replace(new, patron_card=card)).number
        except ServiceError:
            continue
    return ""


def _copies_over_five(
    uow_for: Callable[[], UnitOfWork], cards: Sequence[str], published: int, lender: str
) -> int:
    journal, issn = OVER_FIVE_JOURNAL
    numbers = []
    for n in range(OVER_FIVE_COPIES):
        citation = Citation(
            journal_title=journal,
            article_title=f"Letters from the Willamette Valley, part {n + 1}",
            author="Hale, Morgan",
            volume="127",
            issue=str(n % 4 + 1),
            pages=f"{10 + n * 20}-{25 + n * 20}",
            year=str(published),
            issn=issn,
        )
        new = NewRequest(
            Direction.BORROWING,
            Service.COPY,
            Format.ARTICLE,
            citation,
            lenders=(lender,),
            allow_duplicate=True,
        )
        number = _enter(uow_for(), new, cards, n * 3)
        if number:
            requests.perform(uow_for(), number, "approve")
            numbers.append(number)
    if numbers:  # the last one already paid for: its royalty from the settings
        copyright_decisions.decide(uow_for(), numbers[-1], "royalty", note="Demo royalty")
    return OVER_FIVE_COPIES if numbers else 0


def _facility(
    uow_for: Callable[[], UnitOfWork],
    supervisor: Callable[[], UnitOfWork],
    year: int,
    lender: str,
) -> int:
    facilities.save_facility(
        supervisor(),
        facilities.FacilityInput(
            FACILITY,
            "Two Rivers Correctional Institution",
            street="100 Institution Road",
            city="Umatilla",
            region="OR",
            postal_code="97882",
            routing="Institution library, Tuesday van",
            inmate_number_format="DOCCS",
            rules=FacilityRules(
                loan_days=42,
                renewals=1,
                delivery_day="Tuesday",
                no_hardcover=True,
                no_spiral_or_metal=True,
                discs_removed=True,
            ),
        ),
    )
    with uow_for() as uow:
        cards = list(
            uow.session.scalars(
                sa.select(Patron.card_barcode)
                .where(Patron.patron_type == PatronType.CORRECTIONAL.value)
                .order_by(Patron.id)
            )
        )
        if not cards:  # a small demo may have nobody inside: the last patron goes there
            last = uow.session.scalars(sa.select(Patron.card_barcode).order_by(Patron.id.desc()))
            cards = [card for card in (last.first(),) if card]
    for index, card in enumerate(cards):
        number = f"{(year - 1 - index) % 100:02d}-{'ABRT'[index % 4]}-{index * 37 % 10000:04d}"
        facilities.place_patron(uow_for(), card, FACILITY, number)
    if not (cards and lender):
        return 0
    # a hardcover waits on the hold shelf: check-out refuses it, naming the rule
    citation = Citation(
        title="The Orchard Keeper's Year", author="Lund, Ada", edition="2nd ed., hardcover"
    )
    new = NewRequest(Direction.BORROWING, Service.LOAN, Format.BOOK, citation, lenders=(lender,))
    number = _enter(uow_for(), new, cards, 0)
    if not number:
        return 0
    for action in ("approve", "send", "receive"):
        requests.perform(uow_for(), number, action)
    return 1


def _lending_requests(uow_for: Callable[[], UnitOfWork]) -> int:
    """One lending request from each kind of partner, routed by the rules on arrival."""
    with uow_for() as uow:
        libraries = {
            group: symbol
            for symbol, group in uow.session.execute(
                sa.select(Library.symbol, Library.group_name).order_by(Library.id.desc())
            )
        }
    made = 0
    for group, location, title in (
        ("consortium", "Main stacks", "Salmon Runs of the Lower Columbia"),
        ("national", "Main stacks", "A Field Guide to Cascade Wildflowers"),
        ("national", "Special collections", "Letters of a Willamette Missionary"),
        ("consortium", "Periodicals", "Oregon Grange Bulletin, 1921"),
        ("international", "Main stacks", "Timber and Trade on the Pacific Rim"),
    ):
        symbol = libraries.get(group) or next(iter(libraries.values()))  # a small demo
        new = NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title, author="Demo, Author", year="2004"),
            library_symbol=symbol,
            location=location,
            call_number="F 881 .D46 2004",
            lender_reference=f"{symbol}-{made + 1:04d}",
        )
        requests.create_request(uow_for(), new)
        made += 1
    return made


def _purchases(uow_for: Callable[[], UnitOfWork], cards: Sequence[str], now: datetime) -> int:
    """Two new books the purchase rule sends to Buy instead: one ordered, one arrived."""
    made = 0
    for n, title in enumerate(("Rivers Without Dams", "The New Orchard Handbook")):
        citation = Citation(title=title, author="Reyes, Sam", year=str(now.year), publisher="OSU")
        new = NewRequest(Direction.BORROWING, Service.LOAN, Format.BOOK, citation)
        number = _enter(uow_for(), new, cards, 7 + n * 5)
        if not number:
            continue
        order = purchase.Order(
            vendor="Cascade Book Supply",
            price=Decimal("34.95") + n * 10,
            order_number=f"PO-{now.year}-04{n + 1:02d}",
            expected_on=(now + timedelta(days=10)).date(),
        )
        purchase.buy_instead(uow_for(), number, order)
        if n == 1:
            purchase.arrived(uow_for(), number)
        made += 1
    return made
