"""Files that ship inside the ILL Desk package: fonts, sounds and the user guide.

They are found with `importlib.resources`, so they are there however ILL Desk was installed:
from a wheel, from a source distribution, as an editable install or straight from a checkout.
No code should build a path to them from `__file__` or the repository layout (the one
exception is the user guide's fallback to `docs/` in a checkout, below).

May import: the standard library only (the command line, printing and the window all use it).
"""

from __future__ import annotations

import atexit
from contextlib import ExitStack
from importlib import resources
from pathlib import Path

FONTS = "fonts"
SOUNDS = "sounds"
GUIDE = "guide"
GUIDE_FILE = "user-guide.md"

# `as_file` gives a real path even when the package sits in a zip archive; the temporary copy
# such an archive needs must live as long as the program, so the contexts close at exit.
_open_files = ExitStack()
atexit.register(_open_files.close)


def path(*parts: str) -> Path:
    """A real file-system path to a shipped file or folder, e.g. `path("fonts", "X.ttf")`.

    The path may not exist: callers that need the file say what is missing in their own words.
    """
    traversable = resources.files(__name__).joinpath(*parts)
    return Path(_open_files.enter_context(resources.as_file(traversable)))


def read_bytes(*parts: str) -> bytes:
    """The content of a shipped file."""
    return resources.files(__name__).joinpath(*parts).read_bytes()


def user_guide() -> Path | None:
    """The user guide (Markdown, with its screenshots beside it), or None if it is not there.

    A wheel or an sdist install carries a copy made at build time (see setup.py). An editable
    install or a checkout has no copy in the package and reads the guide in `docs/`, where it is
    written, so the two never drift apart.
    """
    shipped = path(GUIDE, GUIDE_FILE)
    if shipped.is_file():
        return shipped
    checkout = Path(__file__).resolve().parents[3] / "docs" / GUIDE_FILE
    return checkout if checkout.is_file() else None
