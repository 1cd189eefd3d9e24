"""Citations: identifier validation, normalising, duplicate keys, required fields."""

from __future__ import annotations

import pytest

from illdesk.core.citation import (
    Citation,
    CitationError,
    clean,
    match_key,
    missing_fields,
    normalize_doi,
    normalize_isbn,
    normalize_issn,
    normalize_oclc,
)
from illdesk.core.vocabulary import Format


def test_isbn10_and_isbn13_become_the_same_isbn13() -> None:
    assert normalize_isbn("0-306-40615-2") == "9780306406157"
    assert normalize_isbn("978 0 306 40615 7") == "9780306406157"


@pytest.mark.parametrize("bad", ["0-306-40615-3", "12345", "978030640615X"])
def test_invalid_isbn_is_refused_with_the_field_named(bad: str) -> None:
    with pytest.raises(CitationError) as info:
        normalize_isbn(bad)
    assert info.value.field == "isbn" and bad in str(info.value)


def test_issn_is_checked_and_hyphenated() -> None:
    assert normalize_issn("03178471") == "0317-8471"
    with pytest.raises(CitationError, match="not a valid ISSN"):
        normalize_issn("0317-8472")


def test_oclc_and_doi_forms() -> None:
    assert normalize_oclc("(OCoLC)000123") == "123"
    assert normalize_oclc("ocm45678") == "45678"
    with pytest.raises(CitationError):
        normalize_oclc("12a")
    assert normalize_doi("https://doi.org/10.1000/XYZ.1") == "10.1000/XYZ.1"
    with pytest.raises(CitationError, match="not a DOI"):
        normalize_doi("doi.org/nothing")


def test_clean_trims_and_normalises_everything() -> None:
    c = clean(Citation(title="  Moby   Dick ", isbn="0306406152", issn=""))
    assert c.title == "Moby Dick" and c.isbn == "9780306406157"


def test_match_key_sees_through_forms_and_punctuation() -> None:
    a = clean(Citation(title="Moby-Dick", isbn="0-306-40615-2"))
    b = clean(Citation(title="Moby Dick; or, The Whale", isbn="9780306406157"))
    assert match_key(a) == match_key(b)
    art1 = Citation(journal_title="Nature", article_title="On Whales!", issn="0028-0836")
    art2 = Citation(journal_title="NATURE", article_title="on whales", issn="0028-0836")
    assert match_key(art1) == match_key(art2)
    assert match_key(art1) != match_key(Citation(journal_title="Nature", article_title="Seals"))


def test_required_fields_per_format() -> None:
    assert missing_fields(Citation(title="X"), Format.BOOK) == []
    assert missing_fields(Citation(journal_title="J"), Format.ARTICLE) == [
        "Article / chapter title"
    ]
    assert missing_fields(Citation(title="Thesis"), Format.THESIS) == ["Author"]
