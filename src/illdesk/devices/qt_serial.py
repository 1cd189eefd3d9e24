"""Qt front of the serial scanner reader: scans arrive as signals on the GUI thread.

The reader (:class:`~illdesk.devices.serial_scanner.SerialScannerReader`) calls back on its own
thread. Widgets may only be touched on the GUI thread, so every callback is relayed through a
queued connection to this object (which lives on the GUI thread) before the public signals are
emitted. Connected slots therefore always run on the GUI thread, whatever connection type the
caller uses.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot

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

    # Carries (kind, value) from the reader thread; queued so the slot runs on our thread.
    _relay = Signal(str, str)

    def __init__(
        self,
        settings: SerialScannerSettings,
        parent: QObject | None = None,
        *,
        open_port: Callable[[SerialScannerSettings], SerialPortLike] = open_serial_port,
    ) -> None:
        super().__init__(parent)
        self._open_port = open_port
        self._relay.connect(self._on_reader_event, Qt.ConnectionType.QueuedConnection)
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
            on_scan=lambda text: self._relay.emit("scan", text),
            on_state=lambda state: self._relay.emit("state", state),
            on_problem=lambda message: self._relay.emit("problem", message),
            open_port=self._open_port,
        )

    @Slot(str, str)
    def _on_reader_event(self, kind: str, value: str) -> None:
        if kind == "scan":
            self.scanned.emit(value)
        elif kind == "state":
            self.state_changed.emit(value)
        else:
            self.problem.emit(value)
