"""Rules at scale: the rule-of-five count while a copy request is typed, and a new lending
request checked against 200 lending rules.

On the benchmark database (`generate.py`, 10^6 requests by default) every borrowing copy
request gets its copyright record with raw sqlite3 (what `record_entry` writes when a request
is entered), then:

1. the live count (`services.rules.copyright.live_count`) for the busiest journal, against the
   floor: the same count with raw sqlite3 on the same index;
2. a lending request checked against 200 rules (`core.policy_rules.evaluate`, the last rule
   the one that matches, so all 200 are tried), against the floor: a bare loop comparing one
   field of 200 dicts; and the whole check with the rules read from the database
   (`services.rules.policy.check`).

Targets (issue 14): the count at most 10 ms at 10^6 requests; the check at most 5 ms.

Usage: python benchmarks/bench_rules.py [--requests 1000000]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import Sizes, default_path, ensure_database
from illdesk.core import copyright as rules
from illdesk.core import policy_rules
from illdesk.core.policy_rules import PolicyRule, RequestFacts, RuleKind
from illdesk.services.rules import copyright as counts
from illdesk.services.rules import policy
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork

COUNT_TARGET_MS = 10.0
CHECK_TARGET_MS = 5.0


def timed(work: Callable[[], object], runs: int) -> float:
    """Median milliseconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def add_records(path: Path) -> int:
    """A copyright record for every borrowing copy request (as entering them writes)."""
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM copyright_fees")
    conn.execute("DELETE FROM copyright_records")
    rows = conn.execute(
        "SELECT id, number, issn, journal_title, year, pages, created_at FROM requests "
        "WHERE direction = 'borrowing' AND service = 'copy'"
    ).fetchall()
    records = []
    for rid, number, issn, journal, year, pages, created in rows:
        requested = date.fromisoformat(str(created)[:10])
        records.append(
            (
                rid,
                number,
                rules.journal_key(issn or "", journal or ""),
                journal or "",
                rules.normal_issn(issn or ""),
                requested.year,
                requested.isoformat(),
                rules.publication_year(year or ""),
                rules.page_count(pages or "", 10),
                0,
                "",
                str(created),
            )
        )
    conn.executemany(
        "INSERT INTO copyright_records (request_id, request_number, journal_key, journal_title, "
        "issn, request_year, requested_on, published_year, pages, outside, note, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        records,
    )
    conn.commit()
    conn.close()
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args(argv)
    path = ensure_database(default_path(args.requests), Sizes(args.requests))
    db = open_database(f"sqlite:///{path}")  # upgrades a file made before the rules' tables
    made = add_records(path)
    raw = sqlite3.connect(path)
    key, year, busiest = raw.execute(
        "SELECT journal_key, request_year, count(*) FROM copyright_records WHERE journal_key != '' "
        "GROUP BY journal_key, request_year ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    issn = key.removeprefix("issn:") if key.startswith("issn:") else ""
    title = key.removeprefix("title:") if key.startswith("title:") else ""
    print(
        f"{args.requests:,} requests, {made:,} copyright records; busiest journal {key} "
        f"with {busiest} in {year}"
    )

    def ours() -> object:
        return counts.live_count(UnitOfWork(db, SYSTEM, read_only=True), issn, title, "2025")

    def floor() -> object:
        return raw.execute(
            "SELECT count(*) FROM copyright_records c LEFT JOIN requests r ON r.id = c.request_id "
            "WHERE c.journal_key = ? AND c.request_year = ? AND (c.published_year IS NULL OR "
            "c.published_year >= ?) AND (c.outside = 1 OR r.status NOT IN ('cancelled'))",
            (key, year, year - 5),
        ).fetchone()

    ours()
    count_ms, floor_ms = timed(ours, args.runs), timed(floor, args.runs)
    verdict = "met" if count_ms <= COUNT_TARGET_MS else "NOT met"
    print(
        f"rule-of-five count while typing: {count_ms:.2f} ms (floor raw sqlite3 "
        f"{floor_ms:.3f} ms, {count_ms / floor_ms:.1f}x); target {COUNT_TARGET_MS} ms {verdict}"
    )

    many = [
        PolicyRule(f"Rule {n}", "review", libraries=(f"LIB{n}",), formats=("book",))
        for n in range(199)
    ]
    many.append(PolicyRule("Everyone else", "accept", loan_days=28))
    facts = RequestFacts(
        library="ORE",
        group="national",
        format="book",
        service="loan",
        location="Stacks",
        published=2001,
        today=date(2026, 3, 2),
    )
    as_dicts = [{"library": f"LIB{n}"} for n in range(200)]

    def core_check() -> object:
        return policy_rules.evaluate(many, facts, RuleKind.LENDING)

    def bare_loop() -> object:
        return next((d for d in as_dicts if d["library"] == "ORE"), None)

    core_ms, loop_ms = timed(core_check, args.runs), timed(bare_loop, args.runs)
    verdict = "met" if core_ms <= CHECK_TARGET_MS else "NOT met"
    print(
        f"lending request against 200 rules (core): {core_ms:.3f} ms (floor bare loop "
        f"{loop_ms:.4f} ms, {core_ms / loop_ms:.0f}x); target {CHECK_TARGET_MS} ms {verdict}"
    )

    with UnitOfWork(db, SYSTEM) as uow:
        from illdesk.store.policy_schema import PolicyRuleRow  # noqa: PLC0415

        uow.session.query(PolicyRuleRow).delete()
        for place, rule in enumerate(many, start=1):
            data = policy_rules.to_json(rule)
            name = data.pop("name")
            uow.session.add(
                PolicyRuleRow(
                    kind="lending",
                    position=place,
                    name=name,
                    definition=data,
                    updated_at=uow.now(),
                    updated_by="",
                )
            )
        uow.commit()
    number = raw.execute(
        "SELECT number FROM requests WHERE direction = 'lending' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    whole_ms = timed(lambda: policy.check(UnitOfWork(db, SYSTEM, read_only=True), number), 50)
    verdict = "met" if whole_ms <= CHECK_TARGET_MS else "NOT met"
    print(
        f"the same with the request and the 200 rules read from the database: "
        f"{whole_ms:.2f} ms; target {CHECK_TARGET_MS} ms {verdict}"
    )
    with UnitOfWork(db, SYSTEM) as uow:
        uow.session.query(PolicyRuleRow).delete()
        uow.commit()
    db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
