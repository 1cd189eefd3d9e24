"""A demo workspace: partner libraries, patrons and requests in every state, with histories.

Requests are not written directly: each one is entered and then taken through its lifecycle by
the same code the desk uses (`store.requests.perform`), with a simulated clock, so the demo's
histories are real histories and `illdesk db check` replays every one of them.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from illdesk.core import workflow
from illdesk.core.address import PostalAddress
from illdesk.core.check_digits import CheckDigitScheme, compute_check_digit
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import (
    BillingMethod,
    CancelReason,
    DeliveryMethod,
    Direction,
    Format,
    PatronType,
    ReasonUnfilled,
    Service,
)
from illdesk.core.workflow import Action
from illdesk.services.admin.settings import HomeLibrary, LibrarySettings, save
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.store import requests as repo
from illdesk.store.database import Database
from illdesk.store.unit_of_work import Actor, UnitOfWork

CITIES = [
    ("Portland", "OR", "97201"),
    ("Eugene", "OR", "97401"),
    ("Salem", "OR", "97301"),
    ("Corvallis", "OR", "97331"),
    ("Bend", "OR", "97701"),
    ("Seattle", "WA", "98101"),
    ("Tacoma", "WA", "98402"),
    ("Spokane", "WA", "99201"),
    ("Olympia", "WA", "98501"),
    ("Boise", "ID", "83702"),
    ("Moscow", "ID", "83843"),
    ("Sacramento", "CA", "95814"),
    ("Berkeley", "CA", "94720"),
    ("Reno", "NV", "89501"),
    ("Missoula", "MT", "59801"),
    ("Helena", "MT", "59601"),
    ("Laramie", "WY", "82071"),
    ("Provo", "UT", "84602"),
    ("Tucson", "AZ", "85721"),
    ("Anchorage", "AK", "99501"),
]
KINDS = [
    ("University of {c}", "Libraries"),
    ("{c} Public Library", ""),
    ("{c} Community College", "Library"),
    ("{c} County Library District", ""),
    ("{c} State Library", ""),
]
FOREIGN = [
    ("Bibliothèque municipale de Lyon", "Lyon", "", "69003", "FR"),
    ("Universitätsbibliothek München", "München", "", "80539", "DE"),
    ("The British Library", "London", "", "NW1 2DB", "GB"),
    ("Biblioteca Nacional de España", "Madrid", "", "28071", "ES"),
    ("国立国会図書館 (National Diet Library)", "Tokyo", "", "100-8924", "JP"),
]
GIVEN = [
    "Ana",
    "Ben",
    "Chloé",
    "Dmitri",
    "Emeka",
    "Fatima",
    "George",
    "Hana",
    "Iñaki",
    "Jun",
    "Kateřina",
    "Liam",
    "María",
    "Noor",
    "Olu",
    "Priya",
    "Quinn",
    "Rosa",
    "Søren",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Xóchitl",
    "Yusuf",
    "Zoë",
]
SURNAMES = [
    "Anderson",
    "Baptiste",
    "Chen",
    "Dubois",
    "Eriksen",
    "Fernández",
    "García",
    "Hughes",
    "Ivanova",
    "Johnson",
    "Kowalski",
    "López",
    "Müller",
    "Nguyen",
    "O'Brien",
    "Patel",
    "Quispe",
    "Rossi",
    "Schmidt",
    "Tanaka",
    "Ueda",
    "Vasquez",
    "Williams",
    "Xu",
    "Yilmaz",
    "Zhang",
    "Ødegaard",
    "Łukasz",
]
TOPICS = [
    "Salmon",
    "Rivers",
    "Volcanoes",
    "Timber",
    "Railroads",
    "Quilts",
    "Jazz",
    "Orchards",
    "Glaciers",
    "Lighthouses",
    "Treaties",
    "Cattle",
    "Basketry",
    "Canneries",
    "Missions",
    "Wildfire",
    "Migration",
    "Printing",
    "Bridges",
    "Ferries",
    "Hops",
    "Weaving",
    "Comets",
]
FRAMES = [
    "A History of {t} in the {r}",
    "{t} and {u}: A Study",
    "The Politics of {t}",
    "Understanding {t}",
    "{t}, {u}, and the Making of the {r}",
    "Field Guide to {t}",
    "Women and {t} in the {r}",
    "{t}: New Perspectives",
]
STREETS = ["Campus Way", "Main St", "Library Ave", "College Blvd"]
REGIONS = ["Pacific Northwest", "American West", "Columbia Basin", "Great Basin", "Rockies"]
JOURNALS = [
    ("Journal of Northwest Studies", "0317-8471"),
    ("Western Historical Quarterly", "0043-3810"),
    ("Library Resources & Technical Services", "0024-2527"),
    ("Oregon Historical Quarterly", "0030-4727"),
    ("Pacific Science", "0030-8870"),
]
PUBLISHERS = [
    ("Oregon State University Press", "Corvallis"),
    ("University of Washington Press", "Seattle"),
    ("Caxton Press", "Caldwell"),
    ("Island Press", "Washington, DC"),
]
# Distance learners live far from every campus and get their items by mail.
DISTANCE_TOWNS = [
    ("Astoria", "OR", "97103", "US"),
    ("Hood River", "OR", "97031", "US"),
    ("Pendleton", "OR", "97801", "US"),
    ("Coos Bay", "OR", "97420", "US"),
    ("Klamath Falls", "OR", "97601", "US"),
    ("Tillamook", "OR", "97141", "US"),
    ("Walla Walla", "WA", "99362", "US"),
    ("Victoria", "BC", "V8W 1P6", "CA"),
]
HOME_STREETS = ["NE Alder St", "SE Fir Ave", "Ocean View Dr", "Cedar Ln", "Columbia Ave"]
# Share of the patrons who are not in a correctional facility that study at a distance.
DISTANCE_SHARE = 0.2


def _isbn13(rng: random.Random) -> str:
    body = "978" + "".join(str(rng.randrange(10)) for _ in range(9))
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@dataclass(frozen=True, slots=True)
class DemoSize:
    libraries: int = 50
    patrons: int = 500
    requests: int = 2000
    months: int = 18


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


class _Clock:
    def __init__(self, start: datetime) -> None:
        self.at = start

    def __call__(self) -> datetime:
        return self.at


def make_demo(
    db: Database,
    *,
    size: DemoSize | None = None,
    seed: int = 2026,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Fill an empty database with a realistic workspace; returns what was made."""
    size = size or DemoSize()
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    staff_names = ["Dana Whitfield", "Luis Ortega", "Mei Lin", "Sam Okafor"]
    staff = [directory.add_staff(UnitOfWork(db), name) for name in staff_names]
    with UnitOfWork(db) as uow:
        save(
            uow,
            LibrarySettings(
                home=HomeLibrary(
                    name="Riverbend Community College Library",
                    symbol="RVB",
                    email="ill@riverbend.example.edu",
                    phone="503-555-0142",
                    address=PostalAddress(
                        name="Riverbend Community College Library",
                        department="Interlibrary Loan",
                        street="1200 River Road",
                        city="Portland",
                        region="OR",
                        postal_code="97219",
                        country="US",
                    ),
                ),
                group_buffer_days={"consortium": 4, "international": 14},
            ),
        )
        uow.commit()
    symbols = _libraries(db, rng, size.libraries)
    # Addresses draw from their own generator, so the rest of the demo is as it always was.
    cards = _patrons(db, rng, size.patrons, random.Random(f"{seed}-addresses"))
    clock = _Clock(now)
    start = now - timedelta(days=30 * size.months)
    made = 0
    weights = [w for *_, w in SCRIPTS]
    # A few recent requests walk every script to every step, so that every status of both
    # lifecycles is on show however the dice fall; the rest are drawn at random.
    walks = [
        (i, stop) for i, (*_, script, _w) in enumerate(SCRIPTS) for stop in range(len(script) + 1)
    ]
    if len(walks) * 4 > size.requests:
        walks = []
    plan: list[tuple[datetime, int, int | None]] = [
        (
            start + timedelta(seconds=rng.uniform(0, (now - start).total_seconds())),
            rng.choices(range(len(SCRIPTS)), weights)[0],
            None,
        )
        for _ in range(size.requests - len(walks))
    ]
    plan += [
        (now - timedelta(days=6, minutes=i), index, stop) for i, (index, stop) in enumerate(walks)
    ]
    plan.sort(key=lambda entry: entry[0])
    for chunk_start in range(0, len(plan), 50):
        chunk = plan[chunk_start : chunk_start + 50]
        person = rng.choice(staff)
        actor = Actor(person.id, person.name, rng.choice(["DESK-1", "DESK-2", "STACKS"]))
        with UnitOfWork(db, actor, clock) as uow:
            for created, index, stop in chunk:
                direction, service, script, _w = SCRIPTS[index]
                clock.at = created
                _one_request(uow, rng, clock, now, direction, service, script, symbols, cards, stop)
                made += 1
            uow.commit()
        if progress:
            progress(made, size.requests)
    return {"libraries": len(symbols), "patrons": len(cards), "requests": made, "staff": len(staff)}


def _libraries(db: Database, rng: random.Random, count: int) -> list[str]:
    symbols: list[str] = []
    used: set[str] = {"RVB"}
    entries: list[tuple[str, str, str, str, str, str]] = []
    for city, region, postal in CITIES:
        for kind, dept in KINDS:
            entries.append((kind.format(c=city), dept, city, region, postal, "US"))
    rng.shuffle(entries)
    chosen = (
        entries[: max(0, count - len(FOREIGN))]
        + [(n, "", c, r, p, k) for n, c, r, p, k in FOREIGN][:count]
    )
    for index, (name, dept, city, region, postal, country) in enumerate(chosen[:count]):
        letters = "".join(w[0] for w in name.replace("(", "").split() if w[0].isalpha()).upper()
        symbol = (letters + city[:3].upper())[:4]
        while symbol in used:
            symbol = symbol[:3] + chr(ord("A") + rng.randrange(26))
        used.add(symbol)
        consortium = country == "US" and region in {"OR", "WA"} and index % 3 != 0
        methods = (
            (DeliveryMethod.COURIER, DeliveryMethod.LIBRARY_MAIL)
            if consortium
            else (DeliveryMethod.LIBRARY_MAIL,)
            if country == "US"
            else (DeliveryMethod.POST,)
        )
        charge = Decimal("0.00") if consortium else Decimal(rng.choice(["0", "15", "20", "25"]))
        billing = (
            BillingMethod.FREE
            if charge == 0
            else rng.choice([BillingMethod.IFM, BillingMethod.INVOICE])
        )
        address = PostalAddress(
            name=name,
            department=dept or "Interlibrary Loan",
            street=f"{rng.randrange(100, 9999)} {rng.choice(STREETS)}"
            if country == "US"
            else rng.choice(
                [
                    "Rue de la République 30",
                    "Ludwigstraße 22",
                    "96 Euston Road",
                    "Paseo de Recoletos 20",
                    "1-10-1 Nagatacho, Chiyoda-ku",
                ]
            ),
            city=city,
            region=region,
            postal_code=postal,
            country=country,
        )
        directory.save_library(
            UnitOfWork(db),
            directory.LibraryInput(
                symbol=symbol,
                name=name,
                email=f"ill@{symbol.lower()}.example.org",
                phone=f"555-01{index:02d}",
                group_name="consortium"
                if consortium
                else ("international" if country != "US" else "national"),
                delivery_methods=methods,
                courier_route=f"Route {rng.randrange(1, 6)}" if consortium else "",
                courier_stop=f"Stop {rng.randrange(1, 30)}" if consortium else "",
                loan_days=rng.choice([21, 28, 28, 42, 56]),
                charge=charge,
                renewals_allowed=rng.choice([0, 1, 1, 2]),
                billing_method=billing,
                barcode_scheme=rng.choice(["luhn_mod10", "weighted_3_1_mod10", "none"]),
                shipping_address=address,
                billing_address=address,
            ),
        )
        symbols.append(symbol)
    return symbols


def _mailing_address(mail: random.Random, patron_type: PatronType) -> PostalAddress:
    """Where a correctional or a distance patron gets items; empty for everyone else."""
    if patron_type is PatronType.CORRECTIONAL:
        return PostalAddress(
            street=f"SID {mail.randrange(10_000_000, 99_999_999)}, Unit {mail.choice('ABCDEF')}",
            street2="82911 Beach Access Road",
            city="Umatilla",
            region="OR",
            postal_code="97882",
        )
    if mail.random() >= DISTANCE_SHARE:
        return PostalAddress()
    city, region, postal, country = mail.choice(DISTANCE_TOWNS)
    return PostalAddress(
        street=f"{mail.randrange(10, 9999)} {mail.choice(HOME_STREETS)}",
        street2=f"Apt {mail.randrange(1, 40)}" if mail.random() < 0.3 else "",
        city=city,
        region=region,
        postal_code=postal,
        country=country,
    )


def _patrons(db: Database, rng: random.Random, count: int, mail: random.Random) -> list[str]:
    cards: list[str] = []
    types = (
        [PatronType.STUDENT] * 6
        + [PatronType.FACULTY] * 2
        + [PatronType.STAFF, PatronType.COMMUNITY, PatronType.CORRECTIONAL]
    )
    for index in range(count):
        payload = f"2{1234:04d}{index + 1:08d}"
        card = payload + (compute_check_digit(payload, CheckDigitScheme.LUHN_MOD10) or "0")
        given, surname = rng.choice(GIVEN), rng.choice(SURNAMES)
        patron_type = rng.choice(types)
        correctional = patron_type is PatronType.CORRECTIONAL
        department = (
            "Two Rivers Correctional Institution"
            if correctional
            else rng.choice(["History", "Nursing", "Biology", "English", ""])
        )
        pickup = (
            "Correctional outreach"
            if correctional
            else rng.choice(["Main Library", "Sylvania Campus", "Cascade Campus"])
        )
        address = _mailing_address(mail, patron_type)
        if not correctional and not address.is_empty:
            pickup = "By mail (distance learner)"
        directory.save_patron(
            UnitOfWork(db),
            directory.PatronInput(
                card_barcode=card,
                surname=surname,
                given_name=given,
                email=f"{given[0].lower()}.{index}@students.example.edu",
                phone=f"503-555-{index % 10000:04d}",
                patron_type=patron_type,
                department=department,
                pickup_location=pickup,
                address=address,
            ),
        )
        cards.append(card)
    return cards


def _citation(rng: random.Random, fmt: Format) -> Citation:
    topic, other = rng.sample(TOPICS, 2)
    title = rng.choice(FRAMES).format(t=topic, u=other, r=rng.choice(REGIONS))
    author = f"{rng.choice(SURNAMES)}, {rng.choice(GIVEN)}"
    year = str(rng.randrange(1950, 2026))
    if fmt in {Format.ARTICLE, Format.CHAPTER}:
        journal, issn = rng.choice(JOURNALS)
        return Citation(
            title=title if fmt is Format.CHAPTER else "",
            journal_title=journal if fmt is Format.ARTICLE else "",
            article_title=f"{topic} in {rng.choice(REGIONS)}: {other.lower()} reconsidered",
            author=author,
            volume=str(rng.randrange(1, 120)),
            issue=str(rng.randrange(1, 5)),
            pages=f"{(p := rng.randrange(1, 400))}-{p + rng.randrange(5, 40)}",
            year=year,
            issn=issn if fmt is Format.ARTICLE else "",
            isbn=_isbn13(rng) if fmt is Format.CHAPTER else "",
        )
    publisher, place = rng.choice(PUBLISHERS)
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


def _one_request(
    uow: UnitOfWork,
    rng: random.Random,
    clock: _Clock,
    now: datetime,
    direction: Direction,
    service: Service,
    script: list[str],
    symbols: list[str],
    cards: list[str],
    stop: int | None = None,
) -> None:
    if service is Service.COPY:
        fmt = rng.choice([Format.ARTICLE, Format.ARTICLE, Format.CHAPTER])
    else:
        fmt = rng.choice([Format.BOOK] * 8 + [Format.THESIS, Format.AUDIOVISUAL])
    new = requests.NewRequest(
        direction=direction,
        service=service,
        format=fmt,
        citation=_citation(rng, fmt),
        patron_card=rng.choice(cards) if direction is Direction.BORROWING else "",
        library_symbol=rng.choice(symbols) if direction is Direction.LENDING else "",
        lenders=tuple(rng.sample(symbols, rng.randrange(2, 5)))
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
            repo.perform(uow, req, action, requests.action_context(uow, req, params))
        except workflow.TransitionError:
            break


def _params(rng: random.Random, action: Action, clock: _Clock, req: Any) -> dict[str, Any]:
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
