"""Running database and printer work off the GUI thread.

`run_task(fn, on_done, on_error)` runs `fn()` on Qt's thread pool and delivers its result (or
its exception) back on the GUI thread by signal. Widgets never wait on the database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Carries a task's outcome to the GUI thread.

    Signals:
        done(object): the task's return value.
        failed(object): the exception it raised.
    """

    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_pending: set[_Relay] = set()


def run_task(
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> None:
    """Run `fn` in the background; call `on_done(result)` or `on_error(exc)` on the GUI thread."""
    relay = _Relay()
    _pending.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _pending.discard(relay)
        callback(value)

    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Task(fn, relay))


# ---------------------------------------------------------------- long work with progress


class Cancelled(Exception):
    """Raised inside long work when the person pressed Cancel."""


class Progress:
    """Handed to long work: `report(done, total)` shows progress and raises Cancelled once
    the person has asked to stop, so work stops between two steps, never inside one."""

    def __init__(self, relay: _ProgressRelay) -> None:
        self._relay = relay
        self.cancel_requested = False

    def report(self, done: int, total: int) -> None:
        self._relay.progress.emit(done, total)
        if self.cancel_requested:
            raise Cancelled()

    def cancel(self) -> None:
        self.cancel_requested = True


class _ProgressRelay(_Relay):
    """Signals:
    progress(int, int): steps done and steps in all.
    """

    progress = Signal(int, int)


def run_with_progress(
    fn: Callable[[Progress], Any],
    on_progress: Callable[[int, int], None],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
) -> Progress:
    """Like `run_task`, for work that reports progress and can be cancelled.

    Returns the Progress object: its `cancel()` asks the work to stop at its next step, which
    then ends with `on_error(Cancelled())`.
    """
    relay = _ProgressRelay()
    progress = Progress(relay)
    _pending.add(relay)

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _pending.discard(relay)
        callback(value)

    relay.progress.connect(on_progress)
    relay.done.connect(lambda value: finish(on_done, value))
    relay.failed.connect(lambda exc: finish(on_error, exc))
    QThreadPool.globalInstance().start(_Task(lambda: fn(progress), relay))
    return progress


def busy() -> bool:
    """Whether background work is still to report back (tests wait on this)."""
    return bool(_pending)


def process_events() -> None:
    """Deliver pending events now (for tests and scripts; the application's own loop needs
    nothing of the kind).

    Goes through a QEventLoop instance on purpose: under Python 3.11, PySide6 6.12's static
    `QCoreApplication.processEvents()` (and `QTest.qWait`) drop one reference to None on every
    call, which aborts the interpreter ("deallocating None") after a few thousand calls.
    """
    QEventLoop().processEvents()
