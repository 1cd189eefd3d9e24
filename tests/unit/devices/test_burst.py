"""Telling a scanner's burst from typing, on the whole run (pure, explicit gaps)."""

from __future__ import annotations

import random

import pytest

from illdesk.devices.burst import (
    BurstLimits,
    BurstVerdict,
    classify_burst,
    could_be_scan_so_far,
    measure_scanner,
)
from illdesk.devices.wedge import KeyFate, WedgeBurstDetector

LIMITS = BurstLimits()


def run(gap_ms: float, length: int = 11) -> list[float]:
    """Gaps of an even run of ``length`` characters followed by Enter."""
    return [gap_ms / 1000] * length


def human(rng: random.Random, length: int, mean_ms: float = 60) -> list[float]:
    """Uneven typing: mostly around the mean, some rolled pairs under 40 ms, some pauses."""
    gaps = []
    for _ in range(length):
        pick = rng.random()
        if pick < 0.25:
            gaps.append(rng.uniform(0.012, 0.038))
        elif pick < 0.85:
            gaps.append(rng.uniform(0.045, 0.09))
        else:
            gaps.append(rng.uniform(0.09, 0.16))
    scale = mean_ms / 1000 / (sum(gaps) / len(gaps))
    return [gap * scale for gap in gaps]


@pytest.mark.parametrize("gap_ms", [1, 2, 5, 10, 15])
def test_even_scanner_bursts_are_scans(gap_ms: float) -> None:
    report = classify_burst(run(gap_ms), 10, True, LIMITS)
    assert report.verdict is BurstVerdict.SCAN, report.reason


@pytest.mark.parametrize("gap_ms", [30, 45, 60, 120])
def test_even_typing_is_not_a_scan(gap_ms: float) -> None:
    report = classify_burst(run(gap_ms), 10, True, LIMITS)
    assert report.verdict is BurstVerdict.TYPING


def test_uneven_human_typing_with_fast_pairs_is_never_a_scan() -> None:
    rng = random.Random(11)
    for _ in range(2000):
        gaps = human(rng, rng.randint(4, 30))
        gaps[rng.randrange(len(gaps))] = rng.uniform(0.012, 0.038)  # at least one rolled pair
        assert classify_burst(gaps, len(gaps), True, LIMITS).verdict is BurstVerdict.TYPING


def test_a_quick_typist_rolling_most_pairs_is_still_typing_by_evenness() -> None:
    # Median under the scanner limit, but every third gap is a real pause of 38 ms.
    gaps = [0.012, 0.015, 0.038] * 4
    report = classify_burst(gaps, len(gaps), True, LIMITS)
    assert report.verdict is BurstVerdict.TYPING
    assert "unevenly" in report.reason


def test_one_stretched_gap_in_a_scan_is_tolerated() -> None:
    gaps = [0.004] * 12
    gaps[5] = 0.03  # the GUI thread was busy for a moment
    assert classify_burst(gaps, 12, True, LIMITS).is_scan


def test_length_and_terminator_are_required() -> None:
    assert not classify_burst(run(5, 3), 3, True, LIMITS).is_scan
    assert not classify_burst(run(5), 11, False, LIMITS).is_scan
    assert not classify_burst([0.005, -0.5, 0.005, 0.005], 4, True, LIMITS).is_scan


def test_unfinished_runs_are_judged_early() -> None:
    assert could_be_scan_so_far([0.005, 0.006], LIMITS)
    assert could_be_scan_so_far([0.03, 0.03], LIMITS)  # too few gaps to tell yet
    assert not could_be_scan_so_far([0.03, 0.03, 0.03], LIMITS)
    assert not could_be_scan_so_far([0.005, 0.05], LIMITS)


def test_typing_at_30_ms_reaches_the_field_before_enter() -> None:
    detector: WedgeBurstDetector[str] = WedgeBurstDetector()
    delivered: list[str] = []
    now = 0.0
    for char in "report-final":
        now += 0.03
        step = detector.feed(char, char, now)
        delivered.extend(step.release)
        if step.fate is KeyFate.PASS:
            delivered.append(char)
    assert "".join(delivered) == "report-final"  # not held back until Enter
    assert not detector.holding


def test_limits_are_checked() -> None:
    with pytest.raises(ValueError):
        BurstLimits(max_gap=0.01, max_median_gap=0.02)
    with pytest.raises(ValueError):
        BurstLimits(max_uneven_share=1.0)


def test_measuring_a_scanner_proposes_limits_that_keep_typing_out() -> None:
    rng = random.Random(3)
    bursts = [[rng.uniform(0.009, 0.013) for _ in range(14)] for _ in range(3)]
    measured = measure_scanner(bursts, LIMITS)
    assert 0.009 <= measured.median_gap <= 0.013
    for burst in bursts:
        assert classify_burst(burst, len(burst), True, measured.proposed).is_scan
    for gap_ms in (30, 45, 60, 120):
        assert not classify_burst(run(gap_ms), 10, True, measured.proposed).is_scan
    assert "3 test scan(s)" in measured.summary


def test_a_scanner_slower_than_people_is_named_as_such() -> None:
    measured = measure_scanner([[0.04] * 10], LIMITS)
    assert measured.proposed.max_median_gap <= 0.025
    assert "as slowly as a person" in measured.summary
    with pytest.raises(ValueError):
        measure_scanner([], LIMITS)
