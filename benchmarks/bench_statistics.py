"""How fast statistics are on 10^6 requests with real histories (issue 13).

Run:  .venv/bin/python benchmarks/bench_statistics.py [--requests 1000000]

The data file (about six events per request over 18 months) is made by
`statistics_data.py` if it is not there yet. Figures, each the median of its runs:

- a month's report counted live from the history (`services.reports.figures.compute`), next
  to its floor: the same counts, reasons, overdue loans, survey splits and turnaround pairs
  by hand-written SQL on raw sqlite3. Target <= 2 s and <= 3x the floor.
- a frozen month read back (`archive.month_report`). Target <= 50 ms.
- a fiscal-year survey with none of its months frozen (12 months counted live). Target
  <= 10 s.
- purging 100,000 requests (`privacy.purge`, on a copy of the file). Target <= 60 s.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import generate as g
import statistics_data
from illdesk.core import statistics as stats
from illdesk.services.admin import settings as library
from illdesk.services.reports import archive, figures, privacy, surveys
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and max seconds of `runs` runs."""
    took = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        took.append(time.perf_counter() - start)
    return statistics.median(took), max(took)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def floor_month(conn: sqlite3.Connection, start: date, end: date) -> None:
    """The month's figures by hand-written SQL (rows fetched, nothing else)."""
    a, b = f"{start} 00:00:00.000000", f"{end} 00:00:00.000000"
    conn.execute(
        "SELECT r.direction, e.action, e.from_status, count(*) FROM events e "
        "JOIN requests r ON r.id = e.request_id WHERE e.at >= ? AND e.at < ? "
        f"AND e.undone_by IS NULL AND e.action IN ({_in(stats.actions_counted())}) "
        "GROUP BY 1, 2, 3",
        (a, b),
    ).fetchall()
    conn.execute(
        "SELECT r.direction, e.action, json_extract(e.details, '$.params.reason'), count(*) "
        "FROM events e JOIN requests r ON r.id = e.request_id WHERE e.at >= ? AND e.at < ? "
        "AND e.undone_by IS NULL AND e.action IN "
        "('lender_unfilled', 'no_answer', 'reject_conditions', 'unfill') GROUP BY 1, 2, 3",
        (a, b),
    ).fetchall()
    for direction, ends in (("borrowing", ("return_to_lender", "mark_lost")),
                            ("lending", ("check_in", "mark_lost"))):  # fmt: skip
        conn.execute(
            "SELECT count(*) FROM requests r WHERE r.direction = ? AND r.lender_due_date >= ? "
            "AND r.lender_due_date < ? AND NOT EXISTS (SELECT 1 FROM events e WHERE "
            f"e.request_id = r.id AND e.action IN ({_in(ends)}) AND e.undone_by IS NULL "
            "AND date(e.at) <= r.lender_due_date)",
            (direction, str(start), str(end)),
        ).fetchall()
    conn.execute(
        "SELECT r.direction, e.action, e.from_status, "
        "r.service = 'loan' AND r.format NOT IN ('article', 'chapter'), "
        "l.group_name = 'commercial', count(*) FROM events e "
        "JOIN requests r ON r.id = e.request_id LEFT JOIN libraries l ON l.id = r.library_id "
        "WHERE e.at >= ? AND e.at < ? AND e.undone_by IS NULL AND e.action IN "
        "('ship', 'send_copy', 'receive', 'receive_copy', 'deliver_copy') GROUP BY 1, 2, 3, 4, 5",
        (a, b),
    ).fetchall()
    for stage in stats.STAGES:
        ends = " OR ".join(
            f"e.action = '{x}'" + ("" if s == "*" else f" AND e.from_status = '{s}'")
            for x, s in stage.ends
        )
        began = (
            "r.created_at"
            if stage.starts == stats.CREATED
            else "(SELECT min(f.at) FROM events f WHERE f.request_id = e.request_id AND "
            f"f.action IN ({_in(stage.starts)}) AND f.undone_by IS NULL AND f.id < e.id)"
        )
        conn.execute(
            f"SELECT {began}, e.at FROM events e JOIN requests r ON r.id = e.request_id "
            f"WHERE e.at >= ? AND e.at < ? AND e.undone_by IS NULL AND ({ends}) "
            "AND r.direction = ?",
            (a, b, stage.direction.value),
        ).fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--purge", type=int, default=100_000, help="requests to purge (0: skip)")
    args = parser.parse_args(argv)
    path = statistics_data.ensure(g.DATA / f"statistics-{args.requests}.sqlite", args.requests)
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA cache_size=-200000")
    raw.execute("DELETE FROM figure_corrections")
    raw.execute("DELETE FROM frozen_months")  # every run starts with nothing frozen
    raw.commit()
    events = raw.execute("SELECT count(*) FROM events").fetchone()[0]
    today = datetime.now(UTC).date()
    first = stats.next_month(date(today.year - 1, today.month, 1))  # a month of full history
    month = stats.month_name(first)
    start, end = stats.month_bounds(month)
    in_month = raw.execute(
        "SELECT count(*) FROM events WHERE at >= ? AND at < ?", (str(start), str(end))
    ).fetchone()[0]
    db = open_database(f"sqlite:///{path}")
    print(f"Statistics benchmark: {args.requests:,} requests, {events:,} events; month {month} "
          f"holds {in_month:,} events")  # fmt: skip
    print(f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")

    def ours() -> object:
        return figures.compute(UnitOfWork(db, read_only=True), start, end)

    ours()  # warm the caches as the floor's first run does
    floor_month(raw, start, end)
    live, live_max = timed(ours, args.runs)
    floor, floor_max = timed(lambda: floor_month(raw, start, end), args.runs)
    ratio = live / floor
    print(
        f"Month live:    {live * 1000:8.0f} ms (max {live_max * 1000:.0f}); floor "
        f"{floor * 1000:.0f} ms (max {floor_max * 1000:.0f}); {ratio:.2f}x the floor; "
        f"target <= 2000 ms and <= 3x: {'PASS' if live <= 2 and ratio <= 3 else 'FAIL'}"
    )

    fy = first.year + (1 if first.month >= 7 else 0)
    survey, _ = timed(lambda: surveys.answer(lambda: UnitOfWork(db, read_only=True), "acrl", fy), 1)
    print(
        f"Survey (ACRL FY{fy}, 12 months live): {survey:.2f} s; target <= 10 s: "
        f"{'PASS' if survey <= 10 else 'FAIL'}"
    )

    archive.freeze_month(UnitOfWork(db), month)
    frozen, frozen_max = timed(
        lambda: archive.month_report(UnitOfWork(db, read_only=True), month), 10
    )
    print(
        f"Frozen month:  {frozen * 1000:8.1f} ms (max {frozen_max * 1000:.1f}); target "
        f"<= 50 ms: {'PASS' if frozen <= 0.05 else 'FAIL'}"
    )
    db.dispose()
    raw.close()
    if args.purge:
        purge_copy(path, args.purge)
    return 0


def purge_copy(path: Path, wanted: int) -> None:
    """Purge about `wanted` requests on a copy of the file, timed."""
    copy = path.with_name("purge-" + path.name)
    shutil.copyfile(path, copy)
    raw = sqlite3.connect(copy)
    row = raw.execute(
        "SELECT status_since FROM requests WHERE patron_id IS NOT NULL AND status IN "
        "('completed', 'cancelled', 'unfilled', 'purchase', 'lost') "
        "ORDER BY status_since LIMIT 1 OFFSET ?",
        (wanted,),
    ).fetchone()
    raw.close()
    since = datetime.fromisoformat(row[0]).replace(tzinfo=UTC)
    days = (datetime.now(UTC) - since).days + 1
    db = open_database(f"sqlite:///{copy}")
    with UnitOfWork(db) as uow:
        changed = library.with_value(library.load(uow), "privacy.purge_after_days", str(days))
        library.save(uow, changed)
        uow.commit()
    due = privacy.purge(UnitOfWork(db), dry_run=True).requests
    start = time.perf_counter()
    done = privacy.purge(UnitOfWork(db))
    took = time.perf_counter() - start
    per_100k = took * 100_000 / max(done.requests, 1)
    print(f"Purge: {done.requests:,} requests (dry run said {due:,}), {done.patrons:,} patrons "
          f"anonymised in {took:.1f} s ({per_100k:.1f} s per 100,000); target <= 60 s per "
          f"100,000: {'PASS' if per_100k <= 60 else 'FAIL'}")  # fmt: skip
    db.dispose()
    copy.unlink()
    for suffix in ("-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
