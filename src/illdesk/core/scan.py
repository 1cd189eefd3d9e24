"""Turn a raw scan into clean text, and tell what kind of barcode it looks like.

A scanner does not send just the barcode. Depending on how it was set up it may send an AIM
symbology identifier (``]C0`` for Code 128), the Codabar start/stop characters (``A...B``), a
configured prefix or suffix, a terminator (CR, LF, Tab), NUL padding or a GS separator. People
also type scans by hand. :func:`normalize_scan` removes all of that and either returns a
:class:`NormalizedScan` or raises :class:`ScanProblem`, whose ``message`` can be shown to ILL
staff as it is.

:func:`classify_scan` then says what shape the clean text has (our request number, a 14-digit
library barcode, an ISBN, or something else). Resolving a scan to a request is the services'
job; this module never looks anything up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "AIM_SYMBOLOGIES",
    "MarkedScan",
    "NormalizedScan",
    "ScanKind",
    "ScanOptions",
    "ScanProblem",
    "ScanProblemKind",
    "ScanShape",
    "classify_scan",
    "is_valid_isbn",
    "normalize_request_number",
    "normalize_scan",
    "strip_scanner_markers",
    "try_normalize_scan",
]

#: AIM (ISO/IEC 15424) symbology code characters and their names. The code character is the
#: letter after the ``]``; the digit after it is a modifier (check digit handling, GS1 mode...).
AIM_SYMBOLOGIES: dict[str, str] = {
    "A": "Code 39",
    "B": "Telepen",
    "C": "Code 128",
    "D": "Code One",
    "E": "EAN/UPC",
    "F": "Codabar",
    "G": "Code 93",
    "H": "Code 11",
    "I": "Interleaved 2 of 5",
    "K": "Code 16K",
    "L": "PDF417",
    "M": "MSI",
    "N": "Anker",
    "O": "Codablock",
    "P": "Plessey",
    "Q": "QR Code",
    "R": "Straight 2 of 5 (2-bar start/stop)",
    "S": "Straight 2 of 5 (3-bar start/stop)",
    "X": "Other barcode",
    "Z": "Not a barcode (keyboard or other input)",
    "d": "Data Matrix",
    "e": "GS1 DataBar",
    "z": "Aztec",
}

_AIM_RE = re.compile(r"\]([A-Za-z])([0-9])")
_CODABAR_ENDS = frozenset("ABCDTN*E")
_CODABAR_DATA_RE = re.compile(r"[0-9\-$:/.+]*[0-9][0-9\-$:/.+]*")
# Line breaks inside a scan mean two scans (or a scan and a stray Enter) ran together.
_LINE_BREAKS = frozenset("\r\n\x0b\x0c\x85\u2028\u2029")
_REQUEST_NUMBER_RE = re.compile(r"([A-Za-z]{1,3})[-\s]?(\d{2})[-\s]?(\d{6})")
_ISBN_SEPARATORS_RE = re.compile(r"[-\s]")


class ScanProblemKind(StrEnum):
    """Why a raw scan could not be used."""

    EMPTY = "empty"
    INVALID_CHARACTERS = "invalid_characters"
    SEVERAL_SCANS = "several_scans"
    TOO_LONG = "too_long"


_PROBLEM_MESSAGES: dict[ScanProblemKind, str] = {
    ScanProblemKind.EMPTY: (
        "The scan was empty. Scan the barcode again; if this keeps happening, check that the "
        "scanner's prefix and suffix settings match ILL Desk's."
    ),
    ScanProblemKind.INVALID_CHARACTERS: (
        "The scan contains characters a barcode never has. Scan the barcode again; if it keeps "
        "happening, check the scanner's settings (keyboard language, or the baud rate of a serial "
        "scanner)."
    ),
    ScanProblemKind.SEVERAL_SCANS: (
        "Two scans arrived at once, so neither was used. Scan the items one at a time."
    ),
    ScanProblemKind.TOO_LONG: (
        "The scan is far too long to be a barcode. Scan the barcode again; if text was pasted "
        "into the scan field, clear it first."
    ),
}


class ScanProblem(ValueError):
    """A raw scan that cannot be used; ``message`` is written for ILL staff."""

    def __init__(self, kind: ScanProblemKind, raw: str, detail: str = "") -> None:
        self.kind = kind
        self.raw = raw
        self.detail = detail
        self.message = _PROBLEM_MESSAGES[kind]
        super().__init__(self.message if not detail else f"{self.message} ({detail})")


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How the scanner at this desk is set up.

    ``prefix`` and ``suffix`` are what the scanner was configured to add around every barcode
    (some sites add a character so the software can tell a scan from typing). ``max_length``
    guards against pasted text and stuck scanners: real barcodes here are well under 100
    characters.
    """

    prefix: str = ""
    suffix: str = ""
    strip_aim_identifier: bool = True
    strip_codabar_start_stop: bool = True
    max_length: int = 200


@dataclass(frozen=True, slots=True)
class NormalizedScan:
    """A clean scan.

    ``text`` is what the barcode holds; ``symbology`` the barcode type named by the AIM
    identifier (e.g. "Code 128"), or None when the scanner did not send one; ``aim_identifier``
    the identifier itself (e.g. "]C0"); ``raw`` exactly what arrived; ``warnings`` notes for
    staff about things that were cleaned up but may point at a scanner set-up problem.
    """

    text: str
    symbology: str | None
    raw: str
    warnings: tuple[str, ...] = ()
    aim_identifier: str | None = None

    @property
    def shape(self) -> ScanShape:
        """What kind of barcode the clean text looks like."""
        return classify_scan(self.text)


class ScanKind(StrEnum):
    """The shape of a clean scan."""

    REQUEST_NUMBER = "request_number"
    LIBRARY_BARCODE = "library_barcode"
    ISBN = "isbn"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class ScanShape:
    """What a clean scan looks like: ``value`` is its canonical form (``B-26-000123``,
    digits only for barcodes and ISBNs); ``note`` explains near misses in plain words."""

    kind: ScanKind
    value: str
    note: str = ""


def normalize_scan(raw: str, options: ScanOptions | None = None) -> NormalizedScan:
    """Clean a raw scan; raise :class:`ScanProblem` when nothing usable is left."""
    opts = options if options is not None else ScanOptions()
    warnings: list[str] = []

    if len(raw) > opts.max_length * 4:
        # Refuse huge input before doing per-character work on it.
        raise ScanProblem(ScanProblemKind.TOO_LONG, raw, f"{len(raw)} characters")

    text = _strip_edges(raw)
    text = _clean_interior(text, raw, warnings)

    marked = strip_scanner_markers(text, opts.prefix, opts.suffix)
    text = marked.text
    # A marker made only of whitespace/controls was already removed with the edges.
    prefix_done = marked.prefix_found or not _strip_edges(opts.prefix)
    if not marked.suffix_found and _strip_edges(opts.suffix):
        warnings.append(_missing_marker_warning("suffix", opts.suffix))

    symbology: str | None = None
    aim_identifier: str | None = None
    if opts.strip_aim_identifier:
        match = _AIM_RE.match(text)
        if match:
            aim_identifier = match.group(0)
            symbology = AIM_SYMBOLOGIES.get(match.group(1), f"Unknown barcode type ({match[1]})")
            text = text[match.end() :]
    if not prefix_done:
        # Scanners differ on whether the prefix goes before or after the AIM identifier.
        marked = strip_scanner_markers(text, opts.prefix)
        text = marked.text
        if not marked.prefix_found:
            warnings.append(_missing_marker_warning("prefix", opts.prefix))

    text = text.strip()
    if opts.strip_codabar_start_stop and symbology in (None, "Codabar"):
        text = _strip_codabar_ends(text)

    if not text:
        raise ScanProblem(ScanProblemKind.EMPTY, raw)
    if len(text) > opts.max_length:
        raise ScanProblem(ScanProblemKind.TOO_LONG, raw, f"{len(text)} characters")
    if not text.isascii():
        warnings.append(
            "The scan contains letters outside plain ASCII. If this barcode should be plain "
            "letters and digits, check the scanner's keyboard language setting."
        )
    return NormalizedScan(
        text=text,
        symbology=symbology,
        raw=raw,
        warnings=tuple(warnings),
        aim_identifier=aim_identifier,
    )


@dataclass(frozen=True, slots=True)
class MarkedScan:
    """A scan with the scanner's configured prefix and suffix taken off.

    ``prefix_found``/``suffix_found`` say whether each marker was there (an empty marker counts
    as found), which the keyboard-wedge detector uses to tell a scan from typing.
    """

    text: str
    prefix_found: bool
    suffix_found: bool

    @property
    def complete(self) -> bool:
        """True when every configured marker was there."""
        return self.prefix_found and self.suffix_found


def strip_scanner_markers(text: str, prefix: str = "", suffix: str = "") -> MarkedScan:
    """Take off, once each, the prefix and suffix the scanner was set to add.

    The one place where scanner markers are handled: the keyboard-wedge detector, the serial
    reader and :func:`normalize_scan` (scan bar, command-line batches) all call it.
    """
    prefix_found = not prefix or text.startswith(prefix)
    if prefix and prefix_found:
        text = text[len(prefix) :]
    suffix_found = not suffix or text.endswith(suffix)
    if suffix and suffix_found:
        text = text[: -len(suffix)]
    return MarkedScan(text, prefix_found, suffix_found)


def try_normalize_scan(
    raw: str, options: ScanOptions | None = None
) -> NormalizedScan | ScanProblem:
    """Like :func:`normalize_scan`, but return the problem instead of raising it."""
    try:
        return normalize_scan(raw, options)
    except ScanProblem as problem:
        return problem


def classify_scan(text: str) -> ScanShape:
    """Say what kind of barcode a clean scan looks like (no lookups, shape only)."""
    request_number = normalize_request_number(text)
    if request_number is not None:
        return ScanShape(ScanKind.REQUEST_NUMBER, request_number)

    if len(text) == 14 and text.isdigit() and text.isascii():
        return ScanShape(ScanKind.LIBRARY_BARCODE, text, _library_barcode_note(text))

    compact = _ISBN_SEPARATORS_RE.sub("", text).upper()
    if _looks_like_isbn(compact):
        if is_valid_isbn(compact):
            return ScanShape(ScanKind.ISBN, compact)
        return ScanShape(
            ScanKind.OTHER,
            text,
            "This looks like an ISBN but its check digit is wrong; it may be mistyped.",
        )
    return ScanShape(ScanKind.OTHER, text)


def normalize_request_number(text: str) -> str | None:
    """Return the canonical request number (``B-26-000123``) or None if ``text`` is not one.

    Lower case, missing hyphens and spaces instead of hyphens are accepted, because scans from
    Code 39 labels and hand-typed numbers arrive that way.
    """
    match = _REQUEST_NUMBER_RE.fullmatch(text.strip())
    if match is None or not match.group(0).isascii():
        return None
    letters, year, serial = match.groups()
    return f"{letters.upper()}-{year}-{serial}"


def is_valid_isbn(text: str) -> bool:
    """True if ``text`` (digits, with an optional final X for ISBN-10) has a correct check digit.

    ISBN-13 must start with the book prefixes 978 or 979, so ordinary EAN-13 product codes are
    not taken for ISBNs.
    """
    if not text.isascii():
        return False
    if len(text) == 13 and text.isdigit():
        if not text.startswith(("978", "979")):
            return False
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(text))
        return total % 10 == 0
    if len(text) == 10 and text[:9].isdigit() and (text[9].isdigit() or text[9] in "Xx"):
        values = [int(d) for d in text[:9]] + [10 if text[9] in "Xx" else int(text[9])]
        return sum(v * w for v, w in zip(values, range(10, 0, -1), strict=True)) % 11 == 0
    return False


def _looks_like_isbn(compact: str) -> bool:
    if not compact.isascii():
        return False
    if len(compact) == 13 and compact.isdigit():
        return compact.startswith(("978", "979"))
    return (
        len(compact) == 10 and compact[:9].isdigit() and (compact[9].isdigit() or compact[9] == "X")
    )


def _library_barcode_note(digits: str) -> str:
    # The first-digit convention (2 patron, 3 item) is common but not universal, so this is
    # only a hint for whoever resolves the scan.
    if digits[0] == "2":
        return "Patron card layout (starts with 2)."
    if digits[0] == "3":
        return "Library item layout (starts with 3)."
    return ""


def _strip_edges(text: str) -> str:
    """Drop whitespace and control characters at both ends (terminators, NUL padding)."""
    start, end = 0, len(text)
    while start < end and _is_edge_junk(text[start]):
        start += 1
    while end > start and _is_edge_junk(text[end - 1]):
        end -= 1
    return text[start:end]


def _is_edge_junk(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in ("Cc", "Cf")


def _clean_interior(text: str, raw: str, warnings: list[str]) -> str:
    """Remove stray controls inside the scan, or refuse characters no barcode holds."""
    kept: list[str] = []
    removed_controls = False
    squeezed_space = False
    for char in text:
        if char in _LINE_BREAKS:
            raise ScanProblem(ScanProblemKind.SEVERAL_SCANS, raw)
        category = unicodedata.category(char)
        if char == "\ufffd" or category in ("Cs", "Co", "Cn"):
            # Replacement characters come from undecodable bytes; surrogates, private-use and
            # unassigned code points cannot come from a barcode either.
            raise ScanProblem(
                ScanProblemKind.INVALID_CHARACTERS, raw, f"character U+{ord(char):04X}"
            )
        if category in ("Cc", "Cf") and char != "\t":
            removed_controls = True
            continue
        if char.isspace():
            if kept and kept[-1] == " ":
                squeezed_space = True
                continue
            squeezed_space = squeezed_space or char != " "
            kept.append(" ")
            continue
        kept.append(char)
    if removed_controls:
        warnings.append(
            "Invisible control characters inside the scan were removed. If this happens with "
            "every scan, the scanner may be set to add separators it should not."
        )
    if squeezed_space:
        warnings.append("Extra spaces or tabs inside the scan were reduced to single spaces.")
    return "".join(kept)


def _strip_codabar_ends(text: str) -> str:
    """Remove Codabar start/stop characters when both ends carry one around Codabar data."""
    if len(text) < 3:
        return text
    first, last = text[0].upper(), text[-1].upper()
    if first in _CODABAR_ENDS and last in _CODABAR_ENDS and _CODABAR_DATA_RE.fullmatch(text[1:-1]):
        return text[1:-1]
    return text


def _missing_marker_warning(which: str, marker: str) -> str:
    where = "start" if which == "prefix" else "end"
    return (
        f"The scan did not {where} with the expected {which} {marker!r}. It may have been "
        "typed by hand, or the scanner's settings have changed."
    )
