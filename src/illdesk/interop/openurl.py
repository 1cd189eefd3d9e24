"""Citations from OpenURLs: what discovery systems and databases send to "request this item".

Accepts OpenURL 1.0 KEV (`rft.atitle`, `rft_id=info:doi/...`) and the older 0.1 keys without the
`rft.` prefix (`atitle`, `id=doi:...`), as a whole link or just its query string. Values are
taken as they come (ISBN and ISSN are checked later by `core.citation.clean`, where the staff
member can correct them) except for catalogue punctuation: discovery systems copy MARC fields
with their ISBD marks, so a title arrives as "Salmon runs /", a place as "New York :" and an
author as ",". Only what is plainly punctuation goes (see `strip_catalogue_punctuation`); an
abbreviation's period, "C++" and a title's "?" are data and stay. When a key is repeated, the
first non-empty value wins, because link resolvers put the main value first and append
alternatives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Format

_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")

# ISBD marks that close a MARC subfield: " /" before the statement of responsibility, " :"
# before a subtitle or publisher, " ;" before a series number, " =" before a parallel title,
# " ." at the end of an area, and the "," that ends a name heading. They are punctuation only
# at the very end of a value, and (except the comma) only with a space before them, so
# "and/or", "Vol. 2:1" and "C++" are left alone.
_TRAILING_ISBD = re.compile(r"(?:\s+[/:;=.,]|,)+$")
# Identifier values keep every character: a DOI may legitimately end in "." or ",".
_VERBATIM_KEYS = frozenset({"doi", "isbn", "issn", "eissn"})

# rft.genre (1.0) and genre (0.1) values, by the request format they mean at the desk.
_GENRES: dict[str, Format] = {
    "article": Format.ARTICLE,
    "journal": Format.ARTICLE,
    "issue": Format.ARTICLE,
    "preprint": Format.ARTICLE,
    "proceeding": Format.ARTICLE,
    "conference": Format.ARTICLE,
    "bookitem": Format.CHAPTER,
    "book": Format.BOOK,
    "report": Format.BOOK,
    "document": Format.BOOK,
    "dissertation": Format.THESIS,
    "thesis": Format.THESIS,
}

# Prefixes of identifier values (rft_id in 1.0, id in 0.1) and the citation field they fill.
_ID_PREFIXES: tuple[tuple[str, str], ...] = (
    ("info:doi/", "doi"),
    ("doi:", "doi"),
    ("https://doi.org/", "doi"),
    ("http://dx.doi.org/", "doi"),
    ("info:oclcnum/", "oclc_number"),
    ("oclcnum:", "oclc_number"),
    ("info:isbn/", "isbn"),
    ("urn:isbn:", "isbn"),
    ("isbn:", "isbn"),
    ("info:issn/", "issn"),
    ("urn:issn:", "issn"),
    ("issn:", "issn"),
)


@dataclass(frozen=True, slots=True)
class ParsedOpenUrl:
    """The citation an OpenURL carries, and the format it suggests (None when it says nothing)."""

    citation: Citation
    format: Format | None


class OpenUrlError(ValueError):
    """The text is not an OpenURL with a citation in it."""


def _pairs(text: str) -> list[tuple[str, str]]:
    text = text.strip().replace("&amp;", "&")
    if "://" in text:
        text = urlsplit(text).query
    elif "?" in text and text.index("?") < text.find("="):
        text = text.split("?", 1)[1]  # a link without its scheme, e.g. "resolver.edu/ill?..."
    return parse_qsl(text, keep_blank_values=True)


def strip_catalogue_punctuation(value: str) -> str:
    """`value` without trailing ISBD punctuation; "" when nothing but punctuation is left.

    Keeps a final period after an abbreviation ("2nd ed.", "Smith, J."), a "?" or "!" that
    ends a title, and symbols inside a value ("C++", "and/or").
    """
    cleaned = _TRAILING_ISBD.sub("", value.strip()).strip()
    if not any(ch.isalnum() for ch in cleaned):
        return ""  # "," or " / " alone: a heading whose text the record did not carry
    return cleaned


def _first_values(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Key -> first non-empty value, with the 1.0 `rft.` prefix removed."""
    values: dict[str, str] = {}
    ids: list[str] = []
    for raw_key, raw_value in pairs:
        key = raw_key.strip().lower()
        value = " ".join(raw_value.split())
        if not value:
            continue
        if key in ("rft_id", "id", "rft.id"):
            ids.append(value)
            continue
        if key.startswith("rft."):
            key = key[4:]
        if key not in _VERBATIM_KEYS:
            value = strip_catalogue_punctuation(value)
            if not value:
                continue  # a later, real value of the same key may still fill it
        values.setdefault(key, value)
    for value in ids:
        lowered = value.lower()
        for prefix, field in _ID_PREFIXES:
            if lowered.startswith(prefix):
                values.setdefault(f"id:{field}", value[len(prefix) :].strip())
                break
    return values


def _format(values: dict[str, str], pairs: list[tuple[str, str]]) -> Format | None:
    genre = values.get("genre", "").lower()
    if genre in _GENRES:
        found = _GENRES[genre]
        if found is Format.BOOK and values.get("atitle"):
            return Format.CHAPTER  # a "book" link naming a part of it is a chapter request
        return found
    kinds = [v.lower() for k, v in pairs if k.lower() == "rft_val_fmt"]
    if any(k.endswith(":journal") for k in kinds) or values.get("jtitle"):
        return Format.ARTICLE if values.get("atitle") else None
    if any(k.endswith(":book") for k in kinds) or values.get("btitle"):
        return Format.CHAPTER if values.get("atitle") else Format.BOOK
    if any(k.endswith(":dissertation") for k in kinds):
        return Format.THESIS
    return None


def _author(values: dict[str, str]) -> str:
    if values.get("au"):
        return values["au"]
    last = values.get("aulast", "")
    first = values.get("aufirst") or values.get("auinit", "")
    if last and first:
        return f"{last}, {first}"
    return last or values.get("aucorp", "")


def _pages(values: dict[str, str]) -> str:
    if values.get("pages"):
        return values["pages"]
    start, end = values.get("spage", ""), values.get("epage", "")
    if start and end:
        return f"{start}-{end}"
    return start


def parse_openurl(text: str) -> ParsedOpenUrl:
    """The citation in an OpenURL (1.0 KEV or 0.1), or OpenUrlError if it holds none."""
    pairs = _pairs(text)
    values = _first_values(pairs)
    fmt = _format(values, pairs)
    journal_like = fmt is Format.ARTICLE or bool(values.get("jtitle"))
    # `title` is the journal in journal links (deprecated 1.0 key, and 0.1's only title key)
    # and the book in the others.
    plain_title = values.get("title", "")
    journal_title = values.get("jtitle") or (plain_title if journal_like else "")
    journal_title = journal_title or (values.get("stitle", "") if journal_like else "")
    title = values.get("btitle") or ("" if journal_like else plain_title)
    year_match = _YEAR.search(values.get("date", ""))
    citation = Citation(
        title=title,
        author=_author(values),
        journal_title=journal_title,
        article_title=values.get("atitle", ""),
        volume=values.get("volume", ""),
        issue=values.get("issue", ""),
        pages=_pages(values),
        year=year_match.group(1) if year_match else "",
        edition=values.get("edition", ""),
        publisher=values.get("pub", "") or values.get("publisher", ""),
        place=values.get("place", ""),
        isbn=values.get("isbn") or values.get("id:isbn", ""),
        issn=values.get("issn") or values.get("eissn") or values.get("id:issn", ""),
        oclc_number=values.get("id:oclc_number", ""),
        doi=values.get("doi") or values.get("id:doi", ""),
    )
    if not any(citation.as_dict().values()):
        raise OpenUrlError(
            "This text holds no citation. Paste the whole OpenURL link (it contains "
            "“rft.” or “atitle=”, “title=”, “issn=” …)."
        )
    return ParsedOpenUrl(citation, fmt)
