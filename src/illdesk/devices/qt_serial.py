"""Qt front of the serial scanner reader: scans arrive as signals on the GUI thread.

The reader (:class:`~illdesk.devices.serial_scanner.SerialScannerReader`) calls back on its own
thread, a plain Python thread. Widgets may only be touched on the GUI thread, so every callback
is handed over before the public signals are emitted: the reader thread puts the event on a
thread-safe queue and writes one byte to a socket pair; a QSocketNotifier on the other end wakes
the GUI thread at once, which empties the queue and emits. No Qt call is made from the reader
thread: PySide6 has had reference-count bugs with signals emitted from threads Qt does not own
(PYSIDE-3124; see also `illdesk.ui.dispatch`), which this design cannot trigger.
Connected slots therefore always run on the GUI thread, whatever connection type the caller
uses.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier, Signal, Slot

from illdesk.devices.serial_scanner import (
    SerialPortLike,
    SerialScannerReader,
    SerialScannerSettings,
    open_serial_port,
)

__all__ = ["QtSerialScanner"]


class QtSerialScanner(QObject):
    """A serial scanner as a QObject. Call :meth:`start` to begin and :meth:`stop` on exit.

    Signals:
        scanned(str): a scan's text (terminator, prefix and suffix removed; not yet
            normalised, see :func:`illdesk.core.scan.normalize_scan`).
        state_changed(str): "connecting", "connected", "disconnected" or "stopped".
        problem(str): a message for staff about a scan that could not be used.
    """

    scanned = Signal(str)
    state_changed = Signal(str)
    problem = Signal(str)

    def __init__(
        self,
        settings: SerialScannerSettings,
        parent: QObject | None = None,
        *,
        open_port: Callable[[SerialScannerSettings], SerialPortLike] = open_serial_port,
    ) -> None:
        super().__init__(parent)
        self._open_port = open_port
        self._events: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
        self._wake_reader_side, self._wake_gui_side = socket.socketpair()
        self._wake_reader_side.setblocking(False)
        # Closed with this object however it goes (no ResourceWarning, no leaked descriptor).
        weakref.finalize(self, self._wake_reader_side.close)
        weakref.finalize(self, self._wake_gui_side.close)
        self._wake_gui_side.setblocking(False)
        self._notifier = QSocketNotifier(
            self._wake_gui_side.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._on_wake)
        self._reader = self._make_reader(settings)

    @property
    def settings(self) -> SerialScannerSettings:
        """The settings in use."""
        return self._reader.settings

    @property
    def state(self) -> str:
        """The reader's last reported state (reader-thread view; may be ahead of signals)."""
        return str(self._reader.state)

    def start(self) -> None:
        """Start reading on a background thread."""
        self._reader.start()

    def stop(self) -> None:
        """Stop reading and close the port (blocks for at most about two seconds)."""
        self._reader.stop()

    def apply_settings(self, settings: SerialScannerSettings) -> None:
        """Switch to new settings, restarting the reader if it was running."""
        was_running = self._reader.is_running
        self._reader.stop()
        self._reader = self._make_reader(settings)
        if was_running:
            self._reader.start()

    def _make_reader(self, settings: SerialScannerSettings) -> SerialScannerReader:
        return SerialScannerReader(
            settings,
            on_scan=lambda text: self._post("scan", text),
            on_state=lambda state: self._post("state", str(state)),
            on_problem=lambda message: self._post("problem", message),
            open_port=self._open_port,
        )

    def _post(self, kind: str, value: str) -> None:
        """Reader thread: queue an event and wake the GUI thread (no Qt call here)."""
        self._events.put((kind, value))
        # A full socket means unread wake-ups are pending already; a closed one, shutdown.
        with contextlib.suppress(BlockingIOError, OSError):
            self._wake_reader_side.send(b"!")

    @Slot()
    def _on_wake(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            while self._wake_gui_side.recv(4096):
                pass
        while True:
            try:
                kind, value = self._events.get_nowait()
            except queue.Empty:
                return
            self._on_reader_event(kind, value)

    def _on_reader_event(self, kind: str, value: str) -> None:
        if kind == "scan":
            self.scanned.emit(value)
        elif kind == "state":
            self.state_changed.emit(value)
        else:
            self.problem.emit(value)
