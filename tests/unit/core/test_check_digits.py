"""Check digits of 14-digit library barcodes."""

from __future__ import annotations

import pytest

from illdesk.core.check_digits import (
    BarcodeRole,
    CheckDigitScheme,
    IssuerSchemes,
    compute_check_digit,
    describe_scheme,
    is_valid,
    parse_library_barcode,
    validate,
)

LUHN = CheckDigitScheme.LUHN_MOD10
W31 = CheckDigitScheme.WEIGHTED_3_1_MOD10
NONE = CheckDigitScheme.NONE

# Worked by hand, Luhn, payload 3 1234 00001234 (item, institution 1234, serial 00001234).
# Digits from the right: 4 3 2 1 0 0 0 0 4 3 2 1 3; every other one from the first is doubled:
#   8 + 3 + 4 + 1 + 0 + 0 + 0 + 0 + 8 + 3 + 4 + 1 + 6 = 38 -> check digit 10 - 8 = 2.
LUHN_ITEM = "31234000012342"
# Luhn again, with doubled digits above 9 (subtract 9): payload 2 9876 00005678 (patron).
# From the right: 8 7 6 5 0 0 0 0 6 7 8 9 2
#   doubled 8->16->7, 6->12->3, 0, 0, 6->12->3, 8->16->7, 2->4
#   7 + 7 + 3 + 5 + 0 + 0 + 0 + 0 + 3 + 7 + 7 + 9 + 4 = 52 -> check digit 8.
LUHN_PATRON = "29876000056788"
# 3-1 weighted, same payload as LUHN_ITEM. From the right, weights 3 1 3 1 ...:
#   12 + 3 + 6 + 1 + 0 + 0 + 0 + 0 + 12 + 3 + 6 + 1 + 9 = 53 -> check digit 10 - 3 = 7.
W31_ITEM = "31234000012347"


def test_hand_computed_luhn_check_digits() -> None:
    assert compute_check_digit(LUHN_ITEM[:-1], LUHN) == "2"
    assert compute_check_digit(LUHN_PATRON[:-1], LUHN) == "8"
    assert is_valid(LUHN_ITEM, LUHN)
    assert is_valid(LUHN_PATRON, LUHN)


def test_luhn_matches_the_textbook_example() -> None:
    # 79927398713 is the example used to explain Luhn almost everywhere.
    assert compute_check_digit("7992739871", LUHN) == "3"


def test_hand_computed_weighted_3_1_check_digit() -> None:
    assert compute_check_digit(W31_ITEM[:-1], W31) == "7"
    assert is_valid(W31_ITEM, W31)
    assert not is_valid(LUHN_ITEM, W31)


def test_weighted_3_1_matches_ean13() -> None:
    # EAN-13 uses the same weights counted from the right, so real EAN/ISBN codes must pass.
    assert is_valid("4006381333931", W31)
    assert is_valid("9780306406157", W31)


def test_check_digit_zero_when_total_is_a_multiple_of_ten() -> None:
    # Luhn of "0000000000000" totals 0 -> 0; "5" doubled is 10 -> 1, so check digit 9.
    assert compute_check_digit("0" * 13, LUHN) == "0"
    assert compute_check_digit("5", LUHN) == "9"


@pytest.mark.parametrize(
    ("barcode", "scheme"), [(LUHN_ITEM, LUHN), (LUHN_PATRON, LUHN), (W31_ITEM, W31)]
)
def test_every_single_digit_error_is_detected(barcode: str, scheme: CheckDigitScheme) -> None:
    for position in range(len(barcode)):
        for digit in "0123456789":
            if digit == barcode[position]:
                continue
            wrong = barcode[:position] + digit + barcode[position + 1 :]
            assert not is_valid(wrong, scheme), wrong


def _adjacent_transpositions(barcode: str) -> list[tuple[str, str]]:
    swaps = []
    for i in range(len(barcode) - 1):
        a, b = barcode[i], barcode[i + 1]
        if a != b:
            swaps.append((a + b, barcode[:i] + b + a + barcode[i + 2 :]))
    return swaps


def test_luhn_detects_adjacent_transpositions_except_09() -> None:
    # Luhn's one known blind spot is swapping 0 and 9 (doubling maps 0 -> 0 and 9 -> 9).
    payload = "3091234567890"
    with_09 = payload + (compute_check_digit(payload, LUHN) or "")
    for barcode in (LUHN_ITEM, LUHN_PATRON, with_09):
        for pair, swapped in _adjacent_transpositions(barcode):
            detected = not is_valid(swapped, LUHN)
            assert detected == (set(pair) != {"0", "9"}), (pair, swapped)


def test_weighted_3_1_misses_only_transpositions_of_digits_five_apart() -> None:
    # 3a + b and a + 3b differ by 2(a - b), a multiple of 10 exactly when |a - b| = 5.
    payload = "3162738495001"
    barcode = payload + (compute_check_digit(payload, W31) or "")
    for pair, swapped in _adjacent_transpositions(barcode):
        detected = not is_valid(swapped, W31)
        assert detected == (abs(int(pair[0]) - int(pair[1])) != 5), (pair, swapped)


def test_scheme_none_accepts_any_digits_but_not_letters() -> None:
    assert compute_check_digit("3123400001234", NONE) is None
    assert is_valid("31234000012340", NONE)
    assert is_valid("31234000012349", NONE)
    assert not is_valid("3123400001234X", NONE)


def test_failed_check_explains_and_gives_expected_digit() -> None:
    result = validate("31234000012345", LUHN)
    assert not result.valid
    assert result.expected == "2"
    assert "check digit" in result.message
    assert validate(LUHN_ITEM, LUHN).message == ""


@pytest.mark.parametrize("bad", ["", "1", "12a4", "３１２", "¹²³"])
def test_non_digit_input_is_refused_without_crashing(bad: str) -> None:
    assert not validate(bad, LUHN).valid
    assert not validate(bad, NONE).valid


@pytest.mark.parametrize("bad", ["", "12a4", "３１２", "¹²³", "-1"])
def test_compute_refuses_anything_but_ascii_digits(bad: str) -> None:
    with pytest.raises(ValueError, match="digits"):
        compute_check_digit(bad, LUHN)


def test_describe_scheme_names_each_scheme_differently() -> None:
    texts = {describe_scheme(s) for s in CheckDigitScheme}
    assert len(texts) == len(CheckDigitScheme)
    assert "Luhn" in describe_scheme(LUHN)
    assert "3, 1" in describe_scheme(W31)


def test_parse_library_barcode_fields() -> None:
    parts = parse_library_barcode(LUHN_PATRON)
    assert parts is not None
    assert (parts.role, parts.institution, parts.serial, parts.check_digit) == (
        BarcodeRole.PATRON,
        "9876",
        "00005678",
        "8",
    )
    item = parse_library_barcode(LUHN_ITEM)
    assert item is not None and item.role is BarcodeRole.ITEM
    other = parse_library_barcode("41234000012342")
    assert other is not None and other.role is BarcodeRole.UNKNOWN
    assert parse_library_barcode("3123400001234") is None
    assert parse_library_barcode("3123400001234A") is None


def test_issuer_schemes_choose_scheme_by_institution() -> None:
    schemes = IssuerSchemes(default=LUHN, by_institution={"1234": W31, "5555": NONE})
    assert schemes.scheme_for(W31_ITEM) is W31
    assert schemes.validate(W31_ITEM).valid
    assert not schemes.validate(LUHN_ITEM).valid  # institution 1234 uses 3-1 weights
    assert schemes.validate(LUHN_PATRON).valid  # institution 9876 falls back to Luhn
    assert schemes.validate("35555000000001").valid  # no check digit for 5555
    short = schemes.validate("3123")
    assert not short.valid and "14 digits" in short.message
