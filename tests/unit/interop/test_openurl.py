"""OpenURL links as discovery systems send them, 1.0 KEV and 0.1."""

from __future__ import annotations

import pytest

from illdesk.core.citation import clean
from illdesk.core.vocabulary import Format
from illdesk.interop.openurl import OpenUrlError, parse_openurl

ARTICLE_10 = (
    "https://ill.riverbend.example.edu/openurl?url_ver=Z39.88-2004"
    "&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Ajournal&rft.genre=article"
    "&rft.atitle=Salmon+runs+of+the+lower+Columbia&rft.jtitle=Oregon+Historical+Quarterly"
    "&rft.issn=0030-4727&rft.volume=112&rft.issue=3&rft.spage=210&rft.epage=231"
    "&rft.date=2011-09&rft.aulast=Hughes&rft.aufirst=Ana"
    "&rft_id=info%3Adoi%2F10.5403%2Foregonhistq.112.3.0210&rft_id=info%3Apmid%2F123"
)


def test_journal_article_in_openurl_1_0() -> None:
    parsed = parse_openurl(ARTICLE_10)
    c = parsed.citation
    assert parsed.format is Format.ARTICLE
    assert c.article_title == "Salmon runs of the lower Columbia"
    assert c.journal_title == "Oregon Historical Quarterly"
    assert (c.issn, c.volume, c.issue, c.pages, c.year) == (
        "0030-4727",
        "112",
        "3",
        "210-231",
        "2011",
    )
    assert c.author == "Hughes, Ana"
    assert c.doi == "10.5403/oregonhistq.112.3.0210"
    assert c.title == ""
    assert clean(c).doi == c.doi  # what the form receives passes the citation checks


def test_book_in_openurl_1_0_with_a_single_author_key() -> None:
    parsed = parse_openurl(
        "url_ver=Z39.88-2004&rft_val_fmt=info:ofi/fmt:kev:mtx:book&rft.genre=book"
        "&rft.btitle=Quilts%20of%20the%20Oregon%20Trail&rft.au=Bresenhan%2C+Karoline"
        "&rft.isbn=0-7643-1418-1&rft.pub=Schiffer&rft.place=Atglen&rft.date=2001"
        "&rft.edition=2nd+ed."
    )
    c = parsed.citation
    assert parsed.format is Format.BOOK
    assert c.title == "Quilts of the Oregon Trail"
    assert c.author == "Bresenhan, Karoline"
    assert (c.isbn, c.publisher, c.place, c.year, c.edition) == (
        "0-7643-1418-1",
        "Schiffer",
        "Atglen",
        "2001",
        "2nd ed.",
    )
    assert clean(c).isbn == "9780764314186"


def test_chapter_is_a_book_item_with_its_own_title() -> None:
    parsed = parse_openurl(
        "rft.genre=bookitem&rft.btitle=Rivers+of+the+West&rft.atitle=The+Willamette"
        "&rft.pages=45-67&rft.isbn=9780295990019"
    )
    assert parsed.format is Format.CHAPTER
    assert parsed.citation.title == "Rivers of the West"
    assert parsed.citation.article_title == "The Willamette"
    assert parsed.citation.pages == "45-67"


def test_plain_title_key_is_the_journal_in_article_links_and_the_book_otherwise() -> None:
    article = parse_openurl("rft.genre=article&rft.title=Nature&rft.atitle=Ice+cores")
    assert (article.citation.journal_title, article.citation.title) == ("Nature", "")
    book = parse_openurl("rft.genre=book&rft.title=Moby+Dick")
    assert (book.citation.title, book.citation.journal_title) == ("Moby Dick", "")


def test_openurl_0_1_keys_without_prefix() -> None:
    parsed = parse_openurl(
        "http://resolver.example.org/?sid=EBSCO:aph&genre=article&atitle=Ice%20cores"
        "&title=Nature&issn=0028-0836&volume=455&issue=7213&spage=12&date=2008"
        "&aulast=Lopez&aufirst=Maria&id=doi:10.1038/455012a"
    )
    c = parsed.citation
    assert parsed.format is Format.ARTICLE
    assert (c.article_title, c.journal_title, c.issn) == ("Ice cores", "Nature", "0028-0836")
    assert (c.volume, c.issue, c.pages, c.year) == ("455", "7213", "12", "2008")
    assert c.author == "Lopez, Maria"
    assert c.doi == "10.1038/455012a"


def test_repeated_keys_keep_the_first_non_empty_value() -> None:
    parsed = parse_openurl(
        "rft.genre=article&rft.issn=&rft.issn=0030-4727&rft.issn=1234-5679"
        "&rft.au=&rft.au=Chen%2C+Wen&rft.au=Patel%2C+Priya&rft.jtitle=OHQ&rft.atitle=A"
    )
    assert parsed.citation.issn == "0030-4727"
    assert parsed.citation.author == "Chen, Wen"


def test_the_prefixed_and_unprefixed_forms_of_a_key_count_as_repeats() -> None:
    parsed = parse_openurl("rft.atitle=First&atitle=Second&rft.jtitle=J")
    assert parsed.citation.article_title == "First"


def test_pasted_html_ampersands_and_spaces_are_tolerated() -> None:
    parsed = parse_openurl(
        "  https://x.example/ill?rft.genre=book&amp;rft.btitle=Salmon&amp;rft.date=c1999 \n"
    )
    assert parsed.citation.title == "Salmon"
    assert parsed.citation.year == "1999"


def test_identifiers_in_rft_id_fill_oclc_and_isbn_but_keys_win() -> None:
    parsed = parse_openurl(
        "rft.btitle=X&rft_id=info:oclcnum/12345&rft_id=urn:ISBN:0764314184&rft.isbn=9780295990019"
    )
    assert parsed.citation.oclc_number == "12345"
    assert parsed.citation.isbn == "9780295990019"


def test_a_question_mark_in_a_value_does_not_cut_the_link() -> None:
    parsed = parse_openurl("rft.atitle=Why salmon?&rft.jtitle=OHQ&rft.genre=article")
    assert parsed.citation.article_title == "Why salmon?"


def test_dissertations_and_unknown_genres() -> None:
    assert parse_openurl("genre=dissertation&title=On+rivers").format is Format.THESIS
    assert parse_openurl("rft.title=Anything").format is None


@pytest.mark.parametrize("text", ["", "https://example.org/", "sid=google&url_ver=Z39.88-2004"])
def test_text_without_a_citation_is_refused_with_a_hint(text: str) -> None:
    with pytest.raises(OpenUrlError, match="Paste the whole OpenURL"):
        parse_openurl(text)


# Shaped as discovery layers send them: the MARC 245/264 fields copied with their ISBD marks,
# then url-encoded (%20 for spaces, %2F for "/", %3A for ":", %2C for ",").
CATALOGUE_BOOK_10 = (
    "https://resolver.example.edu/openurl?url_ver=Z39.88-2004&url_ctx_fmt=info%3Aofi%2Ffmt%3Akev"
    "%3Amtx%3Actx&rft_val_fmt=info%3Aofi%2Ffmt%3Akev%3Amtx%3Abook&rft.genre=book"
    "&rft.btitle=The%20Columbia%20River%20%3A%20a%20history%20%2F&rft.au=%2C"
    "&rft.au=Lang%2C%20William%20L.%2C&rft.place=New%20York%20%3A&rft.pub=Norton%2C"
    "&rft.date=2000.&rft.edition=2nd%20ed.&rft.series=Western%20lands%20%3B"
    "&rft.isbn=0-7643-1418-1&sid=primo.exlibrisgroup.com"
)
CATALOGUE_BOOK_01 = (
    "http://resolver.example.org/?sid=OCLC:WorldCat&genre=book"
    "&title=Programming%20in%20C%2B%2B%20%3D%20Programmieren%20in%20C%2B%2B%20%2F"
    "&aulast=%2C&aufirst=&date=c1998.&pub=Addison-Wesley%20Pub.%20Co.%2C"
    "&place=Reading%2C%20Mass.%20%3A"
)


def test_catalogue_punctuation_from_a_1_0_link_is_removed_and_data_kept() -> None:
    c = parse_openurl(CATALOGUE_BOOK_10).citation
    assert c.title == "The Columbia River : a history"  # the inner " : " is the subtitle
    assert c.author == "Lang, William L."  # "," alone is skipped, the next value wins
    assert (c.place, c.publisher, c.year) == ("New York", "Norton", "2000")
    assert c.edition == "2nd ed."  # an abbreviation's period is data


def test_catalogue_punctuation_from_a_0_1_link_is_removed_and_data_kept() -> None:
    c = parse_openurl(CATALOGUE_BOOK_01).citation
    assert c.title == "Programming in C++ = Programmieren in C++"
    assert c.author == ""  # the record carried a lone comma, not a name
    assert (c.year, c.publisher, c.place) == ("1998", "Addison-Wesley Pub. Co.", "Reading, Mass.")


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Why salmon?", "Why salmon?"),
        ("Why salmon? /", "Why salmon?"),
        ("C++", "C++"),
        ("and/or", "and/or"),
        ("Smith, J.", "Smith, J."),
        ("Vol. 2:1", "Vol. 2:1"),
        ("Title ;", "Title"),
        ("Title = ", "Title"),
        ("Title . /", "Title"),
        (" , ", ""),
        ("/", ""),
    ],
)
def test_only_plain_punctuation_is_stripped(raw: str, kept: str) -> None:
    from illdesk.interop.openurl import strip_catalogue_punctuation

    assert strip_catalogue_punctuation(raw) == kept


def test_identifiers_are_taken_verbatim() -> None:
    parsed = parse_openurl("rft.genre=article&rft.jtitle=J&rft.atitle=A&rft.doi=10.1000/x.")
    assert parsed.citation.doi == "10.1000/x."
