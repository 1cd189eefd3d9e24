"""The fonts embedded in printed documents, and which of them draws which character.

No single TrueType font covers Latin, Cyrillic, Greek, Arabic, Hebrew, Chinese, Japanese and
Korean, so text is split into runs and every run is drawn in the first font of a fallback chain
that has its glyphs. Large fallback fonts are loaded only when a text needs them, so a desk that
prints only Latin text never pays for parsing 9 MB of CJK fonts.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from illdesk import resources

FONT_DIR_ENV = "ILLDESK_FONT_DIR"


@dataclass(frozen=True, slots=True)
class FontFace:
    """One embedded font file under the name ReportLab knows it by."""

    name: str
    filename: str


# Order matters: the first face with a glyph wins. Droid comes before Nanum so that Chinese and
# Japanese kanji get Droid's Chinese-style forms; Nanum is there for Hangul only.
_REGULAR: tuple[FontFace, ...] = (
    FontFace("IllNotoSans", "NotoSans-Regular.ttf"),
    FontFace("IllNotoSansArabic", "NotoSansArabic-Regular.ttf"),
    FontFace("IllNotoSansHebrew", "NotoSansHebrew-Regular.ttf"),
    FontFace("IllDroidSansFallback", "DroidSansFallbackFull.ttf"),
    FontFace("IllNanumGothic", "NanumGothic.ttf"),
)
_BOLD: tuple[FontFace, ...] = (
    FontFace("IllNotoSans-Bold", "NotoSans-Bold.ttf"),
    FontFace("IllNotoSansArabic-Bold", "NotoSansArabic-Bold.ttf"),
    FontFace("IllNotoSansHebrew-Bold", "NotoSansHebrew-Bold.ttf"),
    # No bold CJK faces are shipped: the regular ones keep the download small.
    FontFace("IllDroidSansFallback", "DroidSansFallbackFull.ttf"),
    FontFace("IllNanumGothic", "NanumGothic.ttf"),
)

_REGULAR_ONLY = frozenset(face.name for face in _BOLD if face in _REGULAR)

PRIMARY_FONT = _REGULAR[0].name
PRIMARY_BOLD_FONT = _BOLD[0].name


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text drawn in one font."""

    text: str
    font: str


def needs_fake_bold(font_name: str, *, bold: bool) -> bool:
    """True when bold was asked for but `font_name` has no bold face (it is thickened instead)."""
    return bold and font_name in _REGULAR_ONLY


def font_dir() -> Path:
    """Folder holding the shipped fonts (package data); `ILLDESK_FONT_DIR` overrides it."""
    override = os.environ.get(FONT_DIR_ENV)
    if override:
        return Path(override)
    return resources.path(resources.FONTS)


def shipped_font_files() -> list[Path]:
    """Every font file of the fallback chains, each once, in chain order."""
    names = dict.fromkeys(face.filename for face in (*_REGULAR, *_BOLD))
    return [font_dir() / name for name in names]


def chain(*, bold: bool = False) -> tuple[FontFace, ...]:
    """The fallback chain, best font first."""
    return _BOLD if bold else _REGULAR


@cache
def _registered(face: FontFace) -> TTFont:
    path = font_dir() / face.filename
    if not path.is_file():
        raise FileNotFoundError(f"font {face.filename} is missing from {path.parent}")
    font = TTFont(face.name, str(path))
    pdfmetrics.registerFont(font)
    return font


@cache
def _coverage(face: FontFace) -> frozenset[int]:
    return frozenset(_registered(face).face.charToGlyph)


def ensure_registered(name: str) -> str:
    """Register the font called `name` with ReportLab (if needed) and return the name."""
    for face in (*_REGULAR, *_BOLD):
        if face.name == name:
            _registered(face)
            return name
    raise KeyError(name)


def has_glyph(font_name: str, char: str) -> bool:
    """True when the named shipped font maps `char` to a real glyph."""
    for face in (*_REGULAR, *_BOLD):
        if face.name == font_name:
            return ord(char) in _coverage(face)
    raise KeyError(font_name)


def _is_attached(char: str) -> bool:
    """Characters that belong with their neighbour rather than deciding the font."""
    return char.isspace() or unicodedata.category(char) in ("Mn", "Me", "Cf")


@cache
def _font_for_char(char: str, bold: bool) -> str | None:
    code = ord(char)
    for face in chain(bold=bold):
        if code in _coverage(face):
            return face.name
    return None


def missing_chars(text: str, *, bold: bool = False) -> set[str]:
    """Characters of `text` that no shipped font can draw (whitespace and format marks aside)."""
    return {char for char in text if not _is_attached(char) and _font_for_char(char, bold) is None}


def runs(text: str, *, bold: bool = False) -> list[Run]:
    """Split `text` into runs, each in the first font of the chain that has its glyphs.

    Spaces, combining marks and format characters stay with the run they sit in, so a line of
    Arabic words separated by spaces stays one run (and is shaped as one). A character that no
    font has falls back to the primary font, which draws its "missing" box.
    """
    primary = _registered(chain(bold=bold)[0]).fontName
    if text.isascii():
        return [Run(text, primary)] if text else []
    result: list[Run] = []
    current_font: str | None = None
    current: list[str] = []
    for char in text:
        if _is_attached(char) and current_font is not None:
            current.append(char)
            continue
        font = _font_for_char(char, bold) or primary
        if font != current_font and current:
            result.append(Run("".join(current), current_font or primary))
            current = []
        current_font = font
        current.append(char)
    if current:
        result.append(Run("".join(current), current_font or primary))
    return result
