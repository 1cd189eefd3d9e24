"""The words a keyword search looks at: case-folded, without accents, one space apart.

The same function prepares the stored text and the words typed into the search box, so
"Müller" finds "MULLER" and "muller" on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without diacritics (é -> e, ß -> ss); other scripts are kept as they are."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of a text, in order."""
    return _WORD.findall(fold(text))


def search_words(*parts: str) -> str:
    """The text stored for keyword search: every word of every part, once, in order."""
    seen: dict[str, None] = {}
    for part in parts:
        for word in words(part):
            seen.setdefault(word, None)
    return " ".join(seen)
