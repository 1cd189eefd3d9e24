"""Shelf order for call numbers, so pull slips come out in the order a student walks the stacks.

Library of Congress numbers sort class letters alphabetically, then the class number as a
number (QA76.9 before QA760), then each cutter as a decimal fraction (.D3 before .D35 before
.D4). Dewey numbers sort numerically (025.6 before 025.62 before 26). Anything else falls back
to a natural sort in which digit runs compare as numbers.
"""

from __future__ import annotations

import re

_LC = re.compile(r"^([A-Z]{1,3})\s*(\d{1,4}(?:\.\d+)?)\b\s*(.*)$")
_DEWEY = re.compile(r"^(\d{1,3}(?:\.\d+)?)(?![\d])\s*(.*)$")
_CUTTER = re.compile(r"^\.?([A-Z])(\d+)([A-Z]*\d*)$")
_DIGITS = re.compile(r"(\d+)")

# Kinds of call numbers, in the order they are shelved relative to each other.
_DEWEY_KIND = 0
_LC_KIND = 1
_OTHER_KIND = 2

# Kinds of pieces after the class number.
_YEAR_OR_NUMBER = 0
_CUTTER_PIECE = 1
_WORD = 2

Piece = tuple[int, str, str]
SortKey = tuple[int, str, float, tuple[Piece, ...]]


def _natural(text: str) -> str:
    """Digit runs padded so that they compare as numbers inside a plain string comparison."""
    return _DIGITS.sub(lambda match: match.group(1).zfill(12), text)


def _pieces(rest: str) -> tuple[Piece, ...]:
    """Cutters, years and words after the class number, each comparable with the others."""
    pieces: list[Piece] = []
    # ".D3C67" is two cutters written together; spaces and dots separate the rest.
    spaced = re.sub(r"(?<=\d)\.?(?=[A-Z]\d)", " ", rest)
    for raw in re.split(r"[\s]+", spaced.strip()):
        token = raw.strip(",;")
        if not token:
            continue
        cutter = _CUTTER.match(token)
        if cutter:
            # Cutter digits are a decimal fraction, so a plain string comparison is right.
            pieces.append((_CUTTER_PIECE, cutter.group(1), cutter.group(2) + cutter.group(3)))
        elif token.isdigit():
            pieces.append((_YEAR_OR_NUMBER, token.zfill(12), ""))
        else:
            pieces.append((_WORD, _natural(token.lstrip(".")), ""))
    return tuple(pieces)


def call_number_key(call_number: str) -> SortKey:
    """A key that sorts call numbers in shelf order (LC- and Dewey-aware)."""
    text = " ".join(call_number.upper().split())
    lc = _LC.match(text)
    if lc:
        return (_LC_KIND, lc.group(1), float(lc.group(2)), _pieces(lc.group(3)))
    dewey = _DEWEY.match(text)
    if dewey:
        return (_DEWEY_KIND, "", float(dewey.group(1)), _pieces(dewey.group(2)))
    return (_OTHER_KIND, _natural(text), 0.0, ())
