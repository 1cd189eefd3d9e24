"""Measuring, wrapping, shortening and drawing text in any script.

A line is split into font runs (see `fonts`), put in visual order with the Unicode
bidirectional algorithm (python-bidi) so Hebrew and Arabic read right to left, and Arabic runs
are shaped with HarfBuzz (through ReportLab) so letters join. Fitting never lets text leave its
box: it shrinks the size down to a floor, wraps, and finally shortens the last line with "…".
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bidi import algorithm as bidi_algorithm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas

from illdesk.printing import fonts

ELLIPSIS = "…"
# Where the ink of a line sits around its baseline, as a fraction of the font size; generous
# enough for accented capitals (Å, Ế) and descenders in every shipped font.
ASCENT = 0.93
DESCENT = 0.27
# Arabic letters such as final ع reach much further below the baseline.
ARABIC_ASCENT = 1.0
ARABIC_DESCENT = 0.45
LEADING = 1.18

_RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a line in visual order, ready to draw at the running x position."""

    text: str
    font: str
    width: float


@dataclass(frozen=True, slots=True)
class FittedText:
    """Lines (in logical order) and the size at which they fit their box."""

    lines: tuple[str, ...]
    size: float
    truncated: bool
    ascent: float = ASCENT
    descent: float = DESCENT

    @property
    def height(self) -> float:
        """Height of the ink of all lines, from the top of the first to the bottom of the last."""
        return block_height(len(self.lines), self.size, self.ascent, self.descent)


def vertical_metrics(text: str) -> tuple[float, float]:
    """(ascent, descent) of the ink of `text` as fractions of the font size."""
    if not text.isascii() and any(_is_arabic(char) for char in text):
        return ARABIC_ASCENT, ARABIC_DESCENT
    return ASCENT, DESCENT


def block_height(
    lines: int, size: float, ascent: float = ASCENT, descent: float = DESCENT
) -> float:
    """Height taken by `lines` lines of text at `size` points."""
    if lines <= 0:
        return 0.0
    leading = max(LEADING, ascent + descent + 0.1)
    return size * (ascent + descent + (lines - 1) * leading)


def line_pitch(ascent: float = ASCENT, descent: float = DESCENT) -> float:
    """Baseline-to-baseline distance as a fraction of the font size."""
    return max(LEADING, ascent + descent + 0.1)


def _is_arabic(char: str) -> bool:
    code = ord(char)
    return (
        0x0600 <= code <= 0x06FF
        or 0x0750 <= code <= 0x077F
        or 0x08A0 <= code <= 0x08FF
        or 0xFB50 <= code <= 0xFDFF
        or 0xFE70 <= code <= 0xFEFF
    )


def has_rtl(text: str) -> bool:
    """True when the text holds right-to-left characters and needs bidi reordering."""
    return not text.isascii() and any(
        unicodedata.bidirectional(char) in _RTL_CLASSES for char in text
    )


def _shaped_width(shaped: str, font: str, size: float) -> float:
    if isinstance(shaped, ShapedStr):
        data: Any = shaped.__shapeData__
        return float(sum(item.x_advance for item in data)) * size / 1000.0
    return float(stringWidth(shaped, font, size))


def _visual_chars(text: str) -> list[tuple[int, int, str]]:
    """(logical index, embedding level, mirrored char) for every char, in visual order."""
    storage: dict[str, Any] = bidi_algorithm.get_empty_storage()
    base_level = bidi_algorithm.get_base_level(text)
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    bidi_algorithm.get_embedding_levels(text, storage, False, False)
    for index, entry in enumerate(storage["chars"]):
        entry["logical"] = index
    bidi_algorithm.explicit_embed_and_overrides(storage, False)
    bidi_algorithm.resolve_weak_types(storage, False)
    bidi_algorithm.resolve_neutral_types(storage, False)
    bidi_algorithm.resolve_implicit_levels(storage, False)
    bidi_algorithm.reorder_resolved_levels(storage, False)
    bidi_algorithm.apply_mirroring(storage, False)
    return [(entry["logical"], entry["level"], entry["ch"]) for entry in storage["chars"]]


def _bidi_segments(text: str, size: float, bold: bool) -> list[Segment]:
    font_of: list[str] = []
    for run in fonts.runs(text, bold=bold):
        font_of.extend([run.font] * len(run.text))
    segments: list[Segment] = []
    group: list[tuple[int, int, str]] = []

    def flush() -> None:
        if not group:
            return
        font = font_of[group[0][0]]
        rtl = group[0][1] % 2 == 1
        low = min(item[0] for item in group)
        high = max(item[0] for item in group)
        logical = text[low : high + 1]
        drawn: str
        if rtl and any(_is_arabic(char) for char in logical):
            # HarfBuzz wants logical order and hands back joined glyphs in visual order.
            drawn = shapeStr(logical, font, size)
        else:
            drawn = "".join(item[2] for item in group)
        segments.append(Segment(drawn, font, _shaped_width(drawn, font, size)))
        group.clear()

    for item in _visual_chars(text):
        if group:
            last = group[-1]
            step = -1 if last[1] % 2 else 1
            same = (
                font_of[item[0]] == font_of[last[0]]
                and item[1] == last[1]
                and item[0] == last[0] + step
            )
            if not same:
                flush()
        group.append(item)
    flush()
    return segments


@lru_cache(maxsize=8192)
def _segments(text: str, size: float, bold: bool) -> tuple[Segment, ...]:
    if has_rtl(text):
        return tuple(_bidi_segments(text, size, bold))
    return tuple(
        Segment(run.text, run.font, float(stringWidth(run.text, run.font, size)))
        for run in fonts.runs(text, bold=bold)
    )


def line_segments(text: str, size: float, *, bold: bool = False) -> tuple[Segment, ...]:
    """The line as font segments in visual (left-to-right drawing) order."""
    # fonts.runs registers every font it hands out, so the segments can be drawn as they are.
    return _segments(text, float(size), bold)


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width of one line of `text` in points."""
    return sum(segment.width for segment in line_segments(text, size, bold=bold))


def draw_line(
    canvas: Canvas, text: str, x: float, baseline: float, size: float, *, bold: bool = False
) -> float:
    """Draw one line starting at `x` on `baseline`; return its width."""
    cursor = x
    for segment in line_segments(text, size, bold=bold):
        if fonts.needs_fake_bold(segment.font, bold=bold):
            # Fill and stroke the outlines: a bold look without shipping bold CJK fonts.
            obj = canvas.beginText(cursor, baseline)
            obj.setFont(segment.font, size)
            obj.setTextRenderMode(2)
            canvas.saveState()
            canvas.setLineWidth(size * 0.035)
            obj.textOut(segment.text)
            canvas.drawText(obj)
            canvas.restoreState()
        else:
            canvas.setFont(segment.font, size)
            canvas.drawString(cursor, baseline, segment.text)
        cursor += segment.width
    return cursor - x


def ellipsize(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """`text` if it fits `width`, else its longest start that fits with "…" added."""
    text = text.strip()
    if text_width(text, size, bold=bold) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        candidate = text[:middle].rstrip() + ELLIPSIS
        if text_width(candidate, size, bold=bold) <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return ELLIPSIS if text_width(ELLIPSIS, size, bold=bold) <= width else ""
    cut = text[:low]
    # Prefer ending on a whole word when that costs little of the line.
    space = cut.rfind(" ")
    if space > 0 and space >= low * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–") + ELLIPSIS


def _is_break_anywhere(char: str) -> bool:
    """CJK characters may break lines between any two of them."""
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
    )


def _tokens(text: str) -> list[str]:
    """Pieces between which a line may break, each with the spaces that follow it."""
    tokens: list[str] = []
    current = ""
    for char in text:
        if char == " ":
            current += char
            continue
        if current and (current.endswith(" ") or _is_break_anywhere(char)):
            tokens.append(current)
            current = ""
        current += char
        if _is_break_anywhere(char):
            tokens.append(current)
            current = ""
    if current:
        tokens.append(current)
    return tokens


def _longest_fitting_prefix(text: str, width: float, size: float, bold: bool) -> int:
    """Length of the longest start of `text` that fits `width` (0 if not even one char)."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle], size, bold=bold) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def wrap(
    text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 1
) -> tuple[list[str], bool]:
    """Wrap `text` into at most `max_lines` lines of `width`; say whether it was shortened."""
    text = " ".join(text.split())
    if not text or max_lines < 1:
        return [], bool(text)
    if text_width(text, size, bold=bold) <= width:
        return [text], False
    lines: list[str] = []
    current = ""
    for token in _tokens(text):
        candidate = current + token
        if text_width(candidate.rstrip(), size, bold=bold) <= width:
            current = candidate
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = token
        while text_width(current.rstrip(), size, bold=bold) > width:
            cut = _longest_fitting_prefix(current, width, size, bold)
            if cut == 0:
                # The box is narrower than a single character: keep what fitted so far.
                kept = [line for line in lines[:max_lines] if line]
                return kept, True
            lines.append(current[:cut].rstrip())
            current = current[cut:].lstrip()
    if current.strip():
        lines.append(current.rstrip())
    if len(lines) <= max_lines:
        return lines, False
    rest = " ".join(lines[max_lines - 1 :])
    kept = [*lines[: max_lines - 1], ellipsize(rest, width, size, bold=bold)]
    return [line for line in kept if line], True


def fit(
    text: str,
    width: float,
    height: float,
    size: float,
    *,
    min_size: float | None = None,
    max_lines: int = 1,
    bold: bool = False,
) -> FittedText:
    """Largest size from `size` down to `min_size` at which `text` fits the box whole.

    When even the floor is too big, the text is wrapped at the floor size and its last line
    shortened with "…", so the result always lies within the box.
    """
    floor = min_size if min_size is not None else size
    ascent, descent = vertical_metrics(text)
    current = float(size)
    text = " ".join(text.split())
    # Most fields fit on one line at their first size: skip wrapping for them.
    if (
        text
        and _lines_for_height(height, current, ascent, descent) >= 1
        and text_width(text, current, bold=bold) <= width
    ):
        return FittedText((text,), current, False, ascent, descent)
    while True:
        lines_by_height = _lines_for_height(height, current, ascent, descent)
        allowed = min(max_lines, lines_by_height)
        if allowed >= 1:
            lines, truncated = wrap(text, width, current, bold=bold, max_lines=allowed)
            if not truncated or current <= floor:
                return FittedText(tuple(lines), current, truncated, ascent, descent)
        elif current <= floor:
            return FittedText((), current, bool(text.strip()), ascent, descent)
        current = max(floor, current - max(0.5, current * 0.06))


def _lines_for_height(height: float, size: float, ascent: float, descent: float) -> int:
    if height < size * (ascent + descent) - 1e-6:
        return 0
    pitch = line_pitch(ascent, descent)
    return 1 + int((height - size * (ascent + descent)) / (size * pitch) + 1e-6)
