"""Normalising raw scans and classifying their shape."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from illdesk.core.scan import (
    NormalizedScan,
    ScanKind,
    ScanOptions,
    ScanProblem,
    ScanProblemKind,
    classify_scan,
    is_valid_isbn,
    normalize_request_number,
    normalize_scan,
    try_normalize_scan,
)


@pytest.mark.parametrize(
    ("raw", "text", "symbology"),
    [
        ("]C0B-26-000123", "B-26-000123", "Code 128"),
        ("]A0ABC123", "ABC123", "Code 39"),
        ("]F031234000012342", "31234000012342", "Codabar"),
        ("]E09780306406157", "9780306406157", "EAN/UPC"),
        ("]I012345678", "12345678", "Interleaved 2 of 5"),
        ("]Q1https://example.org/x", "https://example.org/x", "QR Code"),
        ("]d2ABC", "ABC", "Data Matrix"),
        ("]W5XYZ", "XYZ", "Unknown barcode type (W)"),
    ],
)
def test_aim_identifier_is_removed_and_recorded(raw: str, text: str, symbology: str) -> None:
    scan = normalize_scan(raw)
    assert scan.text == text
    assert scan.symbology == symbology
    assert scan.aim_identifier == raw[:3]
    assert scan.raw == raw


def test_no_aim_identifier_means_no_symbology() -> None:
    scan = normalize_scan("B-26-000123")
    assert (scan.text, scan.symbology, scan.aim_identifier, scan.warnings) == (
        "B-26-000123",
        None,
        None,
        (),
    )


def test_aim_stripping_can_be_switched_off() -> None:
    scan = normalize_scan("]C0ABC", ScanOptions(strip_aim_identifier=False))
    assert scan.text == "]C0ABC"
    assert scan.symbology is None


def test_a_bracket_without_letter_and_digit_is_kept() -> None:
    assert normalize_scan("]CXABC").text == "]CXABC"
    assert normalize_scan("AB]C0").text == "AB]C0"


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("A31234000012342B", "31234000012342"),
        ("a31234000012342b", "31234000012342"),
        ("C31234000012342D", "31234000012342"),
        ("T31234000012342N", "31234000012342"),
        ("*31234000012342E", "31234000012342"),
        ("]F0A31234000012342B", "31234000012342"),
        ("A12-34$5B", "12-34$5"),
    ],
)
def test_codabar_start_stop_characters_are_removed(raw: str, text: str) -> None:
    assert normalize_scan(raw).text == text


@pytest.mark.parametrize(
    "raw",
    [
        "B-26-000123",  # starts with B but ends with a digit
        "ABC",  # nothing Codabar-like between the ends
        "A-B",  # no digit inside
        "ADA",
    ],
)
def test_values_that_only_resemble_codabar_keep_their_ends(raw: str) -> None:
    assert normalize_scan(raw).text == raw


def test_codabar_ends_are_kept_for_other_symbologies() -> None:
    # A Code 128 value may legitimately start and end with these letters.
    assert normalize_scan("]C0A1234B").text == "A1234B"


def test_codabar_stripping_can_be_switched_off() -> None:
    assert normalize_scan("A1234B", ScanOptions(strip_codabar_start_stop=False)).text == "A1234B"


@pytest.mark.parametrize(
    "raw",
    [
        "B-26-000123\r",
        "B-26-000123\n",
        "B-26-000123\r\n",
        "B-26-000123\t",
        "  B-26-000123  ",
        "\x00\x00B-26-000123\x00",
        "\x02B-26-000123\x03",  # STX/ETX framing
        "\ufeffB-26-000123",  # byte-order mark from a text source
        "]C0 B-26-000123 \r\n",
    ],
)
def test_terminators_padding_and_whitespace_at_the_ends_go_silently(raw: str) -> None:
    scan = normalize_scan(raw)
    assert scan.text == "B-26-000123"
    assert scan.warnings == ()


def test_control_characters_inside_are_removed_with_a_warning() -> None:
    scan = normalize_scan("0104\x1d123\x00456")
    assert scan.text == "0104123456"
    assert len(scan.warnings) == 1
    assert "control characters" in scan.warnings[0]


def test_runs_of_spaces_inside_are_squeezed_with_a_warning() -> None:
    scan = normalize_scan("Smith  \t J")
    assert scan.text == "Smith J"
    assert scan.warnings and "spaces" in scan.warnings[0]
    assert normalize_scan("Smith J").warnings == ()


@pytest.mark.parametrize("raw", ["B-26-000123\rB-26-000124", "abc\ndef", "a\u2028b"])
def test_line_break_inside_means_two_scans_ran_together(raw: str) -> None:
    with pytest.raises(ScanProblem) as info:
        normalize_scan(raw)
    assert info.value.kind is ScanProblemKind.SEVERAL_SCANS
    assert "one at a time" in info.value.message


@pytest.mark.parametrize("raw", ["", "   ", "\r\n", "\x00", "]C0", "]C0\r", "AB"])
def test_nothing_left_is_an_empty_scan(raw: str) -> None:
    options = ScanOptions(prefix="AB")
    with pytest.raises(ScanProblem) as info:
        normalize_scan(raw, options)
    assert info.value.kind is ScanProblemKind.EMPTY
    assert info.value.message.startswith("The scan was empty")
    assert info.value.raw == raw


@pytest.mark.parametrize("raw", ["AB\ufffdC", "A\ud800B", "A\ue000B", "A\U000e0fffB"])
def test_characters_no_barcode_has_are_refused(raw: str) -> None:
    with pytest.raises(ScanProblem) as info:
        normalize_scan(raw)
    assert info.value.kind is ScanProblemKind.INVALID_CHARACTERS
    assert "characters a barcode never has" in info.value.message


def test_very_long_input_is_refused() -> None:
    with pytest.raises(ScanProblem) as info:
        normalize_scan("1" * 201)
    assert info.value.kind is ScanProblemKind.TOO_LONG
    assert normalize_scan("1" * 200).text == "1" * 200
    with pytest.raises(ScanProblem):
        normalize_scan("x" * 100_000)


def test_non_ascii_letters_pass_with_a_keyboard_layout_warning() -> None:
    scan = normalize_scan("B)26)000123é")
    assert scan.text == "B)26)000123é"
    assert any("keyboard language" in w for w in scan.warnings)


def test_configured_prefix_and_suffix_are_removed() -> None:
    options = ScanOptions(prefix="~", suffix="#")
    assert normalize_scan("~B-26-000123#\r", options).text == "B-26-000123"
    # Prefix after the AIM identifier, as some scanners order them.
    scan = normalize_scan("]C0~B-26-000123#", options)
    assert (scan.text, scan.symbology, scan.warnings) == ("B-26-000123", "Code 128", ())
    scan = normalize_scan("~]C0B-26-000123#", options)
    assert (scan.text, scan.symbology, scan.warnings) == ("B-26-000123", "Code 128", ())


def test_missing_prefix_or_suffix_gives_a_warning_but_keeps_the_scan() -> None:
    scan = normalize_scan("B-26-000123", ScanOptions(prefix="~", suffix="#"))
    assert scan.text == "B-26-000123"
    assert len(scan.warnings) == 2
    assert any("start with the expected prefix" in w for w in scan.warnings)
    assert any("end with the expected suffix" in w for w in scan.warnings)


def test_whitespace_suffix_is_not_reported_missing() -> None:
    scan = normalize_scan("B-26-000123\t", ScanOptions(suffix="\t"))
    assert (scan.text, scan.warnings) == ("B-26-000123", ())


def test_try_normalize_returns_problem_instead_of_raising() -> None:
    assert isinstance(try_normalize_scan(""), ScanProblem)
    assert isinstance(try_normalize_scan("x"), NormalizedScan)


# --- shape ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("B-26-000123", "B-26-000123"),
        ("L-26-000456", "L-26-000456"),
        ("b-26-000123", "B-26-000123"),
        ("B26000123", "B-26-000123"),
        ("l26000456", "L-26-000456"),
        ("B 26 000123", "B-26-000123"),
        ("BX-25-999999", "BX-25-999999"),
        ("b26-000123", "B-26-000123"),
    ],
)
def test_request_numbers_are_recognised_and_made_canonical(text: str, value: str) -> None:
    shape = classify_scan(text)
    assert (shape.kind, shape.value) == (ScanKind.REQUEST_NUMBER, value)


@pytest.mark.parametrize(
    "text", ["B-26-00012", "B-26-0001234", "B-2-000123", "1-26-000123", "ABCD-26-000123", "B--26"]
)
def test_near_misses_are_not_request_numbers(text: str) -> None:
    assert normalize_request_number(text) is None
    assert classify_scan(text).kind is not ScanKind.REQUEST_NUMBER


def test_fourteen_digit_library_barcodes_with_role_hint() -> None:
    item = classify_scan("31234000012342")
    assert (item.kind, item.value) == (ScanKind.LIBRARY_BARCODE, "31234000012342")
    assert "item" in item.note
    patron = classify_scan("29876000056788")
    assert "Patron" in patron.note
    assert classify_scan("3123400001234").kind is ScanKind.OTHER
    assert classify_scan("３１２３４００００１２３４２").kind is ScanKind.OTHER  # full-width


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("9780306406157", "9780306406157"),
        ("978-0-306-40615-7", "9780306406157"),
        ("0306406152", "0306406152"),
        ("0-306-40615-2", "0306406152"),
        ("080442957X", "080442957X"),
        ("080442957x", "080442957X"),
    ],
)
def test_isbns_are_recognised(text: str, value: str) -> None:
    shape = classify_scan(text)
    assert (shape.kind, shape.value) == (ScanKind.ISBN, value)


def test_isbn_with_wrong_check_digit_is_other_with_a_note() -> None:
    shape = classify_scan("9780306406158")
    assert shape.kind is ScanKind.OTHER
    assert "check digit" in shape.note


def test_ean_that_is_not_a_book_is_not_an_isbn() -> None:
    assert not is_valid_isbn("4006381333931")
    assert classify_scan("4006381333931").kind is ScanKind.OTHER


def test_normalized_scan_knows_its_shape() -> None:
    assert normalize_scan("]C0b26000123\r").shape.value == "B-26-000123"


# --- fuzz ----------------------------------------------------------------------------------

_PIECES = [
    "]C0", "]F0", "]E0", "]Q1", "]", "A", "B", "*", "E", "\r", "\n", "\r\n", "\t", "\x00", "\x1d",
    " ", "~", "-", "\ufffd", "\ud800", "é", "B-26-000123", "31234000012342", "978030640615",
    "\x7f", "\x85", "\u200b", "\U0010ffff", "X",
]  # fmt: skip


def _garbled(rng: random.Random) -> str:
    parts: list[str] = []
    for _ in range(rng.randint(0, 8)):
        roll = rng.random()
        if roll < 0.5:
            parts.append(rng.choice(_PIECES))
        elif roll < 0.8:
            parts.append(chr(rng.randint(0, 0x7F)))
        else:
            parts.append(chr(rng.randint(0, 0x10FFFF)))
    return "".join(parts)


def _check_outcome(raw: str, options: ScanOptions) -> ScanProblem | NormalizedScan:
    outcome = try_normalize_scan(raw, options)
    if isinstance(outcome, ScanProblem):
        assert outcome.message
        assert outcome.raw == raw
    else:
        assert outcome.text
        assert outcome.text == outcome.text.strip()
        assert not any(c in outcome.text for c in "\r\n\x00\x1d\ufffd")
        assert all(isinstance(w, str) and w for w in outcome.warnings)
        classify_scan(outcome.text)
    return outcome


def test_ten_thousand_garbled_scans_never_crash() -> None:
    rng = random.Random(20261122)
    options = [ScanOptions(), ScanOptions(prefix="~", suffix="#"), ScanOptions(max_length=10)]
    kinds: set[str] = set()
    for i in range(10_000):
        outcome = _check_outcome(_garbled(rng), options[i % len(options)])
        kinds.add(outcome.kind if isinstance(outcome, ScanProblem) else "ok")
    # The generator must reach every branch, or the fuzzing proves little.
    assert kinds == {"ok", *ScanProblemKind}


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(max_size=3), st.text(max_size=3))
def test_any_text_gives_a_scan_or_a_documented_problem(raw: str, prefix: str, suffix: str) -> None:
    _check_outcome(raw, ScanOptions(prefix=prefix, suffix=suffix))


def test_scanner_markers_are_taken_off_once_in_one_place() -> None:
    from illdesk.core.scan import strip_scanner_markers

    marked = strip_scanner_markers("§§B-26-000123#", "§", "#")
    assert (marked.text, marked.prefix_found, marked.suffix_found) == ("§B-26-000123", True, True)
    assert marked.complete
    bare = strip_scanner_markers("B-26-000123", "§", "#")
    assert bare.text == "B-26-000123" and not bare.prefix_found and not bare.complete
    assert strip_scanner_markers("B-26-000123").complete
