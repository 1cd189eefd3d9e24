"""Benchmark data with real histories, for the statistics benchmark.

`generate.py` writes each request with its creation event only. Statistics need work to
count, so this makes a file of its own: requests over the last 18 months, each with the
history its status implies (about six events: created, approved, sent, shipped, received,
checked out, returned...; lending: accepted, pull slip, found, shipped, checked in; some
unfilled with an ISO 18626 reason, cancelled, lost), a few minutes apart to a few days apart.
The schema is ILL Desk's own (migrated); rows are written with raw sqlite3 and the indexes
are built once after the load.

Usage: python benchmarks/statistics_data.py --requests 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import generate as g  # benchmarks/generate.py: its request rows, libraries and patrons

MONTHS = 18
MARKER = "statistics_benchmark"
B_LOAN = [("approve", "ready_to_send"), ("send", "sent"), ("lender_shipped", "shipped"),
          ("receive", "on_hold_shelf"), ("check_out", "checked_out"),
          ("patron_return", "returned"), ("return_to_lender", "completed")]  # fmt: skip
B_COPY = [("approve", "copyright_review"), ("clear_copyright", "ready_to_send"),
          ("send", "sent"), ("receive_copy", "copy_received"),
          ("deliver_copy", "completed")]  # fmt: skip
L_LOAN = [("accept", "pull_slip"), ("print_pull_slip", "stacks_search"), ("found", "to_ship"),
          ("ship", "on_loan"), ("check_in", "completed")]  # fmt: skip
L_COPY = [*L_LOAN[:3], ("send_copy", "completed")]
ENDINGS = {
    ("borrowing", "cancelled"): [("approve", "ready_to_send"), ("cancel", "cancelled")],
    ("borrowing", "exhausted"): [("approve", "ready_to_send"), ("send", "sent"),
                                 ("lender_unfilled", "sent"), ("no_answer", "exhausted")],
    ("borrowing", "purchase"): [("approve", "ready_to_send"), ("send", "sent"),
                                ("lender_unfilled", "exhausted"), ("purchase", "purchase")],
    ("borrowing", "lost"): [("approve", "ready_to_send"), ("send", "sent"),
                            ("receive", "on_hold_shelf"), ("check_out", "checked_out"),
                            ("mark_lost", "lost")],
    ("lending", "unfilled"): [*L_LOAN[:2], ("unfill", "unfilled")],
    ("lending", "cancelled"): [("cancel", "cancelled")],
    ("lending", "lost"): [*L_LOAN[:4], ("mark_lost", "lost")],
}  # fmt: skip
REASONS = ["NotOnShelf", "InUseOnLoan", "NonCirculating", "NotOwned", "Lacking", "PolicyProblem"]


def script(direction: str, service: str, status: str) -> list[tuple[str, str]]:
    """The actions (and the status each leads to) that bring a new request to `status`."""
    if (direction, status) in ENDINGS:
        return ENDINGS[(direction, status)]
    if direction == "borrowing":
        steps = B_COPY if service == "copy" else B_LOAN
    else:
        steps = L_COPY if service == "copy" else L_LOAN
    for index, (_action, reached) in enumerate(steps):
        if reached == status:
            return steps[: index + 1]
    return []  # a status off the main path (review, conditions): created only


def make(path: Path, total: int, seed: int = 2026) -> None:
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    if path.exists():
        path.unlink()
    g._seed_through_services(path)
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-1000000")
    conn.execute("PRAGMA foreign_keys=OFF")
    deferred = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND tbl_name IN ('requests', 'events', 'rota_entries', 'patrons') "
        "AND (type = 'index' OR type = 'trigger')"
    ).fetchall()
    conn.execute("BEGIN")
    for kind, name, _sql in deferred:
        conn.execute(f"DROP {kind.upper()} {name}")
    sizes = g.Sizes(total)
    symbols = g._libraries(conn, rng, sizes.libraries)
    g._patrons(conn, rng, sizes.patrons, now)
    staff = [r[0] for r in conn.execute("SELECT id FROM staff ORDER BY id")]
    keys = list(g.STATUS_SHARE)
    weights = [g.STATUS_SHARE[k] for k in keys]
    span = timedelta(days=MONTHS * 30.4).total_seconds()
    created_all = sorted(now - timedelta(seconds=rng.uniform(3600, span)) for _ in range(total))
    cum_words = g._cumulative(g._zipf_weights(len(g.TITLE_WORDS), 0.9))
    serials: dict[tuple[str, int], int] = {}
    requests: list[list[Any]] = []
    events: list[list[Any]] = []
    rota: list[list[Any]] = []
    event_id = 0
    for request_id, created in enumerate(created_all, start=1):
        direction, status = rng.choices(keys, weights)[0]
        age = (now - created).days
        if status not in g.FINISHED and age > 60:  # open requests are recent
            status = "completed"
        row, lenders, answers = g._request_row(
            rng, request_id, created, direction, status, symbols, sizes, cum_words, serials, now
        )
        requests.append(row)
        for position, (symbol, answer) in enumerate(zip(lenders, answers, strict=True)):
            rota.append([request_id, position, symbol, answer, "", ""])
        person = rng.randrange(len(staff))
        where = rng.choice(g.WORKSTATIONS)
        at = created
        event_id += 1
        events.append([event_id, request_id, g._stamp(at), staff[person], g.STAFF[person], where,
                       "create", "", "new", '{"source": "staff"}', None])  # fmt: skip
        reached = "new"
        for action, target in script(direction, row[3], status):
            at = min(at + timedelta(seconds=rng.expovariate(1 / 86400)), now)
            params = (
                {"reason": rng.choice(REASONS)} if action in {"lender_unfilled", "unfill"} else {}
            )
            event_id += 1
            events.append([event_id, request_id, g._stamp(at), staff[person], g.STAFF[person],
                           where, action, reached, target,
                           json.dumps({"changes": {}, "params": params}), None])  # fmt: skip
            reached = target
        row[g.REQUEST_COLUMNS.index("status")] = reached
        row[g.REQUEST_COLUMNS.index("status_since")] = g._stamp(at)
        if len(requests) >= g.BATCH:
            g._flush(conn, requests, events, rota)
            g._progress("requests", request_id, total)
    g._flush(conn, requests, events, rota)
    g._progress("indexes")
    for kind, _name, sql in deferred:
        if kind == "index":
            conn.execute(sql)
    for kind, _name, sql in deferred:
        if kind == "trigger":
            conn.execute(sql)
    conn.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?)",
        (MARKER, json.dumps({"requests": total, "events": event_id, "made": str(now)})),
    )
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.close()
    print(f"\n{total:,} requests, {event_id:,} events in {path}", file=sys.stderr)


def ensure(path: Path, total: int) -> Path:
    """Reuse a finished file of this size, else make it."""
    if path.exists():
        try:
            conn = sqlite3.connect(path)
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (MARKER,)).fetchone()
            conn.close()
            if row and json.loads(row[0]).get("requests") == total:
                return path
        except sqlite3.Error:
            pass
    make(path, total)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    ensure(g.DATA / f"statistics-{args.requests}.sqlite", args.requests)
    return 0


if __name__ == "__main__":
    sys.exit(main())
