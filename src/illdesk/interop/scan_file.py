"""Scan files: what a cordless scanner uploads, one scan per line.

Only CR, LF and CRLF end a scan. Python's `str.splitlines` also breaks on FS, GS and RS
(0x1C-0x1E), vertical tab, form feed and a few Unicode separators; GS separates the fields
inside a GS1 barcode, so splitting there would turn one scan into two. Every other character
stays in its scan, for the scan normaliser to judge as it does at the desk.

A line may carry more columns after the scan (a date and time, separated by a comma or a tab),
as many scanners' upload formats do: only the first column is the scan.
"""

from __future__ import annotations

import re
from pathlib import Path

LINE_END = re.compile(r"\r\n|\r|\n")
COLUMN_SEPARATORS = ("\t", ",")


class ScanFileError(Exception):
    """The scan file cannot be read; the message says why."""


def split_scans(text: str) -> list[str]:
    """The scans in a scan file's text: the first column of every line that is not blank."""
    scans = []
    for line in LINE_END.split(text):
        first = line
        for separator in COLUMN_SEPARATORS:
            first = first.split(separator, 1)[0]
        if first.strip():
            scans.append(first)
    return scans


def read_scan_file(path: Path) -> list[str]:
    """The scans in a file (UTF-8; bytes that are not UTF-8 become U+FFFD, and the desk then
    calls that scan garbled)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScanFileError(
            f"The scan file {path} cannot be read ({exc.strerror or exc})."
        ) from exc
    return split_scans(data.decode("utf-8-sig", errors="replace"))
