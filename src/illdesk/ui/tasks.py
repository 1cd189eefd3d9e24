"""Running database and printer work off the GUI thread.

`run_task(fn, on_done, on_error)` runs `fn()` on a reader thread and delivers its result (or
its exception) back on the GUI thread; `run_change` does the same on the one writer thread, so
changes from every part of the window (the scanning desk included) are made one after another,
in the order they were asked for. Widgets never wait on the database. Workers never call Qt:
results travel through `illdesk.ui.dispatch` (a queue and a socket-pair notifier). Widgets use
these through `illdesk.ui.facade`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QEventLoop, QObject

from illdesk.ui.dispatch import shared_dispatcher

# Database work is short and mostly waits on SQLite or the network: a few threads suffice,
# and a small pool keeps a burst of refreshes from opening many connections at once.
_workers = ThreadPoolExecutor(max_workers=4, thread_name_prefix="illdesk-task")
# Every change goes through this one thread: two writers never race for SQLite's write lock
# (or a PostgreSQL row), and a scan never overtakes the change asked for before it.
_writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="illdesk-writer")
_pending: set[int] = set()
_tickets = itertools.count()


def _start(
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    executor: ThreadPoolExecutor = _workers,
) -> None:
    dispatcher = shared_dispatcher()
    ticket = next(_tickets)
    _pending.add(ticket)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _pending.discard(ticket)
        if _owner_gone(callback):
            return  # its window closed while the work ran: nobody is left to tell
        callback(value)

    def job() -> None:
        try:
            result = work()
        except Exception as exc:  # every failure goes back to the GUI, none is lost
            dispatcher.post(lambda e: finish(on_error, e), exc)
        else:
            dispatcher.post(lambda r: finish(on_done, r), result)

    executor.submit(job)


def _owner_gone(callback: Callable[[Any], None]) -> bool:
    """True when `callback` is a method of a Qt object that has been destroyed meanwhile."""
    owner = getattr(callback, "__self__", None)
    return isinstance(owner, QObject) and not shiboken6.isValid(owner)


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Run `fn` in the background; call `on_done(result)` or `on_error(exc)` on the GUI thread."""
    _start(fn, on_done, on_error)


def run_change(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Like `run_task`, on the one writer thread: changes never run side by side."""
    _start(fn, on_done, on_error, _writer)


def writer_idle(timeout: float = 5.0) -> bool:
    """Wait until every change asked for so far has been made (tests and shutdown)."""
    try:
        _writer.submit(lambda: None).result(timeout=timeout)
    except TimeoutError:
        return False
    return True


# ---------------------------------------------------------------- long work with progress


class Cancelled(Exception):
    """Raised inside long work when the person pressed Cancel."""


class Progress:
    """Handed to long work: `report(done, total)` shows progress and raises Cancelled once
    the person has asked to stop, so work stops between two steps, never inside one."""

    def __init__(self, on_progress: Callable[[int, int], None]) -> None:
        self._on_progress = on_progress
        self._dispatcher = shared_dispatcher()
        self.cancel_requested = False

    def report(self, done: int, total: int) -> None:
        self._dispatcher.post(lambda counts: self._on_progress(*counts), (done, total))
        if self.cancel_requested:
            raise Cancelled()

    def cancel(self) -> None:
        self.cancel_requested = True


def run_with_progress(
    fn: Callable[[Progress], Any],
    on_progress: Callable[[int, int], None],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    *,
    writer: bool = False,
) -> Progress:
    """Like `run_task`, for work that reports progress and can be cancelled.

    Returns the Progress object: its `cancel()` asks the work to stop at its next step, which
    then ends with `on_error(Cancelled())`. With `writer=True` the work runs on the writer
    thread (changes to many requests); other changes wait for it.
    """
    progress = Progress(on_progress)
    _start(lambda: fn(progress), on_done, on_error, _writer if writer else _workers)
    return progress


def busy() -> bool:
    """Whether background work is still to report back (tests wait on this)."""
    return bool(_pending)


def process_events() -> None:
    """Deliver pending events now (for tests and scripts; the application's own loop needs
    nothing of the kind).

    Goes through a QEventLoop instance; PySide6 6.12's static `processEvents()` leaked
    references under Python 3.11 (that release is excluded in pyproject.toml).
    """
    QEventLoop().processEvents()
