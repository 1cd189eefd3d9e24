"""Copyright compliance of borrowed copies: the CONTU rule of five, pure.

For one periodical (by ISSN, else by its normalised title) a library may receive, in one
calendar year, five copies of articles published within the five years before the request;
the sixth and later need permission, a royalty, or a document supplier. Older articles are
outside the guidelines (CCL). A journal the library subscribes to but cannot supply from is
exempt: its articles do not count. Records are kept until the end of the third full calendar
year after the year of the request.

Nothing here reads a database: `services.rules.copyright` gathers the counts and applies this.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

# How many articles from one journal a calendar year allows under the guidelines.
ALLOWED_PER_YEAR = 5
# How many years back an article counts ("published within five years before the request").
RECENT_YEARS = 5
# The full calendar years after the year of a request its record must be kept.
KEEP_FULL_YEARS = 3

# The notice the copyright regulations (37 CFR 201.14) require on copy order forms and where
# copies are ordered; printed in its prescribed wording.
WARNING_TITLE = "NOTICE: WARNING CONCERNING COPYRIGHT RESTRICTIONS"
WARNING_TEXT = (
    "The copyright law of the United States (Title 17, United States Code) governs the making "
    "of photocopies or other reproductions of copyrighted material. Under certain conditions "
    "specified in the law, libraries and archives are authorized to furnish a photocopy or "
    "other reproduction. One of these specified conditions is that the photocopy or "
    'reproduction is not to be "used for any purpose other than private study, scholarship, '
    'or research." If a user makes a request for, or later uses, a photocopy or reproduction '
    'for purposes in excess of "fair use," that user may be liable for copyright infringement. '
    "This institution reserves the right to refuse to accept a copying order if, in its "
    "judgment, fulfillment of the order would involve violation of copyright law."
)


class Advice(StrEnum):
    """What the rules say about one copy request."""

    OLDER = "older"  # published more than five years before: outside the guidelines, CCL
    WITHIN = "within"  # within the five this year: CCG
    EXEMPT = "exempt"  # a journal we subscribe to: CCG, not counted
    DECISION = "decision"  # the sixth or later: royalties, a document supplier, or cancel
    UNKNOWN = "unknown"  # no journal to count against (no ISSN nor title)


@dataclass(frozen=True, slots=True)
class CopyrightSettings:
    """The library's copyright settings (section `copyright` of the library settings)."""

    # Journals the library subscribes to but cannot supply from: ISSNs or titles.
    exempt_journals: tuple[str, ...] = ()
    # The royalty asked for one article: base plus per page times pages.
    royalty_base: Decimal = Decimal("0.00")
    royalty_per_page: Decimal = Decimal("0.00")
    # Pages assumed when the citation gives none.
    default_pages: int = 10

    def validate(self) -> None:
        """Raise ValueError for a value that cannot work."""
        if self.royalty_base < 0 or self.royalty_per_page < 0:
            raise ValueError("A royalty amount cannot be negative.")
        if not 1 <= self.default_pages <= 2000:
            raise ValueError("The default number of pages is between 1 and 2000.")
        for entry in self.exempt_journals:
            if not journal_key(entry if is_issn(entry) else "", entry):
                raise ValueError(f"“{entry}” is neither an ISSN nor a journal title.")

    def exempt_keys(self) -> frozenset[str]:
        """The journal keys of the exempt list."""
        return frozenset(
            journal_key(e if is_issn(e) else "", "" if is_issn(e) else e)
            for e in self.exempt_journals
        )


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The rules' answer for one copy request: the advice, the article's place in the
    journal's count this year, the code to suggest, and the words staff read."""

    advice: Advice
    ordinal: int  # this request's place among the journal's counted articles this year (0: none)
    code: str  # "ccg", "ccl", or "" when staff must decide
    text: str

    @property
    def needs_decision(self) -> bool:
        return self.advice is Advice.DECISION


_ISSN = re.compile(r"^\s*(\d{4})-?(\d{3}[\dXx])\s*$")
_ARTICLES = {"the", "a", "an"}


def is_issn(text: str) -> bool:
    """Whether the text has the form of an ISSN (1234-567X, with or without the hyphen)."""
    return bool(_ISSN.match(text or ""))


def normal_issn(text: str) -> str:
    """An ISSN as 1234-567X, or "" when the text is not one."""
    found = _ISSN.match(text or "")
    return f"{found.group(1)}-{found.group(2).upper()}" if found else ""


def normal_title(title: str) -> str:
    """A journal title reduced to what identifies it: no accents, case, punctuation, leading
    article, or "&" against "and"."""
    text = unicodedata.normalize("NFKD", title or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    if words and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def journal_key(issn: str, title: str) -> str:
    """What articles are counted by: the ISSN when there is one, else the normalised title
    ("" when there is neither)."""
    number = normal_issn(issn)
    if number:
        return f"issn:{number}"
    name = normal_title(title)
    return f"title:{name}" if name else ""


def publication_year(text: str) -> int | None:
    """The year an article was published, from a citation's date ("2024", "Spring 2019",
    "2021-03"); None when it gives none."""
    found = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text or "")
    return int(found.group(1)) if found else None


def is_recent(published: int | None, requested: date) -> bool:
    """Whether an article counts: published within five years before the request. An article
    of unknown year counts (the safe side); one published exactly five years before counts."""
    return published is None or published >= requested.year - RECENT_YEARS


def suggest(
    key: str,
    published: int | None,
    requested: date,
    counted_before: int,
    exempt: frozenset[str] = frozenset(),
) -> Suggestion:
    """What the rule of five says about a request for an article of journal `key`, published
    in `published`, requested on `requested`, when `counted_before` articles of that journal
    were counted earlier in the same calendar year."""
    if not key:
        return Suggestion(
            Advice.UNKNOWN, 0, "", "No journal title or ISSN: the count cannot be kept."
        )
    if key in exempt:
        return Suggestion(Advice.EXEMPT, 0, "ccg", "A journal we subscribe to: CCG, not counted.")
    if not is_recent(published, requested):
        return Suggestion(
            Advice.OLDER,
            0,
            "ccl",
            f"Published {published}, more than five years ago: CCL, not counted.",
        )
    ordinal = counted_before + 1
    place = f"the {ordinal_words(ordinal)} article from this journal in {requested.year}"
    if ordinal <= ALLOWED_PER_YEAR:
        return Suggestion(Advice.WITHIN, ordinal, "ccg", f"{place.capitalize()}: CCG.")
    return Suggestion(
        Advice.DECISION,
        ordinal,
        "",
        f"{place.capitalize()}, over the five the guidelines allow: pay royalties, order "
        "from a document supplier, or cancel.",
    )


def ordinal_words(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st ..."""
    teen = 10 <= n % 100 <= 20
    suffix = "th" if teen else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def page_count(pages: str, default: int) -> int:
    """The number of pages of an article from a citation's pages ("12-25", "e101", "7"):
    the span of the first range, else one page for a single page, else `default`."""
    found = re.search(r"(\d+)\s*[-–]\s*(\d+)", pages or "")
    if found:
        first, last = int(found.group(1)), int(found.group(2))
        if last < first and len(found.group(2)) < len(found.group(1)):
            # "123-9" means 123 to 129
            last = int(found.group(1)[: -len(found.group(2))] + found.group(2))
        if last >= first:
            return last - first + 1
    if re.search(r"\d", pages or ""):
        return 1
    return default


def royalty(base: Decimal, per_page: Decimal, pages: int) -> Decimal:
    """The royalty for one article: base plus per page times pages, to the cent."""
    return (base + per_page * pages).quantize(Decimal("0.01"))


def first_year_kept(today: date) -> int:
    """The oldest request year whose records must still be kept on `today`: a request of year
    Y is kept until the end of Y + 3."""
    return today.year - KEEP_FULL_YEARS
