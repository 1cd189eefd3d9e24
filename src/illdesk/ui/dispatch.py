"""Handing results from worker threads to the GUI thread without calling Qt from the workers.

PySide6 has had reference-count bugs around signals emitted from threads Qt does not own
(PYSIDE-3124), and our scan-desk benchmark hit an interpreter abort ("bool_dealloc") after a few
thousand scans while workers emitted signals and the GUI thread made thousands of
`QTimer.singleShot` calls with Python callables. We keep Qt out of the workers altogether, which
cannot go wrong that way, and avoid `singleShot` with callables in code that runs often.

A worker puts the callback and its value on a thread-safe queue and writes one byte to a
socket pair; a QSocketNotifier on the other end
wakes the GUI thread at once, and the GUI thread runs the callbacks in order. The workers are
plain `concurrent.futures` threads.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import weakref
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QSocketNotifier, Slot


class GuiDispatcher(QObject):
    """Runs callbacks on the GUI thread on behalf of other threads (see the module text)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calls: queue.SimpleQueue[tuple[Callable[[Any], None], Any]] = queue.SimpleQueue()
        self._worker_end, self._gui_end = socket.socketpair()
        self._worker_end.setblocking(False)
        # Closed with this object however it goes (no ResourceWarning, no leaked descriptor).
        weakref.finalize(self, self._worker_end.close)
        weakref.finalize(self, self._gui_end.close)
        self._gui_end.setblocking(False)
        self._notifier = QSocketNotifier(self._gui_end.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_wake)

    def post(self, callback: Callable[[Any], None], value: Any) -> None:
        """Any thread: have `callback(value)` run on the GUI thread soon (no Qt call here)."""
        self._calls.put((callback, value))
        # A full socket means wake-ups are pending already; a closed one means shutdown.
        with contextlib.suppress(BlockingIOError, OSError):
            self._worker_end.send(b"!")

    @Slot()
    def _on_wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            while self._gui_end.recv(4096):
                pass
        self.drain()

    def drain(self) -> None:
        """GUI thread: run every callback that has been posted."""
        while True:
            try:
                callback, value = self._calls.get_nowait()
            except queue.Empty:
                return
            callback(value)


_shared: GuiDispatcher | None = None


def shared_dispatcher() -> GuiDispatcher:
    """The application's dispatcher (made on first use, on the GUI thread)."""
    global _shared  # noqa: PLW0603 - one per application, like the QApplication itself
    if _shared is None or not shiboken6.isValid(_shared):
        _shared = GuiDispatcher(QCoreApplication.instance())
    return _shared


def submit(
    executor: Executor,
    fn: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[Exception], None],
    dispatcher: GuiDispatcher | None = None,
) -> None:
    """Run `fn` on `executor`; its result or exception comes back on the GUI thread."""
    target = dispatcher or shared_dispatcher()

    def work() -> None:
        try:
            result = fn()
        except Exception as exc:  # every failure is reported to the GUI, none is lost
            target.post(on_error, exc)
        else:
            target.post(on_done, result)

    executor.submit(work)
