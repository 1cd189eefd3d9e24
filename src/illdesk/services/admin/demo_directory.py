"""The demo's partner libraries and patrons, drawn from the demo name lists."""

from __future__ import annotations

import random
from decimal import Decimal

from illdesk.core.address import PostalAddress
from illdesk.core.check_digits import CheckDigitScheme, compute_check_digit
from illdesk.core.vocabulary import BillingMethod, DeliveryMethod, PatronType
from illdesk.services.admin.demo_names import DemoNames
from illdesk.services.directory import entries as directory
from illdesk.store.database import Database
from illdesk.store.unit_of_work import UnitOfWork

HOME_SYMBOL = "RVB"
# Share of the patrons who are not in a correctional facility that study at a distance.
DISTANCE_SHARE = 0.2


def make_libraries(db: Database, rng: random.Random, count: int, names: DemoNames) -> list[str]:
    """Save `count` partner libraries (American ones first, then a few abroad); their symbols."""
    symbols: list[str] = []
    used: set[str] = {HOME_SYMBOL}
    entries: list[tuple[str, str, str, str, str, str]] = []
    for city, region, postal in names.cities:
        for kind, dept in names.library_kinds:
            entries.append((kind.format(c=city), dept, city, region, postal, "US"))
    rng.shuffle(entries)
    foreign = [(n, "", c, r, p, k) for n, c, r, p, k in names.foreign_libraries]
    chosen = entries[: max(0, count - len(foreign))] + foreign[:count]
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
            street=f"{rng.randrange(100, 9999)} {rng.choice(names.library_streets)}"
            if country == "US"
            else rng.choice(names.foreign_streets),
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


def mailing_address(
    mail: random.Random, patron_type: PatronType, names: DemoNames
) -> PostalAddress:
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
    city, region, postal, country = mail.choice(names.distance_towns)
    return PostalAddress(
        street=f"{mail.randrange(10, 9999)} {mail.choice(names.home_streets)}",
        street2=f"Apt {mail.randrange(1, 40)}" if mail.random() < 0.3 else "",
        city=city,
        region=region,
        postal_code=postal,
        country=country,
    )


def make_patrons(
    db: Database, rng: random.Random, count: int, mail: random.Random, names: DemoNames
) -> list[str]:
    """Save `count` patrons of every type; their card barcodes."""
    cards: list[str] = []
    types = (
        [PatronType.STUDENT] * 6
        + [PatronType.FACULTY] * 2
        + [PatronType.STAFF, PatronType.COMMUNITY, PatronType.CORRECTIONAL]
    )
    for index in range(count):
        payload = f"2{1234:04d}{index + 1:08d}"
        card = payload + (compute_check_digit(payload, CheckDigitScheme.LUHN_MOD10) or "0")
        given, surname = rng.choice(names.given_names), rng.choice(names.surnames)
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
        address = mailing_address(mail, patron_type, names)
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
