"""Finding the partner library staff mean when they type a symbol or a name.

The lender and requesting-library boxes say "Symbol or name": "ORE", "ore", "Oregon State",
"Eugene" (the city) and "ORE — Oregon State University" (the box's own line) must all find the
library, and text that matches several or none must say so rather than invent a symbol.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from illdesk.core.search_text import words
from illdesk.services.desk.views import LibraryView

# The separator between symbol and name in the boxes' own lines ("ORE — Oregon State ...").
_LINE_SEPARATOR = " — "


@dataclass(frozen=True, slots=True)
class LibraryMatch:
    """The libraries that `text` can mean: exactly one to use, several to choose from, or
    none (then `message` says what to do)."""

    text: str
    libraries: tuple[LibraryView, ...]

    @property
    def single(self) -> LibraryView | None:
        """The library when the text means exactly one, else None."""
        return self.libraries[0] if len(self.libraries) == 1 else None

    @property
    def message(self) -> str:
        """What to tell staff when the text does not name exactly one library."""
        if not self.libraries:
            return (
                f"No partner library has the symbol or name “{self.text}”. Check the spelling, "
                "or add the library in Directory ▸ Libraries first."
            )
        if len(self.libraries) > 1:
            return f"{len(self.libraries)} libraries match “{self.text}”: choose one."
        return ""


def _searchable(library: LibraryView) -> list[str]:
    address = library.shipping_address
    return words(" ".join((library.name, address.city)))


def match_libraries(libraries: Iterable[LibraryView], text: str) -> LibraryMatch:
    """The libraries `text` names: a symbol (any case) wins outright; otherwise every word
    typed must begin a word of the library's name, city or region."""
    typed = " ".join(text.split())
    candidates = list(libraries)
    symbol = typed.split(_LINE_SEPARATOR, 1)[0].strip().upper()
    exact = tuple(lib for lib in candidates if lib.symbol.upper() == symbol)
    if exact or not typed:
        return LibraryMatch(typed, exact)
    wanted = words(typed)
    found = tuple(
        lib
        for lib in candidates
        if wanted and all(any(word.startswith(w) for word in _searchable(lib)) for w in wanted)
    )
    return LibraryMatch(typed, found)
