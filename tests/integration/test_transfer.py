"""CSV export and import: exact round trips, spreadsheet safety, all-or-nothing imports."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from illdesk.core.address import PostalAddress
from illdesk.services.admin import transfer
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import borrow, lend, seed_directory

# A distance learner abroad, with cells a spreadsheet would otherwise run or mangle.
MAILED_TO = PostalAddress(
    street='=1+2 rue "Saint-Denis", app. 3',
    street2="'C.P. 45, 007",
    city="Montréal",
    region="QC",
    postal_code="H2X 1Y4",
    country="CA",
)


@pytest.fixture
def filled(uow):
    seed_directory(uow)
    directory.save_patron(
        uow(), directory.PatronInput("21234000077774", "Tremblay", "Élise", address=MAILED_TO)
    )
    a = borrow(uow, '=HYPERLINK("http://evil")', isbn="0-306-40615-2")
    requests.perform(uow(), a.number, "approve")
    requests.perform(uow(), a.number, "send")
    requests.perform(uow(), a.number, "lender_unfilled", {"reason": "NotOnShelf"})
    requests.perform(uow(), a.number, "receive", {"restrictions": "'Library use only"})
    b = lend(uow, 'Über die Brücken — 橋の歴史 — مكتبة, "quoted"\nsecond line')
    requests.perform(uow(), b.number, "accept")
    requests.edit_request(
        uow(),
        b.number,
        {"max_cost": "12.5", "note": "-5 pages missing"},
        expected_version=requests.get_detail(uow(), b.number).row.version,
    )
    return a, b


def export_all(db, folder: Path) -> dict[str, bytes]:
    out = {}
    for what in ("libraries", "patrons", "requests"):
        path = folder / f"{what}.csv"
        transfer.export_csv(UnitOfWork(db, ANN), what, path)
        out[what] = path.read_bytes()
    return out


def test_round_trip_into_an_empty_database_is_exact(db, filled, tmp_path: Path, sqlite_template):
    (tmp_path / "a").mkdir()
    first = export_all(db, tmp_path / "a")
    target_path = tmp_path / "copy.sqlite"
    target_path.write_bytes(sqlite_template.read_bytes())
    target = open_database(f"sqlite:///{target_path}")
    for what in ("libraries", "patrons", "requests"):
        result = transfer.import_csv(UnitOfWork(target, ANN), what, tmp_path / "a" / f"{what}.csv")
        assert result.errors == () and result.created > 0
    (tmp_path / "b").mkdir()
    second = export_all(target, tmp_path / "b")
    assert second == first
    assert directory.find_patron(UnitOfWork(target, ANN), "21234000077774").address == MAILED_TO
    # Importing the same file again changes nothing.
    again = transfer.import_csv(
        UnitOfWork(target, ANN), "requests", tmp_path / "a" / "requests.csv"
    )
    assert (again.created, again.updated, again.errors) == (0, 0, ())
    target.dispose()


def test_export_is_safe_in_a_spreadsheet(db, filled, tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    transfer.export_csv(UnitOfWork(db, ANN), "requests", path)
    text = path.read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in text and ",=" not in text
    assert "'-5 pages missing" in text
    assert "''Library use only" in text  # a real leading apostrophe is kept, doubled


def test_bad_lines_are_all_reported_and_nothing_is_written(db, filled, tmp_path: Path) -> None:
    path = tmp_path / "requests.csv"
    transfer.export_csv(UnitOfWork(db, ANN), "requests", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    cells = next(r for r in rows if r[0].startswith("B-"))
    bad_isbn = list(cells)
    bad_isbn[header.index("isbn")] = "12345"
    bad_number = list(cells)
    bad_number[header.index("number")] = "X-1"
    bad_status = list(cells)
    bad_status[header.index("status")] = "on_loan"  # a lending status on a borrowing request
    bad_status[header.index("number")] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, bad_isbn, bad_number, bad_status])
    before = requests.get_detail(UnitOfWork(db, ANN), cells[0])
    result = transfer.import_csv(UnitOfWork(db, ANN), "requests", path)
    assert len(result.errors) == 3
    assert result.errors[0].startswith("Line 2:") and "ISBN" in result.errors[0]
    assert result.errors[1].startswith("Line 3:") and "X-1" in result.errors[1]
    assert result.errors[2].startswith("Line 4:") and "on_loan" in result.errors[2]
    after = requests.get_detail(UnitOfWork(db, ANN), cells[0])
    assert after == before


def test_a_file_that_is_not_csv_text_is_refused_clearly(db, tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"\xff\xfe\x00binary\x00junk")
    result = transfer.import_csv(UnitOfWork(db, ANN), "patrons", path)
    assert len(result.errors) == 1 and "UTF-8" in result.errors[0]
    path.write_text("name,phone\r\nA,1\r\n", encoding="utf-8")
    result = transfer.import_csv(UnitOfWork(db, ANN), "patrons", path)
    assert "lacks the column(s) card_barcode" in result.errors[0]


def _patron_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def _write_rows(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])


def test_patron_mailing_addresses_are_exported_and_checked_on_import(db, filled, tmp_path):
    path = tmp_path / "patrons.csv"
    transfer.export_csv(UnitOfWork(db, ANN), "patrons", path)
    header, rows = _patron_rows(path)
    mail = [
        f"mail_{part}" for part in ("street", "street2", "city", "region", "postal_code", "country")
    ]
    assert header[-6:] == mail
    tremblay = next(row for row in rows if row[0] == "21234000077774")
    assert tremblay[-6:] == [
        '\'=1+2 rue "Saint-Denis", app. 3',
        "''C.P. 45, 007",
        "Montréal",
        "QC",
        "H2X 1Y4",
        "CA",
    ]
    assert next(row for row in rows if row[0] != "21234000077774")[-6:] == [""] * 5 + ["US"]
    # A line whose address lacks its city is refused in the desk's words; nothing is written.
    half = list(tremblay)
    half[header.index("mail_city")] = ""
    half[header.index("surname")] = "Tremblay-Roy"
    _write_rows(path, header, [half])
    result = transfer.import_csv(UnitOfWork(db, ANN), "patrons", path)
    assert result.errors == (
        "Line 2: The postal address is missing the city. Items are mailed "
        "only to a street, city and postal code; clear every line of the "
        "address if the patron collects items at the desk.",
    )
    assert directory.find_patron(UnitOfWork(db, ANN), "21234000077774").surname == "Tremblay"
    # A file from before mailing addresses is still read, and keeps the stored address.
    old = [i for i, name in enumerate(header) if not name.startswith("mail_")]
    renamed = list(tremblay)
    renamed[header.index("surname")] = "Tremblay-Roy"
    _write_rows(path, [header[i] for i in old], [[renamed[i] for i in old]])
    result = transfer.import_csv(UnitOfWork(db, ANN), "patrons", path)
    assert (result.updated, result.errors) == (1, ())
    patron = directory.find_patron(UnitOfWork(db, ANN), "21234000077774")
    assert (patron.surname, patron.address) == ("Tremblay-Roy", MAILED_TO)


def test_package_and_tracking_numbers_are_exported_and_the_file_still_imports(
    db, filled, uow, tmp_path: Path, sqlite_template
) -> None:
    from illdesk.core.vocabulary import DeliveryMethod
    from illdesk.services.shipping import packages as shipping

    a, _b = filled
    requests.perform(uow(), a.number, "check_out")
    requests.perform(uow(), a.number, "patron_return")
    package = shipping.ship_package(uow(), "WAU", [a.number], DeliveryMethod.POST, "LZ123CA")
    path = tmp_path / "requests.csv"
    transfer.export_csv(UnitOfWork(db, ANN), "requests", path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["number"]: row for row in csv.DictReader(handle)}
    assert rows[a.number]["package_numbers"] == package.number
    assert rows[a.number]["tracking_numbers"] == "LZ123CA"
    assert rows[_b.number]["package_numbers"] == rows[_b.number]["tracking_numbers"] == ""
    # The file goes back in: unchanged here, and whole into an empty database.
    again = transfer.import_csv(UnitOfWork(db, ANN), "requests", path)
    assert (again.created, again.updated, again.errors) == (0, 0, ())
    target_path = tmp_path / "copy.sqlite"
    target_path.write_bytes(sqlite_template.read_bytes())
    target = open_database(f"sqlite:///{target_path}")
    for what in ("libraries", "patrons"):
        transfer.export_csv(UnitOfWork(db, ANN), what, tmp_path / f"{what}.csv")
        assert (
            transfer.import_csv(UnitOfWork(target, ANN), what, tmp_path / f"{what}.csv").errors
            == ()
        )
    result = transfer.import_csv(UnitOfWork(target, ANN), "requests", path)
    assert result.errors == () and result.created == 2
    target.dispose()
