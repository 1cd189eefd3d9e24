"""Keyboard-wedge burst detection with explicit timestamps."""

from __future__ import annotations

import random

import pytest

from illdesk.devices.wedge import KeyFate, WedgeBurstDetector, WedgeSettings


class Desk:
    """Feeds typed text through a detector and records what a text field would end up with."""

    def __init__(self, settings: WedgeSettings | None = None) -> None:
        self.detector: WedgeBurstDetector[str] = WedgeBurstDetector(settings)
        self.field = ""  # characters delivered to the focused widget, in order
        self.scans: list[str] = []
        self.now = 0.0

    def key(self, char: str, gap: float) -> None:
        # Like the Qt timer: held keys expire when the pause before this key is long enough.
        self.field += "".join(self.detector.expire(self.now + gap))
        self.now += gap
        step = self.detector.feed(char, char, self.now)
        self.field += "".join(step.release)
        if step.fate is KeyFate.PASS:
            self.field += char
        if step.scan is not None:
            self.scans.append(step.scan)

    def type(self, text: str, gap: float) -> None:
        for char in text:
            self.key(char, gap)

    def idle(self, seconds: float = 1.0) -> None:
        self.now += seconds
        self.field += "".join(self.detector.expire(self.now))


def test_fast_burst_ending_in_enter_is_a_scan_and_types_nothing() -> None:
    desk = Desk()
    desk.type("Smith", 0.2)
    desk.key("B", 0.5)
    desk.type("-26-000123\r", 0.008)
    desk.idle()
    assert desk.scans == ["B-26-000123"]
    assert desk.field == "Smith"


def test_tab_also_ends_a_scan() -> None:
    desk = Desk()
    desk.type("31234000012342\t", 0.01)
    assert desk.scans == ["31234000012342"]
    assert desk.field == ""


@pytest.mark.parametrize("gap", [0.08, 0.12, 0.3])
def test_human_typing_passes_through_unchanged(gap: float) -> None:
    desk = Desk()
    desk.type("Interlibrary loan 2026\r", gap)
    desk.idle()
    assert desk.scans == []
    assert desk.field == "Interlibrary loan 2026\r"


def test_short_fast_run_is_typing_not_a_scan() -> None:
    # Two keys rolled over quickly, then Enter: too short to be a barcode.
    desk = Desk()
    desk.type("ok\r", 0.01)
    assert desk.scans == []
    assert desk.field == "ok\r"


def test_burst_without_terminator_is_released_as_typing() -> None:
    desk = Desk()
    desk.type("ABCDEFG", 0.01)
    assert desk.field == ""  # still held: it may yet become a scan
    desk.idle()
    assert desk.field == "ABCDEFG"
    assert desk.scans == []


def test_slow_enter_after_fast_keys_is_typing() -> None:
    desk = Desk()
    desk.type("ABCDEFG", 0.01)
    desk.key("\r", 0.2)
    assert desk.scans == []
    assert desk.field == "ABCDEFG\r"


def test_pause_inside_a_burst_splits_it() -> None:
    desk = Desk()
    desk.type("ABCD", 0.01)
    desk.key("E", 0.09)  # a gap no scanner makes: "ABCD" is released as typing
    desk.type("FG\r", 0.01)  # and "EFG" is too short to be a scan on its own
    desk.idle()
    assert desk.scans == []
    assert desk.field == "ABCDEFG\r"


def test_scan_right_after_typing_keeps_both_apart() -> None:
    desk = Desk()
    desk.type("note", 0.15)
    desk.key("B", 0.1)
    desk.type("-26-000123\r", 0.005)
    desk.type(" done", 0.15)
    desk.idle()
    assert desk.scans == ["B-26-000123"]
    assert desk.field == "note done"


def test_non_text_keys_release_held_keys_first() -> None:
    desk = Desk()
    desk.type("AB", 0.01)
    step = desk.detector.feed("<Left>", "", desk.now + 0.01)
    assert step.fate is KeyFate.PASS
    assert step.release == ("A", "B")


def test_thresholds_are_configurable() -> None:
    slow_scanner = Desk(WedgeSettings(max_gap=0.1, max_median_gap=0.1, min_length=2))
    slow_scanner.type("42\r", 0.09)
    assert slow_scanner.scans == ["42"]
    strict = Desk(WedgeSettings(max_gap=0.02))
    strict.type("B-26-000123\r", 0.03)
    strict.idle()
    assert strict.scans == []
    assert strict.field == "B-26-000123\r"


def test_prefix_and_suffix_are_required_and_removed() -> None:
    desk = Desk(WedgeSettings(prefix="§", suffix="#"))
    desk.type("§B-26-000123#\r", 0.005)
    assert desk.scans == ["B-26-000123"]
    desk.type("B-26-000124\r", 0.005)  # fast, but without the scanner's prefix: typing
    assert desk.scans == ["B-26-000123"]
    assert desk.field == "B-26-000124\r"


def test_backwards_timestamp_does_not_join_a_burst() -> None:
    detector: WedgeBurstDetector[str] = WedgeBurstDetector()
    for i, char in enumerate("ABCD"):
        detector.feed(char, char, 10.0 + i * 0.01)
    step = detector.feed("\r", "\r", 1.0)
    assert step.scan is None
    assert step.release == ("A", "B", "C", "D")


@pytest.mark.parametrize("bad", [{"max_gap": 0}, {"min_length": 0}, {"terminators": frozenset()}])
def test_impossible_settings_are_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        WedgeSettings(**bad)  # type: ignore[arg-type]


def test_random_human_typing_is_never_lost_or_reordered() -> None:
    rng = random.Random(4)
    alphabet = "abcdefghijklmnopqrstuvwxyz ABC0123456789-.,\r\t"
    for _ in range(500):
        desk = Desk()
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        for char in text:
            # People are mostly slow, sometimes roll two keys together, never four in a row.
            desk.key(char, rng.choice([0.02, 0.09, 0.15, 0.3]) if rng.random() < 0.2 else 0.12)
        desk.idle()
        assert desk.scans == []
        assert desk.field == text


def test_random_scans_among_typing_are_all_found() -> None:
    rng = random.Random(7)
    for _ in range(300):
        desk = Desk()
        expected_field, expected_scans = "", []
        for _ in range(rng.randint(1, 6)):
            if rng.random() < 0.5:
                words = "".join(rng.choice("abc xyz") for _ in range(rng.randint(1, 8)))
                desk.type(words, 0.1)
                expected_field += words
                desk.idle(0.2)
            else:
                code = f"B-26-{rng.randrange(10**6):06d}"
                # Scanners pace their keys 1-15 ms apart (quicker typing than 40 ms is human).
                desk.type(code + "\r", rng.uniform(0.001, 0.015))
                expected_scans.append(code)
                desk.idle(0.2)
        assert desk.scans == expected_scans
        assert desk.field == expected_field
