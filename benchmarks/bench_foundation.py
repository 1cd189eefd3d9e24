"""How fast the foundation is on a big database: scans, queue pages and keyword search.

Run:  .venv/bin/python benchmarks/bench_foundation.py [--requests 1000000] [--quick] [--markdown]

The data file is made by `generate.py` if it is not there yet (benchmarks/data/, not in git).
Every figure is taken through ILL Desk's own code path (services, unit of work, ORM) and next
to a floor: the same work done with raw sqlite3 on the same file with the same pragmas, so the
ratio shows what ILL Desk's layers add on top of what SQLite and the disk cost anyway. A scan
goes through the scanning desk's own service (`services.desk.scan.handle_scan`): it tells a
patron card from an item, finds the open request, asks `core.desk_decision` what the scan means
in the desk's mode, applies the action through the status machine, writes it with its event by
the one writer every action uses (`store.request_writer.write_action`) and commits, in one
transaction.

Targets: a scan (resolve barcode, status change, event row, durable commit) p99 <= 5 ms and
<= 2x the floor's p99 (issue 10); the first page of a 100,000-row queue, a keyset page deep
inside it and a title keyword search each <= 50 ms (median of the runs; the max is shown beside
it).

Scans change the requests they touch, so each run uses up ~2,000 requests of the file; at
10^6 that does not move the queue sizes noticeably.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import generate
from illdesk.core.numbers import normalize_number
from illdesk.core.queues import BY_KEY, QueueFilter
from illdesk.core.search_text import search_words
from illdesk.services.desk.queues import Cursor, queue_page, search
from illdesk.services.desk.scan import DeskMode, DeskState, handle_scan
from illdesk.store.database import Database, open_database
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import Actor, UnitOfWork

SCAN_P99_MS = 5.0
SCAN_RATIO = 2.0
READ_MS = 50.0
ACTOR = Actor(1, "Dana Whitfield", "DESK-1")

# What a desk scans, and what the scan does: (kind, direction, status, action, share).
SCAN_MIX = [
    ("item barcode", "lending", "on_loan", "check_in", 0.40),
    ("temp barcode", "borrowing", "on_hold_shelf", "check_out", 0.25),
    ("temp barcode", "borrowing", "checked_out", "patron_return", 0.20),
    ("request number", "lending", "stacks_search", "found", 0.15),
]
TO_STATUS = {
    "check_in": "completed",
    "check_out": "checked_out",
    "patron_return": "returned",
    "found": "to_ship",
}


@dataclass(frozen=True, slots=True)
class Scan:
    code: str  # what the scanner sends
    action: str
    request_id: int
    params: dict[str, Any] = field(default_factory=dict)
    card: str = ""  # the patron being served, for a check-out


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the report."""

    name: str
    unit: str  # "p50/p99/max" or "median/max"
    ours: list[float]
    floor: list[float] | None
    target: str
    passed: bool | None
    note: str = ""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


@contextmanager
def stopwatch(into: list[float]) -> Iterator[None]:
    start = time.perf_counter_ns()
    yield
    into.append((time.perf_counter_ns() - start) / 1e6)


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection set up the way ILL Desk sets up its own (including no
    checkpoints inside commits: ILL Desk checkpoints on a background thread)."""
    conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    pragmas = (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=10000",
        "wal_autocheckpoint=0",
    )
    for pragma in pragmas:
        conn.execute(f"PRAGMA {pragma}")
    return conn


# ---------------------------------------------------------------- scans


def pick_scans(conn: sqlite3.Connection, total: int, rng: random.Random) -> list[Scan]:
    """`total` scans in the mix above, shuffled; kinds that run short are made up by check-ins."""
    scans: list[Scan] = []
    wanted = {action: round(total * share) for *_, action, share in SCAN_MIX}
    wanted["check_in"] += total - sum(wanted.values())
    pools: dict[str, list[Scan]] = {}
    for kind, direction, status, action, _share in SCAN_MIX:
        rows = conn.execute(
            "SELECT r.id, r.number, r.item_barcode, r.temp_barcode, p.card_barcode "
            "FROM requests r LEFT JOIN patrons p ON p.id = r.patron_id "
            "WHERE r.direction = ? AND r.status = ?",
            (direction, status),
        ).fetchall()
        rng.shuffle(rows)
        pool = []
        for request_id, number, item, temp, card in rows:
            code = {"item barcode": item, "temp barcode": temp}.get(kind, number)
            if not code:
                continue
            pool.append(Scan(code, action, request_id, card=card or ""))
        pools[action] = pool
    for action in ("check_out", "patron_return", "found"):
        short = max(0, wanted[action] - len(pools[action]))
        wanted[action] -= short
        wanted["check_in"] += short
    for action, count in wanted.items():
        if count > len(pools[action]):
            raise SystemExit(f"Not enough requests left for {count} {action} scans: regenerate.")
        scans.extend(pools[action][:count])
    rng.shuffle(scans)
    return scans


def scan_ours(db: Database, scan: Scan) -> None:
    """One scan at the desk: Smart mode, or Check out with the patron's card already scanned."""
    state = (
        DeskState(DeskMode.CHECK_OUT, patron_card=scan.card, patron_name="patron")
        if scan.action == "check_out"
        else DeskState()
    )
    result, _state = handle_scan(UnitOfWork(db, ACTOR), scan.code, state)
    if not result.ok or result.action != scan.action:
        raise SystemExit(
            f"The scan {scan.code} should {scan.action} but gave: {result.headline} {result.detail}"
        )


def scan_floor(conn: sqlite3.Connection, scan: Scan) -> None:
    """The least any scan can cost: lookup, one UPDATE, one event INSERT, durable COMMIT."""
    sql = (
        "SELECT id, status, version FROM requests "
        "WHERE number = ? OR item_barcode = ? OR temp_barcode = ?"
    )
    args = (normalize_number(scan.code) or scan.code, scan.code, scan.code)
    request_id, status, version = conn.execute(sql, args).fetchone()
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    to_status = TO_STATUS[scan.action]
    changes: dict[str, Any] = {"status": [status, to_status]}
    changes.update({k: ["", v] for k, v in scan.params.items()})
    conn.execute("BEGIN IMMEDIATE")
    conn.execute(
        "UPDATE requests SET status = ?, status_since = ?, updated_at = ?, "
        "item_barcode = coalesce(?, item_barcode), version = version + 1 "
        "WHERE id = ? AND version = ?",
        (to_status, now, now, scan.params.get("item_barcode"), request_id, version),
    )
    conn.execute(
        "INSERT INTO events (request_id, at, staff_id, staff_name, workstation, action, "
        "from_status, to_status, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            request_id,
            now,
            ACTOR.staff_id,
            ACTOR.staff_name,
            ACTOR.workstation,
            scan.action,
            status,
            to_status,
            json.dumps({"changes": changes, "params": scan.params, "today": now[:10]}),
        ),
    )
    conn.execute("COMMIT")


def bench_scans(db: Database, conn: sqlite3.Connection, count: int, warmup: int) -> list[Figure]:
    rng = random.Random(2026)
    scans = pick_scans(conn, 2 * (count + warmup), rng)
    ours_scans, floor_scans = scans[0::2], scans[1::2]
    ours: list[float] = []
    floor: list[float] = []
    # Interleaved so both meet the same WAL checkpoints and the same state of the disk cache.
    for index, (mine, theirs) in enumerate(zip(ours_scans, floor_scans, strict=True)):
        measure = index >= warmup
        took: list[float] = []
        with stopwatch(took):
            scan_ours(db, mine)
        if measure:
            ours.extend(took)
        took = []
        with stopwatch(took):
            scan_floor(conn, theirs)
        if measure:
            floor.extend(took)
    p99, floor_p99 = percentile(ours, 0.99), percentile(floor, 0.99)
    return [
        Figure(
            f"Scan: resolve + status change + event + commit ({count} scans)",
            "p50/p99/max",
            ours,
            floor,
            f"p99 <= {SCAN_P99_MS:g} ms",
            p99 <= SCAN_P99_MS,
        ),
        Figure(
            "Scan: p99 against the raw sqlite3 floor's p99",
            "ratio",
            ours,
            floor,
            f"<= {SCAN_RATIO:g}x floor",
            p99 <= SCAN_RATIO * floor_p99,
            note=f"{p99 / floor_p99:.2f}x",
        ),
    ]


# ---------------------------------------------------------------- queues and search


def _floor_page_sql(queue: QueueFilter, keyset: bool) -> str:
    """The same page as one hand-written SELECT, in its cheapest index-ordered form.

    Rows with an empty sort value come last; the pages measured here never reach them, so
    the floor only reads rows that have a value.
    """
    column = queue.sort
    direction = "DESC" if queue.descending else "ASC"
    where = "direction = ? AND status = ?"
    if Request.__table__.c[column].nullable:
        where += f" AND {column} IS NOT NULL"
    if keyset:
        where += f" AND ({column}, id) {'<' if queue.descending else '>'} (?, ?)"
    return (
        f"SELECT * FROM requests WHERE {where} "
        f"ORDER BY {column} {direction}, id {direction} LIMIT 100"
    )


def _sql_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value.isoformat() if hasattr(value, "isoformat") else value


def bench_queue(
    db: Database, conn: sqlite3.Connection, queue: QueueFilter, runs: int, deep: int
) -> list[Figure]:
    assert queue.direction is not None and len(queue.statuses) == 1
    filters = (queue.direction.value, queue.statuses[0].value)
    size = conn.execute(
        "SELECT count(*) FROM requests WHERE direction = ? AND status = ?", filters
    ).fetchone()[0]

    def page(after: Cursor | None = None) -> Any:
        return queue_page(UnitOfWork(db, read_only=True), queue, limit=100, after=after)

    first: list[float] = []
    floor_first: list[float] = []
    first_sql = _floor_page_sql(queue, keyset=False)
    page()
    for _ in range(runs):
        with stopwatch(first):
            page()
        with stopwatch(floor_first):
            conn.execute(first_sql, filters).fetchall()
    figures = [
        Figure(
            f"Queue {queue.key} ({size:,} rows, by {queue.sort}): first page of 100",
            "median/max",
            first,
            floor_first,
            f"<= {READ_MS:g} ms",
            statistics.median(first) <= READ_MS,
        )
    ]
    if deep < 2:
        return figures
    # Walk to page `deep` the way the desk does (each page from the last one's cursor).
    walked: list[float] = []
    cursor: Cursor | None = None
    for _ in range(deep - 1):
        with stopwatch(walked):
            result = page(cursor)
        cursor = result.next
    assert cursor is not None, "the queue ran out of pages"
    deep_ms: list[float] = []
    floor_deep: list[float] = []
    deep_sql = _floor_page_sql(queue, keyset=True)
    value = _sql_value(cursor.value)
    for _ in range(runs):
        with stopwatch(deep_ms):
            page(cursor)
        with stopwatch(floor_deep):
            conn.execute(deep_sql, (*filters, value, cursor.id)).fetchall()
    figures.append(
        Figure(
            f"Queue {queue.key}: page {deep} from page {deep - 1}'s cursor (keyset)",
            "median/max",
            deep_ms,
            floor_deep,
            f"<= {READ_MS:g} ms",
            statistics.median(deep_ms) <= READ_MS,
            note=f"pages 2..{deep - 1} walked: median {statistics.median(walked[1:]):.1f} ms, "
            f"max {max(walked[1:]):.1f} ms",
        )
    )
    return figures


def bench_search(db: Database, conn: sqlite3.Connection, text: str, runs: int) -> Figure:
    words = search_words(text).split()
    match = " ".join(f'"{w}"*' for w in words)
    hits = conn.execute(
        "SELECT count(*) FROM request_search WHERE request_search MATCH ?", (match,)
    ).fetchone()[0]
    floor_sql = (
        "SELECT * FROM requests WHERE id IN "
        "(SELECT rowid FROM request_search WHERE request_search MATCH ?) "
        "ORDER BY id DESC LIMIT 200"
    )
    ours: list[float] = []
    floor: list[float] = []
    found = search(UnitOfWork(db, read_only=True), text)
    for _ in range(runs):
        with stopwatch(ours):
            search(UnitOfWork(db, read_only=True), text)
        with stopwatch(floor):
            conn.execute(floor_sql, (match,)).fetchall()
    return Figure(
        f"Search “{text}” ({hits:,} title/author matches, first {len(found)} shown)",
        "median/max",
        ours,
        floor,
        f"<= {READ_MS:g} ms",
        statistics.median(ours) <= READ_MS,
    )


# ---------------------------------------------------------------- report


def _cells(figure: Figure) -> list[str]:
    ours, floor = figure.ours, figure.floor or []
    if figure.unit == "ratio":
        return ["", "", "", "", "", figure.note]
    if figure.unit == "p50/p99/max":
        mid, high = statistics.median(ours), percentile(ours, 0.99)
        floor_mid, floor_high = statistics.median(floor), percentile(floor, 0.99)
        return [
            f"{mid:.2f}",
            f"{high:.2f}",
            f"{max(ours):.1f}",
            f"{floor_mid:.2f}",
            f"{floor_high:.2f}",
            f"{high / floor_high:.2f}x (p99)",
        ]
    mid = statistics.median(ours)
    floor_mid = statistics.median(floor) if floor else math.nan
    return [
        f"{mid:.1f}",
        "",
        f"{max(ours):.1f}",
        f"{floor_mid:.1f}",
        "",
        f"{mid / floor_mid:.1f}x (median)",
    ]


HEADER = ["measure", "p50 ms", "p99 ms", "max ms", "floor p50", "floor p99", "ours/floor"]


def report(figures: list[Figure], markdown: bool) -> None:
    rows = []
    for f in figures:
        verdict = "" if f.passed is None else ("PASS" if f.passed else "MISS")
        rows.append([f.name, *_cells(f), f"{verdict} ({f.target})"])
    header = [*HEADER, "target"]
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
    for f in figures:
        if f.note and f.unit != "ratio":
            print(f"  {f.name}: {f.note}")
    print("(Queue and search rows: p50 is the median of the runs; the target applies to it.)")


def run_section(name: str, action: Callable[[], list[Figure]], into: list[Figure]) -> None:
    print(f"… {name}", file=sys.stderr, flush=True)
    into.extend(action())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="10^4 requests, fewer runs")
    parser.add_argument("--db", type=Path, default=None, help="data file (made if missing)")
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--deep-page", type=int, default=500)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.requests, args.scans, args.runs = 10_000, 300, 5
    path = args.db or generate.default_path(args.requests)
    generate.ensure_database(path, generate.Sizes(args.requests))
    db = open_database(f"sqlite:///{path}")
    conn = raw_connection(path)
    print(f"ILL Desk foundation benchmarks: {args.requests:,} requests in {path}")
    print(f"Machine: {machine()}")
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    figures: list[Figure] = []
    try:
        run_section("scans", lambda: bench_scans(db, conn, args.scans, 20), figures)
        loan = BY_KEY["l-loan"]
        size = conn.execute(
            "SELECT count(*) FROM requests WHERE direction = 'lending' AND status = 'on_loan'"
        ).fetchone()[0]
        deep = min(args.deep_page, size // 100)
        run_section("queues", lambda: bench_queue(db, conn, loan, args.runs, deep), figures)
        completed = BY_KEY["b-completed"]
        run_section("queues", lambda: bench_queue(db, conn, completed, args.runs, 0), figures)
        for text in ("migration", "salmon fisheries"):
            run_section(
                f"search {text}",
                partial(lambda t: [bench_search(db, conn, t, args.runs)], text),
                figures,
            )
    finally:
        conn.close()
        db.dispose()
    report(figures, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
