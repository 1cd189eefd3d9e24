"""CSV export and import of requests, patrons and partner libraries.

Export then import gives back exactly what was exported: every column is written in a form
that reads back to the same value. An import checks every line first; if any line is wrong,
each is reported with its line number and reason and nothing at all is written. Rows whose key
(request number, patron card, library symbol) exists update that record; others are added.
Requests changed by an import get an "import" event holding their whole new state, so their
history stays complete and replayable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from illdesk.core.address import PATRON_ADDRESS_PARTS, PostalAddress
from illdesk.core.citation import CitationError
from illdesk.interop.csv_safe import CsvFileError, read_csv, write_csv
from illdesk.services.admin.csv_columns import COLUMNS, KEYS
from illdesk.services.admin.request_import import import_request, request_values
from illdesk.services.desk.mapping import address_of
from illdesk.services.desk.views import PackageLine
from illdesk.services.directory.entries import checked_patron_address
from illdesk.services.errors import InvalidInput
from illdesk.services.shipping.package_lines import package_lines
from illdesk.store.lookups import library_by_symbol, patron_by_card
from illdesk.store.schema import Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: counts, or (with nothing written) every wrong line."""

    created: int
    updated: int
    unchanged: int
    errors: tuple[str, ...]


# ---------------------------------------------------------------- export


def _package_columns(lines: Sequence[PackageLine]) -> dict[str, str]:
    return {
        "package_numbers": "|".join(p.number for p in lines),
        "tracking_numbers": "|".join(p.tracking_number for p in lines) if lines else "",
    }


def export_csv(uow: UnitOfWork, what: str, path: Path) -> int:
    """Write every request, patron or library to a CSV file; returns how many."""
    columns = COLUMNS[what]
    with uow:
        session = uow.session
        if what == "requests":
            requests = session.scalars(sa.select(Request).order_by(Request.number)).all()
            packages = package_lines(session, None)
            records = [
                {**request_values(r), **_package_columns(packages.get(r.id, ()))} for r in requests
            ]
        elif what == "patrons":
            records = [
                {c.name: getattr(p, c.name) for c in columns}
                for p in session.scalars(sa.select(Patron).order_by(Patron.card_barcode))
            ]
        else:
            records = [
                {c.name: getattr(lib, c.name) for c in columns}
                for lib in session.scalars(sa.select(Library).order_by(Library.symbol))
            ]
    rows = ([c.show(record[c.name]) for c in columns] for record in records)
    try:
        return write_csv(path, [c.name for c in columns], rows)
    except OSError as exc:
        raise InvalidInput(
            f"The file {path} cannot be written ({exc.strerror or exc}). Check the folder and "
            "that the disk is not full; nothing else was changed."
        ) from exc


# ---------------------------------------------------------------- import


Problem = tuple[int, str]  # (line, what is wrong there, with "Line N: " in front)


def _parse_rows(what: str, path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """The lines that read well, and what is wrong with every other line."""
    columns = COLUMNS[what]
    parsed: list[tuple[int, dict[str, Any]]] = []
    errors: list[Problem] = []
    seen: dict[str, int] = {}
    try:
        for line, raw in read_csv(path, [c.name for c in columns if not c.optional]):
            if "__error__" in raw:
                errors.append((line, f"Line {line}: {raw['__error__']}."))
                continue
            holding_nul = [name for name, cell in raw.items() if "\x00" in cell]
            if holding_nul:
                # PostgreSQL cannot store a NUL character and SQLite would keep it invisibly:
                # either way it is damage (a binary file, a bad conversion), not data.
                where = (
                    f"{holding_nul[0]} holds a NUL character"
                    if len(holding_nul) == 1
                    else f"{', '.join(holding_nul[:-1])} and {holding_nul[-1]} hold NUL characters"
                )
                errors.append(
                    (
                        line,
                        f"Line {line}: {where} (an invisible control code, often left by a "
                        "damaged or converted file). Delete it there, or export the file again "
                        "from the program it came from.",
                    )
                )
                continue
            values: dict[str, Any] = {}
            problems = len(errors)
            for column in columns:
                cell = raw.get(column.name)
                if cell is None or (column.blank_is_unset and not cell.strip()):
                    continue  # not given: the record keeps what it has, a new one the default
                try:
                    values[column.name] = column.parse(cell)
                except ValueError as exc:
                    errors.append((line, f"Line {line}: {column.name} “{cell}” {exc}."))
            key = str(values.get(KEYS[what], "")).strip()
            if key:
                if key in seen:
                    message = f"Line {line}: {KEYS[what]} {key} is also on line {seen[key]}."
                    errors.append((line, message))
                seen[key] = line
            if len(errors) == problems:
                parsed.append((line, values))
    except CsvFileError as exc:
        return [], [(1, str(exc))]
    return parsed, errors


def import_csv(uow: UnitOfWork, what: str, path: Path) -> ImportResult:
    """Add or update records from a CSV file: all lines, or none if any line is wrong.

    Every line is checked, the lines that read well by importing them in a transaction that
    is rolled back when any line is wrong, so one run lists every problem of the file.
    """
    rows, errors = _parse_rows(what, path)
    if errors and not rows:
        return ImportResult(0, 0, 0, tuple(message for _line, message in errors))
    importer = {
        "requests": import_request,
        "patrons": _import_patron,
        "libraries": _import_library,
    }[what]
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with uow:
        for line, values in rows:
            try:
                outcome = importer(uow, values)
            except (InvalidInput, CitationError, ValueError) as exc:
                errors.append((line, f"Line {line}: {exc}"))
                continue
            counts[outcome] += 1
        if errors:  # the transaction ends unsaved: nothing of the file is kept
            in_order = sorted(errors, key=lambda problem: problem[0])
            return ImportResult(0, 0, 0, tuple(message for _line, message in in_order))
        uow.commit()
    return ImportResult(counts["created"], counts["updated"], counts["unchanged"], ())


def _apply(record: Any, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(record, name) != value:
            setattr(record, name, value)
            changed = True
    return changed


def _needs(values: dict[str, Any], column: str, stored: Any, why: str) -> None:
    """A column no record may have blank: given and not blank, or left out for a record that
    exists (which keeps its own)."""
    given = values.get(column)
    if (given is None and stored is None) or (given is not None and not str(given).strip()):
        raise InvalidInput(f"{column} is blank: {why}")


def _import_patron(uow: UnitOfWork, values: dict[str, Any]) -> str:
    card = values["card_barcode"].strip()
    if not card:
        raise InvalidInput("card_barcode is blank: a patron needs a card number")
    patron = patron_by_card(uow.session, card)
    _needs(values, "surname", patron, "a patron needs a surname")
    # The address is checked and tidied as the desk does it; columns the file lacks keep what
    # is stored.
    stored = address_of(patron, "mail", PATRON_ADDRESS_PARTS) if patron else PostalAddress()
    address = checked_patron_address(
        PostalAddress(
            **{
                part: values.get(f"mail_{part}", getattr(stored, part))
                for part in PATRON_ADDRESS_PARTS
            }
        )
    )
    values.update({f"mail_{part}": getattr(address, part) for part in PATRON_ADDRESS_PARTS})
    if patron is None:
        uow.session.add(Patron(created_at=uow.now(), **values))
        uow.session.flush()
        return "created"
    return "updated" if _apply(patron, values) else "unchanged"


def _import_library(uow: UnitOfWork, values: dict[str, Any]) -> str:
    values["symbol"] = values["symbol"].strip().upper()
    if not values["symbol"]:
        raise InvalidInput("symbol is blank: a library needs its symbol")
    library = library_by_symbol(uow.session, values["symbol"])
    _needs(values, "name", library, "a library needs a name")
    if library is None:
        uow.session.add(Library(**values))
        uow.session.flush()
        return "created"
    return "updated" if _apply(library, values) else "unchanged"
