"""How the desk window feels on a big database: open a 100,000-row queue, sort it, scroll it.

Run:  .venv/bin/python benchmarks/bench_desk.py [--requests 1000000] [--runs 5] [--markdown]

The real MainWindow is built offscreen on the file `generate.py` makes (benchmarks/data/; made
if missing). Every figure is taken the way staff meet it, through the window's own background
tasks and model, and ends when the table has painted its rows (a synchronous repaint of the
table's viewport):

- open: from choosing the queue in the tree to its first rows painted;
- sort: from clicking another column's heading to the re-sorted first rows painted;
- scroll to the end: from the first page to the last row painted, scrolling as a person
  holding End would (every page is fetched: Qt's lazy models cannot skip pages);
- memory: the process's peak resident memory at the end (all rows of the queue then held).

Targets (issue 3): open <= 150 ms, sort <= 300 ms, memory <= 300 MB.

The window only reads (read-only units of work), so other benchmarks can share the file.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

import generate
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import Actor
from illdesk.ui import tasks
from illdesk.ui.facade import facade_for
from illdesk.ui.main_window import MainWindow
from illdesk.ui.queue_model import COLUMN_INDEX
from illdesk.ui.tasks import process_events

OPEN_MS = 150.0
SORT_MS = 300.0
MEMORY_MB = 300.0
QUEUE = "l-loan"  # Lending: On loan, ~10% of the generated requests
SORT_BY = ("title", "number", "created_at")


def wait(condition: Callable[[], bool], timeout: float = 120.0) -> None:
    """Run the event loop until the condition holds. It sleeps between events, as the real
    application does, so the background thread doing the work is not starved of the GIL."""
    loop = QEventLoop()
    ticker = QTimer()  # wakes the loop now and then even when nothing else happens
    ticker.start(20)
    end = time.perf_counter() + timeout
    try:
        while not condition():
            if time.perf_counter() > end:
                raise TimeoutError("the window did not get there in time")
            loop.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
    finally:
        ticker.stop()


def idle() -> None:
    """Let background work (queue counts) finish so it does not share the measured time."""
    while tasks.busy():
        QThreadPool.globalInstance().waitForDone(100)
        process_events()


def painted(win: MainWindow) -> None:
    win.queue_view.table.viewport().repaint()


def open_queue(win: MainWindow, key: str) -> float:
    """Milliseconds from choosing the queue to its first rows painted."""
    win.select_queue("b-new")  # start from another queue so the choice is a real change
    wait(lambda: not win.model.loading and win.model.rowCount() > 0)
    idle()
    start = time.perf_counter()
    win.select_queue(key)
    wait(
        lambda: (
            win.model.queue is not None
            and win.model.queue.key == key
            and not win.model.loading
            and win.model.rowCount() > 0
        )
    )
    painted(win)
    return (time.perf_counter() - start) * 1000


def sort_by(win: MainWindow, field: str) -> float:
    """Milliseconds from clicking a column heading to its first rows painted."""
    idle()
    header = win.queue_view.table.horizontalHeader()
    start = time.perf_counter()
    header.sectionClicked.emit(COLUMN_INDEX[field])
    wait(
        lambda: win.model.sort_field == field and not win.model.loading and win.model.rowCount() > 0
    )
    painted(win)
    return (time.perf_counter() - start) * 1000


def scroll_to_end(win: MainWindow) -> tuple[float, int]:
    """Seconds from the first page to the last row painted, and the rows then held."""
    table = win.queue_view.table
    idle()
    start = time.perf_counter()
    while True:
        table.scrollToBottom()  # asks the model for the next page, as the End key does
        wait(lambda: not win.model.loading)
        if not win.model.has_more:
            break
    table.scrollToBottom()
    painted(win)
    return time.perf_counter() - start, win.model.rowCount()


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--markdown", action="store_true", help="print a table for docs")
    args = parser.parse_args()
    path = args.db or generate.default_path(args.requests)
    generate.ensure_database(path, generate.Sizes(args.requests))  # made or upgraded if needed

    app = QApplication.instance() or QApplication(sys.argv)
    db = open_database(f"sqlite:///{path}")
    win = MainWindow(facade_for(db, Actor(None, "Benchmark", "BENCH")))
    win.count_timer.stop()  # the minute timer would recount in the middle of a measurement
    win.resize(1600, 940)
    win.show()
    wait(lambda: win.tree.topLevelItemCount() == 4)
    idle()
    queue_size = win.counts[QUEUE]

    opens = [open_queue(win, QUEUE) for _ in range(args.runs)]
    sorts: dict[str, list[float]] = {}
    for _ in range(args.runs):
        for field in SORT_BY:
            sorts.setdefault(field, []).append(sort_by(win, field))
    scroll_seconds, rows_held = scroll_to_end(win)
    memory = peak_rss_mb()
    win.close()
    idle()
    db.dispose()
    del app

    open_ms = statistics.median(opens)
    sort_ms = {f: statistics.median(v) for f, v in sorts.items()}
    worst_sort = max(sort_ms.values())
    verdict = {
        "open": open_ms <= OPEN_MS,
        "sort": worst_sort <= SORT_MS,
        "memory": memory <= MEMORY_MB,
    }
    lines = [
        f"Queue “Lending: On loan”: {queue_size:,} of {args.requests:,} requests "
        f"({platform.system()} {platform.machine()}, Python {platform.python_version()}, "
        f"median of {args.runs} runs)",
        "",
        "| measure | result | target | |",
        "|---|---|---|---|",
        f"| open the queue to first rows painted | {open_ms:.0f} ms "
        f"(max {max(opens):.0f}) | ≤ {OPEN_MS:.0f} ms | {'ok' if verdict['open'] else 'MISSED'} |",
    ]
    for field, value in sort_ms.items():
        lines.append(
            f"| sort by {field} to first rows painted | {value:.0f} ms "
            f"(max {max(sorts[field]):.0f}) | ≤ {SORT_MS:.0f} ms | "
            f"{'ok' if value <= SORT_MS else 'MISSED'} |"
        )
    lines += [
        f"| scroll to the end ({rows_held:,} rows, every page) | {scroll_seconds:.1f} s | — | |",
        f"| peak resident memory (all rows held) | {memory:.0f} MB | ≤ {MEMORY_MB:.0f} MB | "
        f"{'ok' if verdict['memory'] else 'MISSED'} |",
    ]
    print("\n".join(lines if args.markdown else [line.replace("|", " ") for line in lines]))
    return 0 if all(verdict.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
