"""The forms a stored barcode can take once printed and read back by a scanner.

Every barcode ILL Desk prints must scan back to the record it came from. Scanners change what
they read in known ways: Code 39 has no lower case (an item barcode stored as ``ab-123`` reads
back ``AB-123``); Codabar start/stop letters are usually not sent (``A31234000056786B`` reads
back ``31234000056786``), or sent with different letters; AIM symbology identifiers (``]C1``)
may lead. :func:`normalize_scan` already takes off what a scan adds; :func:`lookup_keys` gives
the upper-case forms a *stored* value may have for a clean scan, so a lookup compares
``upper(column)`` with a short list, which an expression index answers.

A partner library's mailing label carries the library's symbol as its barcode when Code 128 can
hold it (printable ASCII). A symbol that cannot be printed so (``国NDL``) is carried as
``LIBRARY-<id>`` instead (:func:`library_label_value`); a scan is matched to a symbol first,
so a library whose real symbol happened to look like that form still wins.
"""

from __future__ import annotations

import re

__all__ = [
    "CODABAR_START_STOP",
    "library_id_from_label",
    "library_label_value",
    "lookup_keys",
]

#: Codabar's start/stop characters as stored on items (scanners may send T N * E for them).
CODABAR_START_STOP = "ABCD"
_CODABAR_DATA_RE = re.compile(r"[0-9\-$:/.+]+")
_AIM_RE = re.compile(r"\][A-Za-z][0-9]")
_LIBRARY_LABEL_RE = re.compile(r"LIBRARY-([0-9]{1,9})")
_LIBRARY_LABEL_PREFIX = "LIBRARY-"


def lookup_keys(text: str) -> tuple[str, ...]:
    """Upper-case forms a stored barcode may have when a scanner read ``text``.

    The scan itself comes first; then the scan without an AIM identifier or Codabar start/stop
    letters it still carries; then, for Codabar data, the 16 start/stop pairs it may have been
    stored with.
    """
    keys: list[str] = []

    def add(value: str) -> None:
        key = value.upper()
        if key and key not in keys:
            keys.append(key)

    add(text)
    bare = text
    aim = _AIM_RE.match(bare)
    if aim:
        bare = bare[aim.end() :]
        add(bare)
    upper = bare.upper()
    ends = "ABCDTN*E"
    if (
        len(upper) >= 3
        and upper[0] in ends
        and upper[-1] in ends
        and _CODABAR_DATA_RE.fullmatch(upper[1:-1])
    ):
        bare = bare[1:-1]
        add(bare)
    if _CODABAR_DATA_RE.fullmatch(bare):
        for start in CODABAR_START_STOP:
            for stop in CODABAR_START_STOP:
                add(f"{start}{bare}{stop}")
    return tuple(keys)


def _code128_can_hold(text: str) -> bool:
    return bool(text) and all(" " <= char <= "~" for char in text)


def library_label_value(symbol: str, library_id: int) -> str:
    """What a mailing label made for a library (no package yet) carries as its barcode."""
    if _code128_can_hold(symbol):
        return symbol
    return f"{_LIBRARY_LABEL_PREFIX}{library_id}"


def library_id_from_label(text: str) -> int | None:
    """The library id a ``LIBRARY-<id>`` label barcode names (any case), or None."""
    match = _LIBRARY_LABEL_RE.fullmatch(text.strip().upper())
    return int(match.group(1)) if match else None
