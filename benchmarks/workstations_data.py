"""A shared PostgreSQL database of 10^6 requests for the several-workstations benchmark.

The schema is ILL Desk's own (`open_database` runs the migrations on the server). One request
is made through the services and sent to a lender; it is then copied in SQL, on the server:
`--scannable` copies stay "sent" (the items the simulated desks receive), every other copy is
a finished request, so the tables and their indexes have the size of a busy decade. Numbers:
B-25-NNNNNN for the scannable ones, B-19-NNNNNNN for the finished ones (years nobody types).

Usage: python benchmarks/workstations_data.py --requests 1000000 [--scannable 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from decimal import Decimal

import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.store.database import make_engine, open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork

ADMIN_URL = os.environ.get("ILLDESK_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
DATABASE = "illdesk_bench_workstations"
CARD = "21234000012347"
SETUP = Actor(None, "Benchmark set-up", "SETUP")


def url_of(name: str = DATABASE) -> str:
    return sa.make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def scannable_number(i: int) -> str:
    return f"B-25-{i:06d}"


def _counts(url: str) -> tuple[int, int]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            total = conn.execute(sa.text("SELECT count(*) FROM requests")).scalar_one()
            sent = conn.execute(
                sa.text("SELECT count(*) FROM requests WHERE number LIKE 'B-25-%'")
            ).scalar_one()
        return int(total), int(sent)
    except sa.exc.DBAPIError:
        return 0, 0
    finally:
        engine.dispose()


def ensure(total: int, scannable: int, *, fresh: bool = False) -> str:
    """The benchmark database with `total` requests, made if it is not there already."""
    admin = make_engine(ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    url = url_of()
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DATABASE}
            ).first()
            if exists and (fresh or _counts(url) != (total, scannable)):
                conn.exec_driver_sql(f'DROP DATABASE "{DATABASE}" WITH (FORCE)')
                exists = None
            if exists:
                return url
            conn.exec_driver_sql(f'CREATE DATABASE "{DATABASE}"')
    finally:
        admin.dispose()
    started = time.perf_counter()
    db = open_database(url, create=True)
    try:
        template = _template_request(db)
    finally:
        db.dispose()
    _copy(url, template, total, scannable)
    print(f"Made {total:,} requests in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return url


def _template_request(db: object) -> str:
    def uow() -> UnitOfWork:
        return UnitOfWork(db, SETUP)  # type: ignore[arg-type]

    directory.save_patron(uow(), directory.PatronInput(CARD, "Benchmark", "Pat"))
    for symbol, name in (("ORE", "Oregon State University"), ("WAU", "University of Washington")):
        directory.save_library(
            uow(),
            directory.LibraryInput(
                symbol=symbol,
                name=name,
                group_name="consortium",
                loan_days=28,
                charge=Decimal("0"),
                shipping_address=PostalAddress(
                    name=name,
                    street="1 Campus Way",
                    city="Corvallis",
                    region="OR",
                    postal_code="97331",
                ),
            ),
        )
    row = create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Salmon and Rivers of the Columbia", author="Hughes, Ana"),
            patron_card=CARD,
            lenders=("ORE", "WAU"),
        ),
    )
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    return row.number


def _copy(url: str, template: str, total: int, scannable: int) -> None:
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            columns = [
                name
                for (name,) in conn.execute(
                    sa.text(
                        "SELECT column_name FROM information_schema.columns "
                        "WHERE table_name = 'requests' AND column_name NOT IN "
                        "('id', 'number', 'status', 'title', 'search_text') "
                        "ORDER BY ordinal_position"
                    )
                )
            ]
            kept = ", ".join(columns)
            copy = (
                f"INSERT INTO requests (number, status, title, search_text, {kept}) "
                f"SELECT {{number}}, {{status}}, r.title || ' ' || g, "
                f"r.search_text || ' ' || g, {', '.join('r.' + c for c in columns)} "
                "FROM requests r, generate_series(1, :n) AS g WHERE r.number = :template"
            )
            conn.execute(
                sa.text(copy.format(number="'B-25-' || lpad(g::text, 6, '0')", status="'sent'")),
                {"n": scannable, "template": template},
            )
            # the rota (lenders asked) of each scannable copy: the template's, copied
            conn.execute(
                sa.text(
                    "INSERT INTO rota_entries (request_id, position, symbol, answer, reason, "
                    "note) SELECT c.id, e.position, e.symbol, e.answer, e.reason, e.note "
                    "FROM requests c, rota_entries e JOIN requests t ON t.id = e.request_id "
                    "WHERE t.number = :template AND c.number LIKE 'B-25-%'"
                ),
                {"template": template},
            )
            conn.execute(
                sa.text(
                    copy.format(number="'B-19-' || lpad(g::text, 7, '0')", status="'completed'")
                ),
                {"n": total - scannable - 1, "template": template},
            )
        with engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--scannable", type=int, default=20_000)
    parser.add_argument("--fresh", action="store_true", help="make it again even if it exists")
    args = parser.parse_args(argv)
    print(ensure(args.requests, args.scannable, fresh=args.fresh))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
