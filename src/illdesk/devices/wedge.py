"""Tell a keyboard-wedge scanner's burst of keys from a person typing (no Qt here).

A USB scanner in keyboard mode "types" the barcode: the keys of a whole barcode arrive a few
milliseconds apart, evenly, and end with Enter (or Tab). :class:`WedgeBurstDetector` watches
(key, character, timestamp) events and holds the keys of a possible burst back; each call says
which held keys are now known to be typing and must be let through (in order), and whether a
burst just completed into a scan. Whether a run *is* a scan is decided on the whole run (its
length, pace, evenness and end) by :func:`illdesk.devices.burst.classify_burst`; a run whose
pace already rules out a scan is let through before it ends, so quick typing is not held.

The detector is generic in the key payload so the Qt event filter can hold whole key events and
replay them untouched, while tests and other front ends can hold plain characters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Generic, TypeVar

from illdesk.core.scan import strip_scanner_markers
from illdesk.devices.burst import BurstLimits, BurstReport, classify_burst, could_be_scan_so_far

__all__ = ["KeyFate", "WedgeBurstDetector", "WedgeSettings", "WedgeStep"]

K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class WedgeSettings:
    """When a run of keys counts as a scan.

    ``max_gap``: the longest pause (seconds) between two keys of one scan, which is also how
    long a key is held back. ``max_median_gap``: the typical (median) pause of a scan; a run
    paced slower is typing however quick its fastest pairs. ``max_uneven_share``: the share of
    pauses that may stray far above the typical one. ``min_length``: the fewest characters
    (prefix and suffix excluded) a scan may have. ``terminators``: characters that end a scan
    (Enter arrives as CR). ``prefix``/``suffix``: set when the scanner is configured to add
    them; a burst must then carry them, which makes detection surer.
    """

    max_gap: float = 0.04
    min_length: int = 4
    terminators: frozenset[str] = field(default_factory=lambda: frozenset({"\r", "\n", "\t"}))
    prefix: str = ""
    suffix: str = ""
    max_median_gap: float = 0.025
    max_uneven_share: float = 0.25

    def __post_init__(self) -> None:
        if self.max_gap <= 0 or self.max_median_gap <= 0:
            raise ValueError("max_gap and max_median_gap must be positive")
        if self.min_length < 1:
            raise ValueError("min_length must be at least 1")
        if not self.terminators:
            raise ValueError("at least one terminator is needed")
        self.limits  # noqa: B018 - checks the share too

    @property
    def limits(self) -> BurstLimits:
        """The burst limits these settings stand for."""
        return BurstLimits(
            max_gap=self.max_gap,
            max_median_gap=min(self.max_median_gap, self.max_gap),
            max_uneven_share=self.max_uneven_share,
            min_length=self.min_length,
        )


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
    deliver what it releases. :attr:`last_report` tells how the last finished run was judged.
    """

    def __init__(self, settings: WedgeSettings | None = None) -> None:
        self._settings = settings if settings is not None else WedgeSettings()
        self._limits = self._settings.limits
        self._held: list[tuple[K, str]] = []
        self._gaps: list[float] = []
        self._last_time = 0.0
        # True while a run already judged to be typing goes on: its keys pass at once.
        self._typing_run = False
        self.last_report: BurstReport | None = None

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
        """Timestamp of the newest key of the current run."""
        return self._last_time

    def would_end_scan(self, timestamp: float) -> bool:
        """True if a terminator at ``timestamp`` would complete the held keys into a scan."""
        if not self._held:
            return False
        gap = timestamp - self._last_time
        report = classify_burst([*self._gaps, gap], len(self._held), True, self._limits)
        return report.is_scan and self._marked_text() is not None

    def feed(self, key: K, char: str, timestamp: float) -> WedgeStep[K]:
        """Handle one key press. ``char`` is its text ("" for keys like arrows or Backspace)."""
        in_run = (self._held or self._typing_run) and (
            0 <= timestamp - self._last_time <= self._settings.max_gap
        )
        gap = timestamp - self._last_time
        if char in self._settings.terminators:
            self.last_report = None
            if self._held and in_run:
                report = classify_burst([*self._gaps, gap], len(self._held), True, self._limits)
                self.last_report = report
                text = self._marked_text() if report.is_scan else None
                if text is not None:
                    self._reset()
                    return WedgeStep(KeyFate.SWALLOW, scan=text)
            self._typing_run = False
            return WedgeStep(KeyFate.PASS, release=self._take())
        if len(char) != 1 or not char.isprintable():
            self._typing_run = False
            return WedgeStep(KeyFate.PASS, release=self._take())
        self._last_time = timestamp
        if in_run and self._typing_run:
            return WedgeStep(KeyFate.PASS)
        if not in_run:
            release = self._take()
            self._typing_run = False
            self._held.append((key, char))
            return WedgeStep(KeyFate.HOLD, release=release)
        self._gaps.append(gap)
        if could_be_scan_so_far(self._gaps, self._limits):
            self._held.append((key, char))
            return WedgeStep(KeyFate.HOLD)
        # The pace already rules out a scan: let the run through now, and the rest of it.
        self._typing_run = True
        return WedgeStep(KeyFate.PASS, release=self._take())

    def expire(self, now: float) -> tuple[K, ...]:
        """Release the held keys if more than ``max_gap`` has passed since the last one."""
        if now - self._last_time > self._settings.max_gap:
            self._typing_run = False
            if self._held:
                return self._take()
        return ()

    def flush(self) -> tuple[K, ...]:
        """Release every held key now, oldest first."""
        self._typing_run = False
        return self._take()

    def _take(self) -> tuple[K, ...]:
        keys = tuple(key for key, _ in self._held)
        self._reset()
        return keys

    def _reset(self) -> None:
        self._held.clear()
        self._gaps.clear()

    def _marked_text(self) -> str | None:
        text = "".join(char for _, char in self._held)
        marked = strip_scanner_markers(text, self._settings.prefix, self._settings.suffix)
        if not marked.complete or len(marked.text) < self._settings.min_length:
            return None
        return marked.text
