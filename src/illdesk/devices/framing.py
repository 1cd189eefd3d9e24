"""Cut a scanner's byte stream into one chunk per scan.

A serial port delivers bytes as they come: one read may hold half a scan, or the end of one scan
and the start of the next. :class:`ScanFramer` keeps what it has been fed until a scan is
complete. It is plain Python with explicit timestamps so the same logic can be tested without a
port, a thread or a clock.

Line terminators: whether the scanner is set to CR, LF or CR LF, *any* CR or LF ends a scan and
empty scans are dropped. Scanners are often configured differently from the software (a CR LF
scanner read as CR would otherwise leave a stray LF at the start of every scan, and a CR scanner
read as CR LF would never finish a scan), and no barcode used at an ILL desk holds a line break.
With ``Terminator.NONE`` a scan ends when no byte has arrived for ``idle_timeout`` seconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = ["Frame", "ScanFramer", "Terminator"]


class Terminator(StrEnum):
    """What the scanner sends after each barcode."""

    CR = "cr"
    LF = "lf"
    CRLF = "crlf"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Frame:
    """One scan's bytes, without terminator. ``complete`` is False for a scan that was cut off
    (no terminator came in time, the scan overflowed, or the device went away mid-scan)."""

    data: bytes
    complete: bool = True


class ScanFramer:
    """Accumulates bytes and hands back complete scans."""

    def __init__(
        self,
        terminator: Terminator,
        *,
        idle_timeout: float = 0.1,
        incomplete_timeout: float = 2.0,
        max_length: int = 1024,
    ) -> None:
        self._terminator = terminator
        self._idle_timeout = idle_timeout
        self._incomplete_timeout = incomplete_timeout
        self._max_length = max_length
        self._buffer = bytearray()
        self._last_byte_at = 0.0

    @property
    def pending(self) -> bytes:
        """Bytes received that do not make a complete scan yet."""
        return bytes(self._buffer)

    def feed(self, data: bytes, now: float) -> list[Frame]:
        """Add bytes received at time ``now``; return the scans they complete."""
        frames: list[Frame] = []
        if not data:
            return frames
        if self._terminator is Terminator.NONE:
            # A gap longer than the idle timeout before this data ended the previous scan.
            frames.extend(self.poll(now))
            self._buffer.extend(data)
        else:
            for byte in data:
                if byte in (0x0D, 0x0A):
                    if self._buffer:
                        frames.append(Frame(bytes(self._buffer)))
                        self._buffer.clear()
                else:
                    self._buffer.append(byte)
                    if len(self._buffer) > self._max_length:
                        frames.append(Frame(bytes(self._buffer), complete=False))
                        self._buffer.clear()
        if len(self._buffer) > self._max_length:
            frames.append(Frame(bytes(self._buffer), complete=False))
            self._buffer.clear()
        self._last_byte_at = now
        return frames

    def poll(self, now: float) -> list[Frame]:
        """Return a scan that time has completed (idle mode) or given up on (line modes)."""
        if not self._buffer:
            return []
        waited = now - self._last_byte_at
        if self._terminator is Terminator.NONE:
            if waited >= self._idle_timeout:
                return [self._take(complete=True)]
        elif waited >= self._incomplete_timeout:
            return [self._take(complete=False)]
        return []

    def reset(self) -> Frame | None:
        """Forget pending bytes (the device went away); return them as a cut-off scan, if any."""
        if not self._buffer:
            return None
        return self._take(complete=False)

    def _take(self, *, complete: bool) -> Frame:
        frame = Frame(bytes(self._buffer), complete=complete)
        self._buffer.clear()
        return frame
