"""The forms a stored barcode can take once printed and read back."""

from __future__ import annotations

from illdesk.core.barcode_forms import library_id_from_label, library_label_value, lookup_keys


def test_a_code39_read_back_in_upper_case_matches_a_lower_case_barcode() -> None:
    assert lookup_keys("AB-4471X")[0] == "AB-4471X"
    assert lookup_keys("ab-4471x") == ("AB-4471X",)


def test_codabar_without_start_stop_matches_every_stored_pair() -> None:
    keys = lookup_keys("31234000056786")
    assert keys[0] == "31234000056786"
    assert "A31234000056786B" in keys and "D31234000056786D" in keys
    assert len(keys) == 17


def test_codabar_with_start_stop_and_aim_prefix_are_taken_off() -> None:
    keys = lookup_keys("]F0a31234000056786b")
    assert "31234000056786" in keys and "A31234000056786B" in keys


def test_plain_words_get_no_codabar_forms() -> None:
    assert lookup_keys("ILL26000325") == ("ILL26000325",)


def test_library_labels_carry_the_symbol_or_an_ascii_form() -> None:
    assert library_label_value("US-OrPCC", 7) == "US-OrPCC"
    assert library_label_value("国NDL", 12) == "LIBRARY-12"
    assert library_id_from_label("library-12") == 12
    assert library_id_from_label("LIBRARY-") is None
    assert library_id_from_label("ORE") is None
