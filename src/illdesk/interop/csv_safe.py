"""CSV files that are safe to open in a spreadsheet and come back exactly as they went out.

A cell that a spreadsheet would read as a formula (starting with = + - @, a tab or a carriage
return) is written with a leading apostrophe, which spreadsheets show as plain text. A cell that
really starts with an apostrophe gets a second one, so reading strips exactly one and every
value round-trips unchanged. Files are UTF-8 with a byte-order mark, which spreadsheet programs
need to show accents and non-Latin scripts correctly.
"""

from __future__ import annotations

import csv
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


class CsvFileError(Exception):
    """The file as a whole cannot be read (wrong encoding, missing columns, not CSV)."""


def escape_cell(text: str) -> str:
    """The cell as written: formula-looking text gets a leading apostrophe."""
    return "'" + text if text.startswith(FORMULA_START) else text


def unescape_cell(text: str) -> str:
    """The value of a written cell (the inverse of `escape_cell`)."""
    return text[1:] if text.startswith("'") else text


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a CSV file atomically (all of it or nothing); returns the number of data rows.

    The file is readable by its owner only: exports carry patron names and addresses. A path of
    "-" writes to standard output (for a pipe), as command-line tools do.
    """
    if str(path) == "-":
        return _write_rows(sys.stdout, header, rows)
    temp = path.with_name(path.name + ".part")
    try:
        descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8-sig", newline="") as handle:
            count = _write_rows(handle, header, rows)
        temp.replace(path)
    except BaseException:
        # A full disk, a vanished folder or an interrupted export leaves no half-written file
        # behind (and an earlier file of the same name as it was).
        temp.unlink(missing_ok=True)
        raise
    return count


def _write_rows(handle: TextIO, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
        count += 1
    return count


def read_csv(path: Path, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a CSV file as (line number, {column: value}); raises CsvFileError."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise CsvFileError(f"{path} cannot be opened: {exc.strerror or exc}.") from exc
    with handle:
        try:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise CsvFileError(f"{path} is empty.")
            header = [h.strip() for h in header]
            missing = [name for name in required if name not in header]
            if missing:
                raise CsvFileError(
                    f"{path} lacks the column(s) {', '.join(missing)} in its first line (the "
                    "column names). Add it there, or export a file from ILL Desk to see the "
                    "expected columns."
                )
            for cells in reader:
                if not any(cell.strip() for cell in cells):
                    continue
                if len(cells) != len(header):
                    yield (
                        reader.line_num,
                        {
                            "__error__": (
                                f"has {len(cells)} cells where the header has {len(header)}"
                            )
                        },
                    )
                    continue
                yield (
                    reader.line_num,
                    {name: unescape_cell(cell) for name, cell in zip(header, cells, strict=True)},
                )
        except UnicodeDecodeError as exc:
            raise CsvFileError(
                f"{path} is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”."
            ) from exc
        except csv.Error as exc:
            raise CsvFileError(f"{path} is not a readable CSV file ({exc}).") from exc
