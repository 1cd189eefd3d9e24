"""Citations: what the patron or the borrowing library asked for.

The fields are those of a real ILL form (the ALA interlibrary loan request form and the
OpenURL 1.0 book and journal formats). Identifiers are validated and normalised with
python-stdnum so that duplicate detection and search compare like with like.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from stdnum import isbn as stdnum_isbn
from stdnum import issn as stdnum_issn
from stdnum.exceptions import ValidationError

from illdesk.core.vocabulary import Format

_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_OCLC = re.compile(r"^(?:\(OCoLC\)|ocm|ocn|on)?\s*0*(\d{1,12})$", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)


class CitationError(ValueError):
    """A citation field holds a value that cannot be right; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Citation:
    """The bibliographic description of a requested item (all fields optional but title)."""

    title: str = ""
    author: str = ""
    journal_title: str = ""
    article_title: str = ""
    volume: str = ""
    issue: str = ""
    pages: str = ""
    year: str = ""
    edition: str = ""
    publisher: str = ""
    place: str = ""
    isbn: str = ""
    issn: str = ""
    oclc_number: str = ""
    doi: str = ""

    @property
    def display_title(self) -> str:
        """The title staff recognise first: the article or chapter title, else the work's."""
        return self.article_title or self.title or self.journal_title

    def as_dict(self) -> dict[str, str]:
        """All fields as a plain dict, in form order."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


CITATION_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Citation))

# What a format needs before it can be sent to a lender.
REQUIRED_FIELDS: dict[Format, tuple[str, ...]] = {
    Format.BOOK: ("title",),
    Format.ARTICLE: ("journal_title", "article_title"),
    Format.CHAPTER: ("title", "article_title"),
    Format.THESIS: ("title", "author"),
    Format.AUDIOVISUAL: ("title",),
    Format.OTHER: ("title",),
}

FIELD_LABELS: dict[str, str] = {
    "title": "Title",
    "author": "Author",
    "journal_title": "Journal title",
    "article_title": "Article / chapter title",
    "volume": "Volume",
    "issue": "Issue",
    "pages": "Pages",
    "year": "Year",
    "edition": "Edition",
    "publisher": "Publisher",
    "place": "Place of publication",
    "isbn": "ISBN",
    "issn": "ISSN",
    "oclc_number": "OCLC number",
    "doi": "DOI",
}


def normalize_isbn(value: str) -> str:
    """Return the ISBN-13 form of an ISBN-10 or ISBN-13, or raise CitationError."""
    if not value.strip():
        return ""
    try:
        return str(stdnum_isbn.to_isbn13(stdnum_isbn.validate(value)))
    except ValidationError as exc:
        raise CitationError("isbn", f"“{value}” is not a valid ISBN ({exc}).") from exc


def normalize_issn(value: str) -> str:
    """Return an ISSN as NNNN-NNNC, or raise CitationError."""
    if not value.strip():
        return ""
    try:
        return str(stdnum_issn.format(stdnum_issn.validate(value)))
    except ValidationError as exc:
        raise CitationError("issn", f"“{value}” is not a valid ISSN ({exc}).") from exc


def normalize_oclc(value: str) -> str:
    """Return the bare OCLC number (digits, no prefix, no leading zeros), or raise."""
    if not value.strip():
        return ""
    match = _OCLC.match(value.strip())
    if not match:
        raise CitationError("oclc_number", f"“{value}” is not an OCLC number (digits only).")
    return match.group(1)


def normalize_doi(value: str) -> str:
    """Return a DOI without resolver prefix (10.xxxx/...), or raise CitationError."""
    text = value.strip()
    if not text:
        return ""
    for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
        if text.lower().startswith(prefix):
            text = text[len(prefix) :]
    if not _DOI.match(text):
        raise CitationError("doi", f"“{value}” is not a DOI (it should look like 10.1234/abc).")
    return text


def clean(citation: Citation) -> Citation:
    """Trim every field and normalise ISBN, ISSN, OCLC number and DOI (raises CitationError)."""
    trimmed = {name: " ".join(value.split()) for name, value in citation.as_dict().items()}
    return replace(
        citation,
        **{
            **trimmed,
            "isbn": normalize_isbn(trimmed["isbn"]),
            "issn": normalize_issn(trimmed["issn"]),
            "oclc_number": normalize_oclc(trimmed["oclc_number"]),
            "doi": normalize_doi(trimmed["doi"]),
        },
    )


def missing_fields(citation: Citation, fmt: Format) -> list[str]:
    """Labels of the fields this format needs that are still empty."""
    return [FIELD_LABELS[name] for name in REQUIRED_FIELDS[fmt] if not getattr(citation, name)]


def match_key(citation: Citation) -> str:
    """A key that is equal for two citations of the same item (used for duplicate checks).

    Identifiers win over words: the same ISBN, OCLC number or DOI is the same item; for articles
    the journal (ISSN or title) plus the article title; otherwise title and author words.
    """
    if citation.doi:
        return "doi:" + citation.doi.lower()
    if citation.article_title:
        journal = citation.issn or words_key(citation.journal_title or citation.title)
        return f"art:{journal}:{words_key(citation.article_title)}"
    if citation.isbn:
        return "isbn:" + citation.isbn
    if citation.oclc_number:
        return "oclc:" + citation.oclc_number
    return f"ti:{words_key(citation.title)}:{words_key(citation.author)}"


def words_key(text: str) -> str:
    """Lower-case words joined by a space: punctuation and spacing do not matter."""
    return " ".join(_WORD.findall(text.casefold()))
