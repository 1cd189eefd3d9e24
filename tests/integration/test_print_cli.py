"""`illdesk print` as staff run it: a real process on a real SQLite file, PDFs read back by a
barcode decoder, and a printer that fails leaves every request exactly as it was."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import DeliveryMethod, Direction, Format, Service
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.services.shipping import packages as shipping
from illdesk.store.database import open_database
from illdesk.store.schema import Event
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN
from tests.integration.helpers import CARD, borrow, seed_directory
from tests.integration.test_print_service import all_barcodes, barcodes_per_page, pages_text


def illdesk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "illdesk", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )


class Desk:
    """A small library in a SQLite file: two lending requests waiting for pull slips, one
    borrowed book on the hold shelf and one shipped package."""

    def __init__(self, url: str, clock) -> None:
        self.url = url
        self.db = open_database(url, create=True)

        def uow(actor=ANN, *, read_only: bool = False) -> UnitOfWork:
            return UnitOfWork(self.db, actor, clock, read_only=read_only)

        self.uow = uow
        seed_directory(uow)
        with uow() as work:
            current = library_settings.load(work)
            home = library_settings.HomeLibrary(
                name="Riverside Library",
                symbol="RIV",
                address=PostalAddress(
                    name="Riverside Library",
                    street="12 College Way",
                    city="Eugene",
                    region="OR",
                    postal_code="97403",
                ),
            )
            library_settings.save(work, replace(current, home=home))
            work.commit()
        self.pulls = [
            self._lend("Networks", "QA760 .B2", "Main stacks"),
            self._lend("Databases", "QA76.9 .D3", "Main stacks"),
        ]
        self.shipped = self._lend("Quilts", "NK9112 .Q5", "Annex")
        requests.perform(uow(), self.shipped, "found")
        self.package = shipping.ship_package(
            uow(), "WAU", [self.shipped], DeliveryMethod.COURIER
        ).number
        row = borrow(uow, "Salmon and Rivers")
        for action in ("approve", "send"):
            requests.perform(uow(), row.number, action)
        requests.perform(uow(), row.number, "receive", {"lender_due_date": "2026-04-10"})
        self.band = row.number

    def _lend(self, title: str, call_number: str, location: str) -> str:
        row = create_request(
            self.uow(),
            NewRequest(
                Direction.LENDING,
                Service.LOAN,
                Format.BOOK,
                Citation(title=title),
                library_symbol="WAU",
                call_number=call_number,
                location=location,
            ),
        )
        requests.perform(self.uow(), row.number, "accept")
        return row.number

    def status(self, number: str) -> str:
        return requests.get_detail(self.uow(), number).row.status

    def events(self) -> int:
        with self.db.reading() as session:
            return int(session.scalar(sa.select(sa.func.count(Event.id))) or 0)


@pytest.fixture
def desk(tmp_path: Path, clock):
    made = Desk(f"sqlite:///{tmp_path / 'print.sqlite'}", clock)
    yield made
    made.db.dispose()


def fake_cups(folder: Path, *, fails_with: str = "") -> dict[str, str]:
    """A PATH holding only an `lp` that behaves like CUPS's: it keeps what it was sent in
    `folder/job.pdf` and answers with a job id, or fails the way lp does for a bad queue."""
    folder.mkdir(exist_ok=True)
    script = folder / "lp"
    if fails_with:
        body = f'echo "lp: {fails_with}" >&2\nexit 1\n'
    else:
        body = f'/bin/cat > "{folder / "job.pdf"}"\necho "request id is Desk_Laser-7 (0 file(s))"\n'
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return {**os.environ, "PATH": str(folder)}


def test_every_document_to_a_pdf_file_scans_back(desk: Desk, tmp_path: Path) -> None:
    events = desk.events()
    runs = {
        "pull-slips": (["--queue", "l-pull"], sorted(desk.pulls)),
        "book-band": ([desk.band], [desk.band]),
        "hold-slip": ([desk.band], [desk.band]),
        "label": (["--package", desk.package], [desk.package]),
        "packing-slip": (["--package", desk.package], sorted([desk.package, desk.shipped])),
    }
    for document, (selection, expected) in runs.items():
        out = tmp_path / f"{document}.pdf"
        result = illdesk("--database", desk.url, "print", document, *selection, "--pdf", str(out))
        assert result.returncode == 0, result.stderr
        assert str(out) in result.stdout
        dpi = 203 if document == "label" else 300
        assert all_barcodes(out.read_bytes(), dpi) == expected, document
    # A PDF file is not a print: nothing moved.
    assert desk.events() == events
    assert {desk.status(n) for n in desk.pulls} == {"pull_slip"}


def test_stock_and_dpi_for_one_run_and_pull_slips_marked_on_request(
    desk: Desk, tmp_path: Path
) -> None:
    out = tmp_path / "slips.pdf"
    result = illdesk(
        "--database",
        desk.url,
        "print",
        "pull-slips",
        *reversed(desk.pulls),
        "--stock",
        "thermal-4x6",
        "--dpi",
        "203",
        "--pdf",
        str(out),
        "--mark-printed",
    )
    assert result.returncode == 0, result.stderr
    # QA76.9 sorts before QA760 in shelf order, one slip per label.
    assert barcodes_per_page(out.read_bytes(), 203) == [[desk.pulls[1]], [desk.pulls[0]]]
    assert "2 request(s) moved to Stacks search" in result.stdout
    assert {desk.status(n) for n in desk.pulls} == {"stacks_search"}


def test_a_printer_that_does_not_exist_changes_nothing(desk: Desk) -> None:
    events = desk.events()
    result = illdesk(
        "--database",
        desk.url,
        "print",
        "pull-slips",
        "--queue",
        "l-pull",
        "--printer",
        "illdesk-no-such-printer",
    )
    assert result.returncode == 1
    reasons = ("does not exist", "CUPS is not installed", "(CUPS) on this computer is not running")
    assert any(reason in result.stderr for reason in reasons), result.stderr
    assert "The document was not lost" in result.stderr
    assert desk.events() == events
    assert {desk.status(n) for n in desk.pulls} == {"pull_slip"}


def test_without_cups_the_message_says_so(desk: Desk, tmp_path: Path) -> None:
    events = desk.events()
    no_cups = {**os.environ, "PATH": str(tmp_path / "empty")}
    result = illdesk(
        "--database",
        desk.url,
        "print",
        "pull-slips",
        *desk.pulls,
        "--printer",
        "Desk_Laser",
        env=no_cups,
    )
    assert result.returncode == 1
    assert "CUPS is not installed on this computer" in result.stderr
    assert "“Desk_Laser”" in result.stderr and "not lost" in result.stderr
    assert desk.events() == events
    assert {desk.status(n) for n in desk.pulls} == {"pull_slip"}


def test_lp_refusing_the_queue_changes_nothing(desk: Desk, tmp_path: Path) -> None:
    events = desk.events()
    env = fake_cups(tmp_path / "cups", fails_with="The printer or class does not exist.")
    result = illdesk(
        "--database",
        desk.url,
        "print",
        "pull-slips",
        "--queue",
        "l-pull",
        "--printer",
        "Gone_Printer",
        env=env,
    )
    assert result.returncode == 1
    assert "The printer “Gone_Printer” does not exist" in result.stderr
    assert desk.events() == events
    assert {desk.status(n) for n in desk.pulls} == {"pull_slip"}


def test_a_printer_that_takes_the_job_gets_the_pdf_and_slips_move_on(
    desk: Desk, tmp_path: Path
) -> None:
    env = fake_cups(tmp_path / "cups")
    result = illdesk(
        "--database",
        desk.url,
        "print",
        "pull-slips",
        "--queue",
        "l-pull",
        "--printer",
        "Desk_Laser",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "sent to Desk_Laser (job Desk_Laser-7)" in result.stdout
    sent = (tmp_path / "cups" / "job.pdf").read_bytes()
    assert all_barcodes(sent, 300) == sorted(desk.pulls)
    assert {desk.status(n) for n in desk.pulls} == {"stacks_search"}
    # The band of a borrowed book goes the same way and changes nothing.
    events = desk.events()
    band = illdesk(
        "--database", desk.url, "print", "book-band", desk.band, "--printer", "Desk_Laser", env=env
    )
    assert band.returncode == 0, band.stderr
    assert "21234000012347" in " ".join(pages_text((tmp_path / "cups" / "job.pdf").read_bytes()))
    assert desk.events() == events


def test_a_label_mails_a_borrowed_item_to_its_patron(desk: Desk, tmp_path: Path) -> None:
    jo = directory.find_patron(desk.uow(), CARD)
    home = PostalAddress(street="4 Pier Rd", city="Astoria", region="OR", postal_code="97103")
    directory.save_patron(
        desk.uow(),
        directory.PatronInput(CARD, "Müller", "Jo", address=home),
        patron_id=jo.id,
        expected_version=jo.version,
    )
    out = tmp_path / "patron-label.pdf"
    made = illdesk(
        "--database", desk.url, "print", "label", "--patron-of", desk.band, "--pdf", str(out)
    )
    assert made.returncode == 0, made.stderr
    assert all_barcodes(out.read_bytes(), 203) == [desk.band]
    assert "4 Pier Rd" in " ".join(pages_text(out.read_bytes()))
    both = illdesk(
        "--database",
        desk.url,
        "print",
        "label",
        "--patron-of",
        desk.band,
        "--package",
        desk.package,
        "--pdf",
        str(tmp_path / "x.pdf"),
    )
    assert both.returncode == 1 and "--patron-of alone" in both.stderr


def test_mistakes_are_explained(desk: Desk, tmp_path: Path) -> None:
    out = str(tmp_path / "x.pdf")
    nowhere = illdesk("--database", desk.url, "print", "book-band", desk.band)
    assert nowhere.returncode == 2 and "--pdf FILE, or --printer QUEUE" in nowhere.stderr
    wrong = illdesk("--database", desk.url, "print", "pull-slips", desk.band, "--pdf", out)
    assert wrong.returncode == 1 and "pull slips are for items we lend" in wrong.stderr
    stock = illdesk(
        "--database",
        desk.url,
        "print",
        "packing-slip",
        "--package",
        desk.package,
        "--stock",
        "thermal-4x6",
        "--pdf",
        out,
    )
    assert stock.returncode == 1 and "cannot be printed on thermal-4x6" in stock.stderr
    unknown = illdesk(
        "--database", desk.url, "print", "label", "--package", "P-26-000099", "--pdf", out
    )
    assert unknown.returncode == 1 and "No package has the number P-26-000099" in unknown.stderr
    assert not Path(out).exists()
