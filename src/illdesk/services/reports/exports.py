"""Reports written to files: CSV (formula-safe, any spreadsheet opens it), XLSX (numbers
as numbers, one sheet per table) and PDF (written whole or not at all)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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


def write_xlsx(
    path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]
) -> None:
    """Write tables as an XLSX workbook, one sheet each (title, header, rows); figures stay
    numbers (exact decimals), text cells cannot start a formula."""
    from openpyxl import Workbook  # noqa: PLC0415 - loaded only for a spreadsheet

    book = Workbook()
    first = True
    for title, header, rows in sheets:
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title[:31]
        sheet.append(list(header))
        for row in rows:
            sheet.append([_cell(value) for value in row])
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":  # text that looks like a formula stays text
                    cell.data_type = "s"
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 60)
    _replace_safely(path, book.save)


def write_bytes(path: Path, data: bytes) -> None:
    """Write a finished document (a PDF) whole or not at all."""
    _replace_safely(path, lambda temp: temp.write_bytes(data))


def _replace_safely(path: Path, save: Callable[[Path], object]) -> None:
    """Save to a file beside `path`, then put it in place: a half-written file never shows."""
    temp = path.with_name(path.name + ".part")
    try:
        save(temp)
        temp.chmod(0o600)
        temp.replace(path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise InvalidInput(
            f"The file {path} cannot be written ({exc.strerror or exc}). Check the folder and "
            "that the disk is not full; nothing else was changed."
        ) from exc


def _cell(value: object) -> object:
    if value is None or isinstance(value, int | Decimal):
        return value
    return str(value)
