"""Reports written to files: CSV now (a formula-safe file any spreadsheet opens)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from illdesk.interop.csv_safe import write_csv
from illdesk.services.errors import InvalidInput


def shown(value: object) -> str:
    """A figure as text: empty for 'nothing to divide by', Decimals exactly."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_table(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> int:
    """Write a table as CSV ('-' for standard output); returns the number of rows."""
    try:
        return write_csv(path, list(header), ([shown(v) for v in row] for row in rows))
    except OSError as exc:
        raise InvalidInput(
            f"The file {path} cannot be written ({exc.strerror or exc}). Check the folder and "
            "that the disk is not full; nothing else was changed."
        ) from exc
