"""Reading OCLC's IFM report exported as CSV.

Columns are found by their heading, in any order and any case; each may have one of several
names (the report's own wording varies by product and year):

| what | headings accepted |
|---|---|
| request identifier | request, request id, request number, ill number, transaction number, tn |
| other library | symbol, lender, borrower, lender symbol, borrower symbol, oclc symbol |

When the report has both a lender and a borrower column (one of them is our own symbol), the
other library of a debit is the lender (we borrowed) and of a credit the borrower (we lent).
| amount | amount, charge, amount (usd), ifm amount |
| debit or credit | type, debit/credit, dc, transaction type |

A debit is "debit", "D", "DR" or any text with "borrowing debit"; a credit is "credit", "C",
"CR" or any text with "lending credit". Amounts may carry a currency sign or thousands commas;
a negative amount is refused (the debit/credit column says which way money goes). A file in
UTF-8 (with or without a byte-order mark) or in Windows-1252 is read.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from illdesk.core.ifm import ReportLine

COLUMNS: dict[str, tuple[str, ...]] = {
    "request": (
        "request",
        "request id",
        "request number",
        "ill number",
        "transaction number",
        "tn",
    ),
    "symbol": (
        "symbol",
        "lender",
        "borrower",
        "lender symbol",
        "borrower symbol",
        "oclc symbol",
    ),
    "amount": ("amount", "charge", "amount (usd)", "ifm amount"),
    "type": ("type", "debit/credit", "dc", "transaction type"),
}


class IfmFileError(Exception):
    """The file cannot be reconciled; the message lists every bad line by its number."""


def _text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise IfmFileError(f"{path} cannot be opened: {exc.strerror or exc}.") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _is_debit(text: str) -> bool | None:
    value = text.strip().lower()
    if value in {"debit", "d", "dr"} or "borrowing debit" in value:
        return True
    if value in {"credit", "c", "cr"} or "lending credit" in value:
        return False
    return None


_LENDER = ("lender", "lender symbol")
_BORROWER = ("borrower", "borrower symbol")


def _other_library(
    cells: list[str], column: int, lender: int | None, borrower: int | None, debit: bool | None
) -> str:
    """The other library's symbol: with both a lender and a borrower column, the lender of a
    debit and the borrower of a credit; otherwise the one symbol column."""
    if lender is not None and borrower is not None and debit is not None:
        column = lender if debit else borrower
    return cells[column].strip().upper()


def read_report(path: Path) -> list[ReportLine]:
    """The report's lines (raises IfmFileError naming every bad line)."""
    reader = csv.reader(io.StringIO(_text(path)))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise IfmFileError(f"{path} is not a readable CSV file ({exc}).") from exc
    if not header:
        raise IfmFileError(f"{path} is empty.")
    names = [h.strip().lower() for h in header]
    where: dict[str, int] = {}
    lender = next((i for i, n in enumerate(names) if n in _LENDER), None)
    borrower = next((i for i, n in enumerate(names) if n in _BORROWER), None)
    for key, aliases in COLUMNS.items():
        for i, name in enumerate(names):
            if name in aliases:
                where[key] = i
                break
    missing = [key for key in COLUMNS if key not in where]
    if missing:
        raise IfmFileError(
            f"{path} has no column for: {', '.join(missing)}. Expected headings such as "
            "Request ID, Lender Symbol, Amount, Debit/Credit."
        )
    lines: list[ReportLine] = []
    problems: list[str] = []
    try:
        for cells in reader:
            number = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < len(header):
                problems.append(f"line {number}: {len(cells)} cells, the heading has {len(header)}")
                continue
            request = cells[where["request"]].strip()
            kind = _is_debit(cells[where["type"]])
            symbol = _other_library(cells, where["symbol"], lender, borrower, kind)
            amount_text = cells[where["amount"]].strip().replace(",", "").lstrip("$")
            wrong = []
            if not request:
                wrong.append("no request identifier")
            if not symbol:
                wrong.append("no symbol")
            try:
                amount = Decimal(amount_text)
                if (
                    not amount.is_finite()
                    or amount < 0
                    or amount != amount.quantize(Decimal("0.01"))
                ):
                    raise InvalidOperation
            except InvalidOperation:
                wrong.append(f"“{cells[where['amount']]}” is not an amount")
                amount = Decimal(0)
            if kind is None:
                wrong.append(f"“{cells[where['type']]}” is neither debit nor credit")
            if wrong:
                problems.append(f"line {number}: {', '.join(wrong)}")
                continue
            assert kind is not None
            lines.append(
                ReportLine(number, request, symbol, amount.quantize(Decimal("0.01")), kind)
            )
    except csv.Error as exc:
        problems.append(f"line {reader.line_num}: not readable as CSV ({exc})")
    if problems:
        raise IfmFileError(
            f"{path} was not reconciled; fix these lines first:\n  " + "\n  ".join(problems)
        )
    return lines
