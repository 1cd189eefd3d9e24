"""Control characters are shown by name, never passed raw to a terminal."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from illdesk.core.control_chars import make_visible


def test_controls_get_their_names() -> None:
    assert make_visible("]C1B-25-000016\x1d10LOT7") == "]C1B-25-000016<GS>10LOT7"
    assert make_visible("\x1b[2J\x00\x7f\x9b\t") == "<ESC>[2J<NUL><DEL><U+009B><TAB>"
    assert make_visible("abc\u202edcba") == "abc<U+202E>dcba"


def test_ordinary_text_is_unchanged() -> None:
    for text in ("B-26-000001", "国立国会図書館", "Bibliothèque", "שלום", "a b"):
        assert make_visible(text) == text


@given(st.text())
def test_nothing_that_acts_on_a_terminal_survives(text: str) -> None:
    shown = make_visible(text)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in shown)
