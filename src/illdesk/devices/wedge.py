"""Tell a keyboard-wedge scanner's burst of keys from a person typing (no Qt here).

A USB scanner in keyboard mode "types" the barcode: the keys of a whole barcode arrive a few
milliseconds apart and end with Enter (or Tab). People type with gaps of 80 ms or more, rarely
below 50 ms for more than a couple of keys in a row. :class:`WedgeBurstDetector` watches
(key, character, timestamp) events and holds the keys of a possible burst back; each call says
which held keys are now known to be typing and must be let through (in order), and whether a
burst just completed into a scan.

The detector is generic in the key payload so the Qt event filter can hold whole key events and
replay them untouched, while tests and other front ends can hold plain characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

__all__ = ["KeyFate", "WedgeBurstDetector", "WedgeSettings", "WedgeStep"]

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class WedgeSettings:
    """When a run of keys counts as a scan.

    ``max_gap``: the longest pause (seconds) between two keys of one scan. ``min_length``: the
    fewest characters (prefix and suffix excluded) a scan may have. ``terminators``: characters
    that end a scan (Enter arrives as CR). ``prefix``/``suffix``: set when the scanner is
    configured to add them; a burst must then carry them, which makes detection surer.
    """

    max_gap: float = 0.05
    min_length: int = 4
    terminators: frozenset[str] = field(default_factory=lambda: frozenset({"\r", "\n", "\t"}))
    prefix: str = ""
    suffix: str = ""

    def __post_init__(self) -> None:
        if self.max_gap <= 0:
            raise ValueError("max_gap must be positive")
        if self.min_length < 1:
            raise ValueError("min_length must be at least 1")
        if not self.terminators:
            raise ValueError("at least one terminator is needed")


class KeyFate(Enum):
    """What to do with the key just fed."""

    HOLD = "hold"  # keep it back: it may be part of a scan
    PASS = "pass"  # let it through now, after the released keys
    SWALLOW = "swallow"  # it ended a scan; it must not reach any widget


@dataclass(frozen=True, slots=True)
class WedgeStep(Generic[K]):
    """The detector's answer to one key.

    ``release``: held keys that turned out to be typing, oldest first; deliver them *before*
    acting on ``fate``. ``scan``: the scanned text when this key completed a scan.
    """

    fate: KeyFate
    release: tuple[K, ...] = ()
    scan: str | None = None


class WedgeBurstDetector(Generic[K]):
    """Decides, key by key, between scanner bursts and human typing.

    Feed every key press with :meth:`feed`; when no key has come for ``max_gap`` seconds call
    :meth:`expire` (or :meth:`flush` when time is not comparable, e.g. on a focus change) and
    deliver what it releases.
    """

    def __init__(self, settings: WedgeSettings | None = None) -> None:
        self._settings = settings if settings is not None else WedgeSettings()
        self._held: list[tuple[K, str]] = []
        self._last_time = 0.0

    @property
    def settings(self) -> WedgeSettings:
        """The thresholds in use."""
        return self._settings

    @property
    def holding(self) -> bool:
        """True while keys are held back waiting for the next key or a timeout."""
        return bool(self._held)

    @property
    def last_key_time(self) -> float:
        """Timestamp of the newest held key (meaningful only while :attr:`holding`)."""
        return self._last_time

    def feed(self, key: K, char: str, timestamp: float) -> WedgeStep[K]:
        """Handle one key press. ``char`` is its text ("" for keys like arrows or Backspace)."""
        gap_ok = bool(self._held) and 0 <= timestamp - self._last_time <= self._settings.max_gap
        if char in self._settings.terminators:
            if gap_ok:
                text = self._scan_text()
                if text is not None:
                    self._held.clear()
                    return WedgeStep(KeyFate.SWALLOW, scan=text)
            return WedgeStep(KeyFate.PASS, release=self._take())
        if len(char) != 1 or not char.isprintable():
            return WedgeStep(KeyFate.PASS, release=self._take())
        release = () if gap_ok else self._take()
        self._held.append((key, char))
        self._last_time = timestamp
        return WedgeStep(KeyFate.HOLD, release=release)

    def expire(self, now: float) -> tuple[K, ...]:
        """Release the held keys if more than ``max_gap`` has passed since the last one."""
        if self._held and now - self._last_time > self._settings.max_gap:
            return self._take()
        return ()

    def flush(self) -> tuple[K, ...]:
        """Release every held key now, oldest first."""
        return self._take()

    def _take(self) -> tuple[K, ...]:
        keys = tuple(key for key, _ in self._held)
        self._held.clear()
        return keys

    def _scan_text(self) -> str | None:
        text = "".join(char for _, char in self._held)
        prefix, suffix = self._settings.prefix, self._settings.suffix
        if prefix:
            if not text.startswith(prefix):
                return None
            text = text[len(prefix) :]
        if suffix:
            if not text.endswith(suffix):
                return None
            text = text[: -len(suffix)]
        if len(text) < self._settings.min_length:
            return None
        return text
