"""Read barcodes from a scanner on a serial port (RS-232, or a USB scanner in serial/CDC mode).

:class:`SerialScannerReader` owns the port on a background thread, so a slow or silent port
never blocks the GUI. It hands each scan, each change of connection state and each problem to
plain callbacks, which run *on the reader thread*; the Qt adapter in
:mod:`illdesk.devices.qt_serial` turns them into signals delivered on the GUI thread.

Unplugging the scanner is an ordinary event at a desk, not an error: the reader reports
``disconnected``, tries to open the port again every ``reconnect_interval`` seconds, and reports
``connected`` when the scanner is back, without a restart.

The reader delivers the text the scanner sent (terminator, configured prefix and suffix
removed); cleaning it further (AIM identifiers, Codabar start/stop) is
:func:`illdesk.core.scan.normalize_scan`'s job, shared with keyboard-wedge scanners.
"""

from __future__ import annotations

import codecs
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import serial
from serial.tools import list_ports as serial_list_ports

from illdesk.core.scan import strip_scanner_markers
from illdesk.devices.framing import Frame, ScanFramer, Terminator

__all__ = [
    "PortInfo",
    "ScannerState",
    "SerialPortLike",
    "SerialScannerReader",
    "SerialScannerSettings",
    "Terminator",
    "list_ports",
    "open_serial_port",
]

_log = logging.getLogger(__name__)

_PARITIES = {
    "N": serial.PARITY_NONE,
    "E": serial.PARITY_EVEN,
    "O": serial.PARITY_ODD,
    "M": serial.PARITY_MARK,
    "S": serial.PARITY_SPACE,
}


class ScannerState(StrEnum):
    """Connection state of a serial scanner, as reported to ``on_state``."""

    CONNECTING = "connecting"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    STOPPED = "stopped"


@dataclass(frozen=True, slots=True)
class SerialScannerSettings:
    """How to talk to a serial scanner. The defaults (9600 baud, 8 data bits, no parity, one
    stop bit, CR after each scan) are the factory settings of most scanners."""

    port: str
    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1
    terminator: Terminator = Terminator.CR
    idle_timeout: float = 0.1
    prefix: str = ""
    suffix: str = ""
    encoding: str = "utf-8"
    reconnect_interval: float = 1.0
    read_timeout: float = 0.05
    incomplete_timeout: float = 2.0

    def __post_init__(self) -> None:
        if not self.port:
            raise ValueError("port must name a serial port, e.g. /dev/ttyUSB0 or COM3")
        if self.baudrate <= 0:
            raise ValueError(f"baudrate must be positive, got {self.baudrate}")
        if self.bytesize not in (5, 6, 7, 8):
            raise ValueError(f"bytesize must be 5, 6, 7 or 8, got {self.bytesize}")
        if self.parity not in _PARITIES:
            raise ValueError(f"parity must be one of {sorted(_PARITIES)}, got {self.parity!r}")
        if self.stopbits not in (1, 1.5, 2):
            raise ValueError(f"stopbits must be 1, 1.5 or 2, got {self.stopbits}")
        for name in ("idle_timeout", "reconnect_interval", "read_timeout", "incomplete_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        codecs.lookup(self.encoding)  # an unknown encoding fails here, not on the first scan


@dataclass(frozen=True, slots=True)
class PortInfo:
    """A serial port present on this computer, for a settings screen's drop-down."""

    device: str
    description: str
    hardware_id: str = ""
    manufacturer: str | None = None
    serial_number: str | None = None
    vid: int | None = None
    pid: int | None = None

    @property
    def label(self) -> str:
        """What to show staff: the device name and, when known, what is plugged into it."""
        if self.description and self.description not in ("n/a", self.device):
            return f"{self.device} ({self.description})"
        return self.device


def list_ports() -> list[PortInfo]:
    """The serial ports present now, sorted by device name."""
    ports = [
        PortInfo(
            device=str(info.device),
            description=str(info.description or ""),
            hardware_id=str(info.hwid or ""),
            manufacturer=info.manufacturer,
            serial_number=info.serial_number,
            vid=info.vid,
            pid=info.pid,
        )
        for info in serial_list_ports.comports()
    ]
    return sorted(ports, key=lambda port: port.device)


class SerialPortLike(Protocol):
    """The part of ``serial.Serial`` the reader uses (lets tests supply a fake)."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def close(self) -> None: ...


def open_serial_port(settings: SerialScannerSettings) -> SerialPortLike:
    """Open the port with the settings' framing; raises ``serial.SerialException`` (an OSError)."""
    port: SerialPortLike = serial.Serial(
        port=settings.port,
        baudrate=settings.baudrate,
        bytesize=settings.bytesize,
        parity=_PARITIES[settings.parity],
        stopbits=settings.stopbits,
        timeout=settings.read_timeout,
    )
    return port


def _ignore(_value: str) -> None:
    pass


class SerialScannerReader:
    """Reads scans from a serial port on a background thread.

    ``on_scan(text)``, ``on_state(state)`` (a :class:`ScannerState` value) and
    ``on_problem(message)`` are called on the reader thread; an exception in a callback is
    logged and does not stop the reader. ``open_port`` and ``clock`` exist for tests.
    """

    def __init__(
        self,
        settings: SerialScannerSettings,
        on_scan: Callable[[str], None],
        on_state: Callable[[str], None] | None = None,
        on_problem: Callable[[str], None] | None = None,
        *,
        open_port: Callable[[SerialScannerSettings], SerialPortLike] = open_serial_port,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._on_scan = on_scan
        self._on_state = on_state if on_state is not None else _ignore
        self._on_problem = on_problem if on_problem is not None else _ignore
        self._open_port = open_port
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._state = ScannerState.STOPPED
        self._state_lock = threading.Lock()

    @property
    def settings(self) -> SerialScannerSettings:
        """The settings this reader was made with."""
        return self._settings

    @property
    def state(self) -> ScannerState:
        """The last state reported."""
        with self._state_lock:
            return self._state

    @property
    def is_running(self) -> bool:
        """True between :meth:`start` and :meth:`stop`."""
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start reading on a background thread (does nothing if already running)."""
        if self.is_running:
            return
        self._stop.clear()
        self._thread = threading.Thread(
            target=self._run, name=f"serial-scanner {self._settings.port}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop reading, close the port and wait up to ``timeout`` seconds for the thread."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    # --- reader thread -----------------------------------------------------------------

    def _run(self) -> None:
        framer = ScanFramer(
            self._settings.terminator,
            idle_timeout=self._settings.idle_timeout,
            incomplete_timeout=self._settings.incomplete_timeout,
        )
        port: SerialPortLike | None = None
        self._set_state(ScannerState.CONNECTING)
        try:
            while not self._stop.is_set():
                if port is None:
                    port = self._try_open()
                    if port is None:
                        self._stop.wait(self._settings.reconnect_interval)
                    continue
                try:
                    data = port.read(min(max(1, port.in_waiting), 4096))
                except OSError as exc:  # serial.SerialException is an OSError
                    _log.info("serial scanner %s went away: %s", self._settings.port, exc)
                    _close_quietly(port)
                    port = None
                    cut = framer.reset()
                    if cut is not None:
                        self._handle(cut)
                    self._set_state(ScannerState.DISCONNECTED)
                    continue
                now = self._clock()
                for frame in framer.feed(data, now) + framer.poll(now):
                    self._handle(frame)
        except Exception:
            # Anything else is a bug; report it rather than let the desk silently stop scanning.
            _log.exception("serial scanner reader crashed")
            self._call(
                self._on_problem,
                "The serial scanner stopped working because of an internal error. "
                "Restart ILL Desk; if it happens again, report it with the log file.",
            )
        finally:
            if port is not None:
                _close_quietly(port)
            self._set_state(ScannerState.STOPPED)

    def _try_open(self) -> SerialPortLike | None:
        try:
            port = self._open_port(self._settings)
        except (OSError, ValueError) as exc:
            _log.debug("cannot open serial scanner %s: %s", self._settings.port, exc)
            self._set_state(ScannerState.DISCONNECTED)
            return None
        self._set_state(ScannerState.CONNECTED)
        return port

    def _handle(self, frame: Frame) -> None:
        if not frame.complete:
            self._call(
                self._on_problem,
                "A scan from the serial scanner was cut off and was not used. Scan the item "
                "again; if this happens with every scan, check that the scanner sends an "
                "end-of-scan character (CR or LF) matching ILL Desk's setting.",
            )
            return
        try:
            text = frame.data.decode(self._settings.encoding)
        except UnicodeDecodeError:
            shown = frame.data[:16].hex(" ")
            self._call(
                self._on_problem,
                "The serial scanner sent something that is not readable text, so the scan was "
                f"not used (bytes: {shown}). Scan again; if every scan does this, the port "
                "settings (baud rate, data bits, parity) probably do not match the scanner's.",
            )
            return
        text = strip_scanner_markers(text, self._settings.prefix, self._settings.suffix).text
        if text.strip():
            self._call(self._on_scan, text)

    def _set_state(self, state: ScannerState) -> None:
        with self._state_lock:
            if state is self._state:
                return
            self._state = state
        self._call(self._on_state, str(state))

    def _call(self, callback: Callable[[str], None], value: str) -> None:
        try:
            callback(value)
        except Exception:
            _log.exception("serial scanner callback failed")


def _close_quietly(port: SerialPortLike) -> None:
    try:
        port.close()
    except OSError:
        _log.debug("closing a vanished serial port failed", exc_info=True)
