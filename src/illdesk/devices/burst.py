"""Is a run of keys a scanner's burst or a person typing? Decided from the whole run.

A keyboard-wedge scanner types a barcode with keys 1-15 ms apart, evenly (its firmware paces
them), and ends with Enter or Tab. People are uneven: a quick typist rolls some letter pairs
in under 40 ms, but the run as a whole has its typical gap far above a scanner's and a few long
pauses among the short ones. One cut-off on a single gap (the old 50 ms rule) took a file name
typed at 30 ms a key for a scan, so the verdict here looks at the whole run:

* its **length**: at least ``min_length`` characters (a rolled "ok" + Enter is not a scan);
* its **end**: a terminator key, arriving no later than ``max_gap`` after the last character;
* its **pace**: the median gap at most ``max_median_gap``, and no gap above ``max_gap``;
* its **evenness**: at most ``max_uneven_share`` of the gaps may stray far above the median
  (a thread hiccup may stretch one gap; a person stretches many).

Everything here is pure (gaps in seconds in, a verdict out) so it can be tested exhaustively and
reused by the "test your scanner" step, which measures real bursts and proposes limits.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "BurstLimits",
    "BurstReport",
    "BurstVerdict",
    "ScannerMeasurement",
    "classify_burst",
    "could_be_scan_so_far",
    "measure_scanner",
]

# Key timestamps come from the window system in whole milliseconds: two keys 1 ms apart can
# look 0 or 2 ms apart. A gap counts as uneven only above twice the median plus this slack.
_TIMESTAMP_SLACK = 0.005
# The fewest gaps from which the pace of a run is judged before its end.
_EARLY_JUDGEMENT_GAPS = 3
# Proposed limits never go below what X11/Wayland timestamps can resolve, nor above what
# would take quick typing for a scan.
_FLOOR_MEDIAN = 0.008
_CEILING_MEDIAN = 0.025
_FLOOR_MAX_GAP = 0.02
_CEILING_MAX_GAP = 0.045


@dataclass(frozen=True, slots=True)
class BurstLimits:
    """The limits a run of keys must keep to count as a scan (seconds, characters, a share)."""

    max_gap: float = 0.04
    max_median_gap: float = 0.025
    max_uneven_share: float = 0.25
    min_length: int = 4

    def __post_init__(self) -> None:
        if self.max_gap <= 0 or self.max_median_gap <= 0:
            raise ValueError("the gaps must be positive")
        if self.max_median_gap > self.max_gap:
            raise ValueError("the typical gap cannot be longer than the longest gap")
        if not 0 <= self.max_uneven_share < 1:
            raise ValueError("the uneven share is a fraction below 1")
        if self.min_length < 1:
            raise ValueError("min_length must be at least 1")


class BurstVerdict(StrEnum):
    """What a run of keys was."""

    SCAN = "scan"
    TYPING = "typing"


@dataclass(frozen=True, slots=True)
class BurstReport:
    """The verdict on one run, with the figures it rests on and why, in plain words."""

    verdict: BurstVerdict
    reason: str
    length: int
    median_gap: float
    longest_gap: float
    uneven_share: float

    @property
    def is_scan(self) -> bool:
        """True when the run was a scanner's burst."""
        return self.verdict is BurstVerdict.SCAN


def _uneven_share(gaps: Sequence[float], median: float) -> float:
    if not gaps:
        return 0.0
    stray = sum(1 for gap in gaps if gap > 2 * median + _TIMESTAMP_SLACK)
    return stray / len(gaps)


def classify_burst(
    gaps: Sequence[float], length: int, terminated: bool, limits: BurstLimits
) -> BurstReport:
    """Judge a finished run: ``gaps`` between its keys (the terminator's gap last, when it
    ended with one), ``length`` its characters without the terminator."""
    median = statistics.median(gaps) if gaps else 0.0
    longest = max(gaps, default=0.0)
    uneven = _uneven_share(gaps, median)

    def report(verdict: BurstVerdict, reason: str) -> BurstReport:
        return BurstReport(verdict, reason, length, median, longest, uneven)

    if not terminated:
        return report(BurstVerdict.TYPING, "no Enter or Tab at the end")
    if length < limits.min_length:
        return report(BurstVerdict.TYPING, f"shorter than {limits.min_length} characters")
    if any(gap < 0 for gap in gaps):
        return report(BurstVerdict.TYPING, "key times went backwards")
    if longest > limits.max_gap:
        return report(BurstVerdict.TYPING, f"a pause of {longest * 1000:.0f} ms")
    if median > limits.max_median_gap:
        return report(BurstVerdict.TYPING, f"keys typically {median * 1000:.0f} ms apart")
    if uneven > limits.max_uneven_share:
        return report(BurstVerdict.TYPING, "keys unevenly spaced")
    return report(BurstVerdict.SCAN, f"keys evenly {median * 1000:.0f} ms apart, then Enter")


def could_be_scan_so_far(gaps: Sequence[float], limits: BurstLimits) -> bool:
    """False once an unfinished run can no longer become a scan (so its keys can be let
    through at once instead of waiting for its end)."""
    if any(gap < 0 or gap > limits.max_gap for gap in gaps):
        return False
    if len(gaps) < _EARLY_JUDGEMENT_GAPS:
        return True
    median = statistics.median(gaps)
    return median <= limits.max_median_gap and (
        _uneven_share(gaps, median) <= limits.max_uneven_share
    )


@dataclass(frozen=True, slots=True)
class ScannerMeasurement:
    """What test scans showed about the connected scanner, and the limits proposed from it."""

    bursts: int
    median_gap: float
    longest_gap: float
    proposed: BurstLimits
    summary: str


def measure_scanner(bursts: Sequence[Sequence[float]], current: BurstLimits) -> ScannerMeasurement:
    """Propose limits from the gaps of test scans (each burst: its gaps, Enter's last).

    The proposal leaves room above what the scanner did (twice its typical gap, 1.5 times its
    longest) but stays inside bounds where people cannot type, so a slow scanner never makes
    quick typing count as scans.
    """
    usable = [list(burst) for burst in bursts if burst]
    if not usable:
        raise ValueError("no test scans to measure: scan a barcode first")
    all_gaps = [gap for burst in usable for gap in burst]
    median = statistics.median(all_gaps)
    longest = max(all_gaps)
    median_limit = min(_CEILING_MEDIAN, max(_FLOOR_MEDIAN, 2 * median))
    gap_limit = min(_CEILING_MAX_GAP, max(_FLOOR_MAX_GAP, 1.5 * longest, median_limit))
    proposed = BurstLimits(
        max_gap=round(gap_limit, 3),
        max_median_gap=round(median_limit, 3),
        max_uneven_share=current.max_uneven_share,
        min_length=current.min_length,
    )
    summary = (
        f"{len(usable)} test scan(s): keys typically {median * 1000:.0f} ms apart, the longest "
        f"pause {longest * 1000:.0f} ms."
    )
    if median > _CEILING_MEDIAN:
        summary += (
            ' This scanner types as slowly as a person: set its key delay ("inter-character '
            'delay") to the shortest, or use it on the scan bar only.'
        )
    return ScannerMeasurement(len(usable), median, longest, proposed, summary)
