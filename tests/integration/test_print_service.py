"""Every printed document made from the database, on SQLite and PostgreSQL, read back by a
barcode decoder at the two thermal resolutions, the way the receiving desk will scan it."""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest
import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import DeliveryMethod, Direction, Format, Service
from illdesk.printing.model import BookBandLayout, PrintProfile, Stock
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.printing import documents as printing
from illdesk.services.printing import package_documents, request_fields
from illdesk.services.printing import slips as slip_documents
from illdesk.services.shipping import packages as shipping
from illdesk.store.schema import Event
from tests.integration.helpers import CARD, borrow, seed_directory
from tests.unit.printing.conftest import PdfChecker

DPIS = (203, 300)
HOME = PostalAddress(
    name="Riverside Community College Library",
    department="Interlibrary Loan",
    street="12 College Way",
    city="Eugene",
    region="OR",
    postal_code="97403",
)


def pages_text(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_range())
            text_page.close()
        return texts
    finally:
        document.close()


def barcodes_per_page(pdf: bytes, dpi: int) -> list[list[str]]:
    """What a scanner reads from each page of the PDF, rendered at the printer's resolution."""
    checker = PdfChecker()
    document = pdfium.PdfDocument(pdf)
    try:
        images = [
            document[i].render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
            for i in range(len(document))
        ]
    finally:
        document.close()
    return [sorted(checker.decode(image)) for image in images]


def all_barcodes(pdf: bytes, dpi: int) -> list[str]:
    return sorted(value for page in barcodes_per_page(pdf, dpi) for value in page)


@pytest.fixture(autouse=True)
def _directory(uow) -> None:
    seed_directory(uow)
    with uow() as work:
        current = library_settings.load(work)
        library_settings.save(
            work,
            replace(
                current,
                home=library_settings.HomeLibrary(
                    name="Riverside Library",
                    symbol="RIV",
                    email="ill@riverside.example.edu",
                    address=HOME,
                ),
            ),
        )
        work.commit()


def on_hold_shelf(uow, title: str, restrictions: str = "") -> str:
    row = borrow(uow, title, allow_duplicate=True)
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    requests.perform(
        uow(),
        row.number,
        "receive",
        {"lender_due_date": "2026-04-10", "restrictions": restrictions},
    )
    return row.number


def lending(uow, title: str, call_number: str, location: str, library: str = "WAU") -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            library_symbol=library,
            call_number=call_number,
            location=location,
        ),
    )
    requests.perform(uow(), row.number, "accept")
    return row.number


def event_count(db) -> int:
    with db.reading() as session:
        return int(session.scalar(sa.select(sa.func.count(Event.id))) or 0)


@pytest.mark.parametrize("dpi", DPIS)
def test_book_band_scans_and_shows_the_card_not_the_name_by_default(uow, db, dpi) -> None:
    number = on_hold_shelf(uow, "Salmon and Rivers", "Library use only; no renewals")
    events = event_count(db)
    pdf = slip_documents.book_band(uow(), number, PrintProfile(Stock.LETTER, dpi))
    assert all_barcodes(pdf, dpi) == [number]
    text = " ".join(pages_text(pdf))
    assert CARD in text and "Müller" not in text
    assert "LIBRARY USE ONLY" in text and "NO RENEWALS" in text
    assert "Oregon State University (ORE)" in text
    # Printing is reading: no event, no change.
    assert event_count(db) == events
    assert requests.get_detail(uow(), number).row.status == "on_hold_shelf"


def test_book_band_names_the_patron_when_the_library_allows_it(uow) -> None:
    number = on_hold_shelf(uow, "Salmon and Rivers")
    with uow() as work:
        current = library_settings.load(work)
        library_settings.save(work, replace(current, band_shows_patron_name=True))
        work.commit()
    pdf = slip_documents.book_band(
        uow(), number, PrintProfile(Stock.THERMAL_2X6, 203), layout=BookBandLayout.SINGLE
    )
    text = " ".join(pages_text(pdf))
    assert "Müller, Jo" in text
    assert all_barcodes(pdf, 203) == [number]


@pytest.mark.parametrize("dpi", DPIS)
def test_a_queue_of_bands_and_hold_slips_is_one_pdf(uow, dpi) -> None:
    numbers = [on_hold_shelf(uow, f"Rivers volume {i}") for i in range(4)]
    bands = slip_documents.book_bands(
        uow(), queue="b-hold", profile=PrintProfile(Stock.LETTER, dpi)
    )
    assert [len(page) for page in barcodes_per_page(bands, dpi)] == [3, 1]
    assert all_barcodes(bands, dpi) == sorted(numbers)
    slips = slip_documents.hold_slips(
        uow(), numbers[:2], profile=PrintProfile(Stock.THERMAL_4X3, dpi)
    )
    assert barcodes_per_page(slips, dpi) == [[numbers[0]], [numbers[1]]]
    text = " ".join(pages_text(slips))
    assert CARD in text and "Müller" not in text


def test_hold_slip_is_held_ten_days_but_never_past_the_due_date(uow) -> None:
    number = on_hold_shelf(uow, "Salmon")
    text = " ".join(pages_text(slip_documents.hold_slip(uow(), number)))
    # Received on 2 March 2026: held until 12 March (the patron's due date is 3 April).
    assert "12" in text and "Mar" in text
    assert all_barcodes(slip_documents.hold_slip(uow(), number), 300) == [number]


@pytest.mark.parametrize("dpi", DPIS)
def test_pull_slips_come_out_in_location_and_shelf_order(uow, db, dpi) -> None:
    made = {
        "QA760 .B2 2019": lending(uow, "Networks", "QA760 .B2 2019", "Main stacks"),
        "025.62 SMI": lending(uow, "Practices", "025.62 SMI", "Science Library"),
        "QA76.9 .D3 2020": lending(uow, "Databases", "QA76.9 .D3 2020", "Main stacks"),
        "Z713 .H36": lending(uow, "Resource sharing", "Z713 .H36", "Annex"),
    }
    expected = [made[c] for c in ("Z713 .H36", "QA76.9 .D3 2020", "QA760 .B2 2019", "025.62 SMI")]
    events = event_count(db)
    pdf = slip_documents.pull_slips(
        uow(), queue="l-pull", profile=PrintProfile(Stock.THERMAL_4X6, dpi)
    )
    assert barcodes_per_page(pdf, dpi) == [[n] for n in expected]
    letter = slip_documents.pull_slips(
        uow(), list(made.values()), profile=PrintProfile(Stock.A4, dpi)
    )
    assert all_barcodes(letter, dpi) == sorted(made.values())
    # Neither batch moved a request on.
    assert event_count(db) == events
    assert requests.get_detail(uow(), expected[0]).row.status == "pull_slip"


def test_marking_pull_slips_printed_moves_each_request_once(uow, db) -> None:
    first = lending(uow, "Networks", "QA760 .B2", "Main stacks")
    second = lending(uow, "Databases", "QA76.9 .D3", "Main stacks")
    numbers = printing.queue_numbers(uow(), "l-pull")
    assert numbers == (first, second)
    done = slip_documents.mark_pull_slips_printed(uow(), numbers)
    assert [r.number for r in done] == [first, second]
    assert {requests.get_detail(uow(), n).row.status for n in numbers} == {"stacks_search"}
    events = event_count(db)
    # A reprint of the same batch is harmless.
    assert slip_documents.mark_pull_slips_printed(uow(), numbers) == []
    assert event_count(db) == events


@pytest.mark.parametrize("dpi", DPIS)
def test_label_and_packing_slip_of_a_shipped_package(uow, dpi) -> None:
    numbers = [lending(uow, f"Quilts {i}", f"NK9112 .Q{i}", "Main stacks") for i in range(3)]
    for number in numbers:
        requests.perform(uow(), number, "found")
    package = shipping.ship_package(uow(), "WAU", numbers, DeliveryMethod.LIBRARY_MAIL)
    label = package_documents.mailing_label(
        uow(), package.number, profile=PrintProfile(Stock.THERMAL_4X6, dpi)
    )
    assert all_barcodes(label, dpi) == [package.number]
    label_text = " ".join(pages_text(label))
    assert "LIBRARY MAIL" in label_text and "12 College Way" in label_text
    assert "University of Washington" in label_text
    slip = package_documents.packing_slip(uow(), package.number, PrintProfile(Stock.LETTER, dpi))
    assert all_barcodes(slip, dpi) == sorted([package.number, *numbers])
    assert "Riverside Library" in " ".join(pages_text(slip))


def test_returns_package_by_courier_label_sheet_and_a_label_without_package(uow) -> None:
    numbers = [on_hold_shelf(uow, t) for t in ("Timber", "Bridges")]
    for number in numbers:
        requests.perform(uow(), number, "check_out")
        requests.perform(uow(), number, "patron_return")
    package = shipping.ship_package(uow(), "ORE", numbers, DeliveryMethod.COURIER)
    slip = package_documents.packing_slip(uow(), package.number, PrintProfile(Stock.A4, 300))
    assert all_barcodes(slip, 300) == sorted([package.number, *numbers])
    assert "returned with thanks" in " ".join(pages_text(slip))
    sheet = package_documents.mailing_labels(
        uow(), [package.number, package.number], PrintProfile(Stock.LETTER_LABELS_2X5, 300)
    )
    assert all_barcodes(sheet, 300) == [package.number, package.number]
    loose = package_documents.mailing_label(uow(), library_symbol="msu", method="post")
    assert all_barcodes(loose, 203) == ["MSU"]


def test_a_package_of_a_return_and_a_loan_tells_each_line_what_applies(uow) -> None:
    returned = on_hold_shelf(uow, "Timber")
    requests.perform(uow(), returned, "check_out")
    requests.perform(uow(), returned, "patron_return")
    lent = lending(uow, "Quilts", "NK9112 .Q5", "Main stacks", library="ORE")
    requests.perform(uow(), lent, "found")
    package = shipping.ship_package(uow(), "ORE", [returned, lent], DeliveryMethod.COURIER)
    slip = package_documents.packing_slip(uow(), package.number, PrintProfile(Stock.LETTER, 300))
    text = " ".join(" ".join(pages_text(slip)).split())
    assert "Please return each item to Riverside Library by its due date" not in text
    assert "return each item that shows a due date to Riverside Library by that date" in text
    # One line (the return) says it is returned; the instructions name that mark once more.
    assert text.count("Returned with thanks") == 2
    assert all_barcodes(slip, 300) == sorted([package.number, returned, lent])


@pytest.mark.parametrize("dpi", DPIS)
def test_label_mails_a_borrowed_item_to_its_patron(uow, db, dpi) -> None:
    number = on_hold_shelf(uow, "Salmon and Rivers")
    with pytest.raises(InvalidInput, match="has no mailing address"):
        package_documents.patron_mailing_label(uow(), number)
    jo = directory.find_patron(uow(), CARD)
    home = PostalAddress(
        street="4 Pier Rd", street2="Apt 2", city="Astoria", region="OR", postal_code="97103"
    )
    directory.save_patron(
        uow(),
        directory.PatronInput(CARD, "Müller", "Jo", address=home),
        patron_id=jo.id,
        expected_version=jo.version,
    )
    events = event_count(db)
    label = package_documents.patron_mailing_label(
        uow(), number, PrintProfile(Stock.THERMAL_4X6, dpi)
    )
    assert all_barcodes(label, dpi) == [number]
    text = " ".join(pages_text(label))
    assert "Jo Müller" in text and "4 Pier Rd" in text and "Astoria, OR 97103" in text
    assert "12 College Way" in text  # from us
    assert event_count(db) == events
    lent = lending(uow, "Quilts", "NK9112 .Q5", "Main stacks")
    with pytest.raises(InvalidInput, match="not borrowed for a patron"):
        package_documents.patron_mailing_label(uow(), lent)


def test_refusals_are_explained_and_change_nothing(uow, db) -> None:
    band_less = borrow(uow, "Not here yet").number
    lent = lending(uow, "Quilts", "NK9112 .Q5", "Main stacks")
    events = event_count(db)
    with pytest.raises(InvalidInput, match="receive it before printing its band"):
        slip_documents.book_band(uow(), band_less)
    with pytest.raises(InvalidInput, match="pull slips are for items we lend"):
        slip_documents.pull_slips(uow(), [lent, band_less])
    with pytest.raises(NotFound, match="No request has the number B-26-999999"):
        slip_documents.book_bands(uow(), ["B-26-999999"])
    with pytest.raises(NotFound, match="no queue called"):
        slip_documents.pull_slips(uow(), queue="nonsense")
    with pytest.raises(InvalidInput, match="is empty"):
        slip_documents.book_bands(uow(), queue="b-hold")
    with pytest.raises(NotFound, match="No package has the number"):
        package_documents.packing_slip(uow(), "P-26-000009")
    assert event_count(db) == events


def test_restrictions_as_staff_type_them() -> None:
    assert request_fields.split_restrictions("LIBRARY USE ONLY. No renewal, Keep dry") == (
        True,
        True,
        ("Keep dry",),
    )
    assert request_fields.split_restrictions("") == (False, False, ())


def test_a_loose_label_goes_by_the_librarys_first_physical_method(uow) -> None:
    from illdesk.core.address import PostalAddress
    from illdesk.services.directory import entries as directory

    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="WSL",
            name="Washington State Library",
            delivery_methods=(DeliveryMethod.ELECTRONIC, DeliveryMethod.COURIER),
            shipping_address=PostalAddress(
                name="Washington State Library",
                street="6880 Capitol Blvd SE",
                city="Tumwater",
                region="WA",
                postal_code="98501",
            ),
        ),
    )
    text = " ".join(
        pages_text(package_documents.mailing_label(uow(), library_symbol="WSL"))
    ).casefold()
    assert "courier" in text and "electronic" not in text
