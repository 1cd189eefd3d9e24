"""Stored reasons are shown in words, wherever they are shown."""

from __future__ import annotations

from illdesk.core.vocabulary import reason_text


def test_cancel_and_unfilled_reasons_read_as_words_and_free_text_stays() -> None:
    assert reason_text("not_needed_after") == "Need-before date passed"
    assert reason_text("NotOnShelf") == "Not on shelf"
    assert reason_text("Damaged in the flood") == "Damaged in the flood"
    assert reason_text("") == ""
