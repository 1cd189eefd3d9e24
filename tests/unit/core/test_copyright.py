"""The rule of five, at its edges, without a database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from illdesk.core import copyright as rules
from illdesk.core.copyright import Advice, CopyrightSettings

KEY = rules.journal_key("0030-4727", "Oregon Historical Quarterly")
TODAY = date(2026, 6, 1)


def test_fifth_article_is_within_and_sixth_needs_a_decision() -> None:
    fifth = rules.suggest(KEY, 2024, TODAY, counted_before=4)
    sixth = rules.suggest(KEY, 2024, TODAY, counted_before=5)
    assert (fifth.advice, fifth.ordinal, fifth.code) == (Advice.WITHIN, 5, "ccg")
    assert "5th article" in fifth.text
    assert (sixth.advice, sixth.ordinal, sixth.code) == (Advice.DECISION, 6, "")
    assert sixth.needs_decision and "royalties" in sixth.text


def test_article_exactly_five_years_old_counts_one_older_does_not() -> None:
    assert rules.is_recent(2021, TODAY)
    assert rules.suggest(KEY, 2021, TODAY, 5).advice is Advice.DECISION
    older = rules.suggest(KEY, 2020, TODAY, 5)
    assert (older.advice, older.code, older.ordinal) == (Advice.OLDER, "ccl", 0)


def test_the_five_years_follow_the_request_date_across_new_year() -> None:
    # published 2021: recent for a request of 31 December 2026, not of 1 January 2027
    assert rules.is_recent(2021, date(2026, 12, 31))
    assert not rules.is_recent(2021, date(2027, 1, 1))


def test_unknown_year_counts_and_no_journal_cannot_be_counted() -> None:
    assert rules.suggest(KEY, None, TODAY, 0).advice is Advice.WITHIN
    assert rules.suggest("", 2024, TODAY, 0).advice is Advice.UNKNOWN


def test_exempt_journal_is_not_counted() -> None:
    settings = CopyrightSettings(exempt_journals=("0030-4727", "The Nation"))
    exempt = settings.exempt_keys()
    got = rules.suggest(KEY, 2025, TODAY, 9, exempt)
    assert (got.advice, got.code) == (Advice.EXEMPT, "ccg")
    assert rules.journal_key("", "Nation") in exempt


def test_issn_wins_over_title_and_titles_are_normalised() -> None:
    assert rules.journal_key("00304727", "Anything") == "issn:0030-4727"
    assert rules.journal_key("0030-472x", "") == "issn:0030-472X"
    assert rules.journal_key("", "The Journal of Forest & Fire") == rules.journal_key(
        "", "journal of forest and fire."
    )
    assert rules.journal_key("", "Revue d'Études") == rules.journal_key("", "REVUE D ETUDES")
    assert rules.journal_key("", "") == ""


def test_pages_year_and_royalty() -> None:
    assert rules.page_count("12-25", 10) == 14
    assert rules.page_count("123-9", 10) == 7
    assert rules.page_count("e101", 10) == 1
    assert rules.page_count("", 10) == 10
    assert rules.publication_year("Spring 2019") == 2019
    assert rules.publication_year("n.d.") is None
    assert rules.royalty(Decimal("2.50"), Decimal("0.35"), 14) == Decimal("7.40")


def test_records_are_kept_three_full_calendar_years() -> None:
    # a request of 2022 is kept to the end of 2025, so on 1 January 2026 it may go
    assert rules.first_year_kept(date(2025, 12, 31)) == 2022
    assert rules.first_year_kept(date(2026, 1, 1)) == 2023


def test_settings_validation() -> None:
    with pytest.raises(ValueError, match="negative"):
        CopyrightSettings(royalty_base=Decimal("-1")).validate()
    with pytest.raises(ValueError, match="neither"):
        CopyrightSettings(exempt_journals=("!!",)).validate()
    CopyrightSettings(exempt_journals=("1234-5679", "Nature")).validate()


def test_ordinals() -> None:
    words = [rules.ordinal_words(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)]
    assert words == ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
