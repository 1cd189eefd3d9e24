"""A demo workspace: partner libraries, patrons and requests in every state, with histories.

The demo goes only into an empty database, or, with `force`, into a database the demo itself
made earlier (then replaced by a fresh one). It marks the database it fills (the setting
`demo_workspace`) so it can tell its own made-up data from a library's. Anything else is
refused, in words, before a single row is written: a library's set-up and requests are never
touched. See docs/decisions/0008-bad-input-loses-nothing.md.

The names come from `illdesk/resources/demo/names.json` (`demo_names`); the partner libraries and
patrons from `demo_directory`; the requests, each taken along a scripted lifecycle by the same
code the desk uses, from `demo_requests`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from illdesk.core.address import PostalAddress
from illdesk.services.admin.demo_directory import HOME_SYMBOL, make_libraries, make_patrons
from illdesk.services.admin.demo_money import make_money
from illdesk.services.admin.demo_names import demo_names
from illdesk.services.admin.demo_requests import SCRIPTS, DemoClock, one_request
from illdesk.services.admin.demo_rules import RULES_REQUESTS, RULES_REQUESTS_FROM, make_rules
from illdesk.services.admin.settings import HomeLibrary, LibrarySettings, save
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, ServiceError
from illdesk.store.database import Database
from illdesk.store.schema import Base, Setting
from illdesk.store.unit_of_work import Actor, UnitOfWork

DEMO_MARK = "demo_workspace"
STAFF = ("Dana Whitfield", "Luis Ortega", "Mei Lin", "Sam Okafor")
# What a table's rows are, in words, for the refusal message, most telling first (the other
# tables hold bookkeeping that only exists alongside these).
CONTENTS = {
    "requests": "requests",
    "patrons": "patrons",
    "libraries": "partner libraries",
    "staff": "a staff list",
    "settings": "the library's settings",
    "closed_days": "closed days",
    "shipments": "packages",
    "notices": "notices",
}


class DemoRefused(ServiceError):
    """The database holds something the demo must not touch; nothing was changed."""


@dataclass(frozen=True, slots=True)
class DemoSize:
    libraries: int = 50
    patrons: int = 500
    requests: int = 2000
    months: int = 18

    def validate(self) -> None:
        """Raise InvalidInput for a size the demo cannot make."""
        if self.libraries < 2 or self.patrons < 1 or self.requests < 0 or self.months < 1:
            raise InvalidInput(
                "A demo needs at least 2 partner libraries and 1 patron (and no negative "
                "number of requests)."
            )


def make_demo(
    db: Database,
    *,
    size: DemoSize | None = None,
    seed: int = 2026,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> dict[str, int]:
    """Fill an empty database with a realistic workspace; returns what was made.

    With `force`, a workspace the demo made earlier is emptied and made afresh. Raises
    DemoRefused, having changed nothing, for any database that holds data the demo did not make.
    """
    size = size or DemoSize()
    size.validate()
    rng = random.Random(seed)
    now = now or datetime.now(UTC)
    _claim(db, force=force, seed=seed, at=now)
    names = demo_names()
    staff = [directory.add_staff(UnitOfWork(db), name) for name in STAFF]
    _save_home_library(db)
    symbols = make_libraries(db, rng, size.libraries, names)
    # Addresses draw from their own generator, so the rest of the demo is as it always was.
    cards = make_patrons(db, rng, size.patrons, random.Random(f"{seed}-addresses"), names)
    clock = DemoClock(now)
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
    # The rules' own requests (copies over the five, routed lending requests, a purchase, a
    # facility's loan) are part of the size, in a demo big enough to show them.
    rules_requests = RULES_REQUESTS if size.requests >= RULES_REQUESTS_FROM else 0
    plan: list[tuple[datetime, int, int | None]] = [
        (
            start + timedelta(seconds=rng.uniform(0, (now - start).total_seconds())),
            rng.choices(range(len(SCRIPTS)), weights)[0],
            None,
        )
        for _ in range(size.requests - len(walks) - rules_requests)
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
                one_request(
                    uow, rng, clock, now, direction, service, script, symbols, cards, names, stop
                )
                made += 1
            uow.commit()
        if progress:
            progress(made, size.requests)
    # The money draws from its own generator, so the requests are as they always were.
    person = staff[0]
    make_money(
        db, random.Random(f"{seed}-money"), clock, now, Actor(person.id, person.name, "DESK-1")
    )
    # The rules at work: made last, through the services, so the rest is as it always was.
    desk = Actor(person.id, person.name, "DESK-1")
    made += make_rules(db, now, desk, cards, symbols[0], with_requests=bool(rules_requests))
    if progress and rules_requests:
        progress(made, size.requests)
    return {"libraries": len(symbols), "patrons": len(cards), "requests": made, "staff": len(staff)}


def _claim(db: Database, *, force: bool, seed: int, at: datetime) -> None:
    """Mark the database as the demo's, in the same transaction that finds it may be filled."""
    with UnitOfWork(db) as uow:
        mark = uow.session.get(Setting, DEMO_MARK)
        held = _held(uow)
        if mark is None and held:
            raise DemoRefused(
                f"This database already holds {_listed(held)}: the demo goes into an empty "
                "database only, so nothing was changed. A library's own data is never "
                "replaced, not even with --force. To try the demo, give it a database of its "
                "own, for example: illdesk --database sqlite:///demo.sqlite demo"
            )
        if mark is not None and not force:
            raise DemoRefused(
                f"This database already holds {_listed(held) or 'a demo workspace'}: it is the "
                f"demo workspace made on {mark.value.get('made_on', 'an earlier day')}. "
                "Nothing was changed. To replace it with a fresh demo, run the demo again with "
                "--force."
            )
        if mark is not None:
            uow.session.expunge(mark)
            # Children before parents, so every foreign key is satisfied along the way.
            for table in reversed(Base.metadata.sorted_tables):
                uow.session.execute(table.delete())
        try:
            uow.session.execute(
                sa.insert(Setting).values(
                    key=DEMO_MARK, value={"made_on": at.date().isoformat(), "seed": seed}
                )
            )
            uow.commit()
        except IntegrityError as exc:  # another workstation started a demo at the same time
            raise DemoRefused(
                "Another demo is being made in this database right now; nothing was changed."
            ) from exc


def _held(uow: UnitOfWork) -> list[str]:
    """What the database holds besides the demo's own mark, in words, most telling first."""
    tables = Base.metadata.tables
    held = [words for name, words in CONTENTS.items() if _has_rows(uow, tables[name])]
    if not held and any(_has_rows(uow, table) for table in tables.values()):
        held.append("records of its own")
    return held


def _has_rows(uow: UnitOfWork, table: sa.Table) -> bool:
    query = sa.select(sa.literal(1)).select_from(table)
    if table.name == "settings":
        query = query.where(table.c.key != DEMO_MARK)
    return uow.session.execute(query.limit(1)).first() is not None


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _save_home_library(db: Database) -> None:
    with UnitOfWork(db) as uow:
        save(
            uow,
            LibrarySettings(
                home=HomeLibrary(
                    name="Riverbend Community College Library",
                    symbol=HOME_SYMBOL,
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
