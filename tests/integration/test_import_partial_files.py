"""`illdesk import requests` reads a list typed by hand: only the columns that matter, blank
cells where there is nothing to say. What is wrong is named by column and line, every problem
of the file at once, in words (never Python's), and nothing of such a file is kept."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from illdesk.cli import main
from illdesk.services.admin import transfer
from illdesk.services.admin.csv_columns import REQUEST_COLUMNS
from illdesk.services.desk import requests
from illdesk.store.database import Database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import CARD, borrow, seed_directory

# Python's own words for a value it could not read: none may reach ILL staff.
PYTHON_WORDS = ("isoformat", "invalid literal", "is not a valid", "Traceback", "KeyError")


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _import(db: Database, path: Path) -> transfer.ImportResult:
    return transfer.import_csv(UnitOfWork(db, ANN), "requests", path)


def _export(db: Database, path: Path) -> list[dict[str, str]]:
    transfer.export_csv(UnitOfWork(db, ANN), "requests", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_short_list_makes_new_requests_with_the_desks_defaults(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    path = _write(
        tmp_path / "typed.csv",
        [
            ["direction", "title", "journal_title", "patron_card", "library_symbol"],
            ["borrowing", "Salmon and Rivers", "", CARD, ""],
            ["borrowing", "Tides of the Coast", "Oregon Historical Quarterly", CARD, ""],
            ["lending", "Quilts of the Oregon Trail", "", "", "WAU"],
        ],
    )
    result = _import(db, path)
    assert result.errors == () and result.created == 3
    made = {row["title"]: row for row in _export(db, tmp_path / "out.csv")}
    book, article, lent = (
        made["Salmon and Rivers"],
        made["Tides of the Coast"],
        made["Quilts of the Oregon Trail"],
    )
    assert (book["service"], book["format"], book["status"]) == ("loan", "book", "new")
    assert (article["service"], article["format"]) == ("copy", "article")
    assert book["number"].startswith("B-") and lent["number"].startswith("L-")
    assert book["renewals"] == "0" and book["source"] == "import" and book["created_at"]
    assert lent["library_symbol"] == "WAU"
    history = requests.get_detail(UnitOfWork(db, ANN), book["number"]).history
    assert [event.action for event in history] == ["import"]


def test_blank_cells_in_every_other_column_are_read_as_nothing_given(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    header = [column.name for column in REQUEST_COLUMNS]
    cells = dict.fromkeys(header, "")
    cells.update(direction="borrowing", title="Salmon and Rivers", patron_card=CARD)
    path = _write(tmp_path / "blanks.csv", [header, [cells[name] for name in header]])
    result = _import(db, path)
    assert result.errors == () and result.created == 1
    (row,) = _export(db, tmp_path / "out.csv")
    assert (row["status"], row["renewals"], row["recalled"], row["max_cost"]) == (
        "new",
        "0",
        "no",
        "",
    )


def test_a_file_without_the_direction_column_gets_one_message_naming_it(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    rows = [["title", "patron_card"]] + [[f"Book {n}", CARD] for n in range(30)]
    result = _import(db, _write(tmp_path / "no-direction.csv", rows))
    (message,) = result.errors
    assert "lacks the column(s) direction in its first line" in message


def test_every_problem_is_named_by_column_and_line_and_nothing_is_kept(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    before = _export(db, tmp_path / "before.csv")
    path = _write(
        tmp_path / "mixed.csv",
        [
            ["direction", "title", "patron_card", "format", "created_at", "renewals"],
            ["borrowing", "A good line", CARD, "", "", ""],
            ["borrowing", "", CARD, "", "", ""],
            ["borrowing", "Spelled wrong", CARD, "bok", "2026-01-01", "two"],
            ["borrowing", "No card", "", "", "", ""],
            ["", "No direction", CARD, "", "", ""],
            ["lending", "No library", "", "", "", ""],
        ],
    )
    result = _import(db, path)
    assert result.errors == (
        "Line 3: title is blank: a request needs a title (or an article title)",
        "Line 4: format “bok” should be one of: book, article, chapter, thesis, audiovisual, "
        "other.",
        "Line 4: created_at “2026-01-01” should end with its time zone (for example +00:00).",
        "Line 4: renewals “two” should be a whole number.",
        "Line 5: patron_card is blank: a borrowing request needs the patron's card",
        "Line 6: direction is blank: a new request is borrowing or lending",
        "Line 7: library_symbol is blank: a lending request needs the borrowing library's symbol",
    )
    assert _export(db, tmp_path / "after.csv") == before  # not even line 2


def test_a_file_with_a_number_and_a_note_changes_only_the_note(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    row = borrow(uow)
    requests.perform(uow(), row.number, "approve")
    (before,) = _export(db, tmp_path / "before.csv")
    path = _write(
        tmp_path / "notes.csv",
        [["number", "direction", "status", "note"], [row.number, "", "", "Checked by phone"]],
    )
    result = _import(db, path)
    assert (result.errors, result.updated) == ((), 1)
    (after,) = _export(db, tmp_path / "after.csv")
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"note", "updated_at"} and after["note"] == "Checked by phone"
    assert after["status"] == before["status"] == "ready_to_send"


def test_the_command_line_shows_no_python_words_for_blank_cells(
    db_url: str, db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path, capsys
) -> None:
    seed_directory(uow)
    path = _write(
        tmp_path / "hand.csv",
        [
            ["number", "direction", "service", "status", "created_at", "title", "patron_card"],
            ["", "borrowing", "", "", "", "", CARD],
            ["", "borrowing", "", "", "", "Salmon and Rivers", CARD],
        ],
    )
    assert main(["--database", db_url, "import", "requests", str(path)]) == 1
    err = capsys.readouterr().err
    assert "Line 2: title is blank" in err and "Nothing was imported" in err
    assert not any(words in err for words in PYTHON_WORDS), err
    _write(path, [["direction", "title", "patron_card"], ["borrowing", "Salmon and Rivers", CARD]])
    assert main(["--database", db_url, "import", "requests", str(path)]) == 0
    assert "1 new" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["borrowed", "BORROWING!"])
def test_a_wrong_direction_lists_the_right_words(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path, bad: str
) -> None:
    seed_directory(uow)
    path = _write(tmp_path / "bad.csv", [["direction", "title", "patron_card"], [bad, "X", CARD]])
    (message,) = _import(db, path).errors
    assert message == f"Line 2: direction “{bad}” should be one of: borrowing, lending."


def _import_what(db: Database, what: str, path: Path) -> transfer.ImportResult:
    return transfer.import_csv(UnitOfWork(db, ANN), what, path)


def _export_what(db: Database, what: str, path: Path) -> dict[str, dict[str, str]]:
    transfer.export_csv(UnitOfWork(db, ANN), what, path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    key = "card_barcode" if what == "patrons" else "symbol"
    return {row[key]: row for row in rows}


def test_patron_and_library_lists_need_only_their_key_and_name(
    db: Database, uow: Callable[..., UnitOfWork], tmp_path: Path
) -> None:
    seed_directory(uow)
    patrons = _write(
        tmp_path / "patrons.csv",
        [
            ["card_barcode", "surname", "email", "patron_type", "status"],
            ["21234000055556", "Nakamura", "k.n@example.edu", "", ""],
            [CARD, "", "new@example.edu", "", ""],  # an existing patron: a blank surname
            ["21234000066663", "", "", "", ""],  # a new one without a surname
        ],
    )
    assert _import_what(db, "patrons", patrons).errors == (
        "Line 3: surname is blank: a patron needs a surname",
        "Line 4: surname is blank: a patron needs a surname",
    )
    _write(
        patrons,
        [
            ["card_barcode", "surname", "email", "patron_type"],
            ["21234000055556", "Nakamura", "k.n@example.edu", ""],
        ],
    )
    updates = _write(
        tmp_path / "emails.csv", [["card_barcode", "email"], [CARD, "new@example.edu"]]
    )
    assert _import_what(db, "patrons", patrons).created == 1
    assert _import_what(db, "patrons", updates).updated == 1
    stored = _export_what(db, "patrons", tmp_path / "out.csv")
    new, changed = stored["21234000055556"], stored[CARD]
    assert (new["patron_type"], new["status"]) == ("community", "active")
    assert (changed["surname"], changed["email"]) == ("Müller", "new@example.edu")

    libraries = _write(
        tmp_path / "libraries.csv",
        [["symbol", "name", "charge", "loan_days"], ["nyp", "New York Public", "", ""]],
    )
    assert _import_what(db, "libraries", libraries).created == 1
    library = _export_what(db, "libraries", tmp_path / "libs.csv")["NYP"]
    assert (library["name"], library["charge"], library["loan_days"]) == (
        "New York Public",
        "0.00",
        "28",
    )
