"""Every barcode ILL Desk prints scans back to the record it was printed for.

The real printing code makes the PDF, pypdfium2 renders it at a thermal printer's 203 dpi,
zxing-cpp decodes it as a scanner would (Code 39 upper case, Codabar without start/stop), and
the scanning desk's own lookup must find the same request, package or library, on SQLite and
PostgreSQL.
"""

from __future__ import annotations

from dataclasses import replace

import pypdfium2 as pdfium
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.scan import ScanKind, normalize_scan
from illdesk.core.vocabulary import DeliveryMethod, Direction, Format, Service
from illdesk.printing import barcodes
from illdesk.printing.layout import Box
from illdesk.printing.model import PrintProfile, Stock
from illdesk.printing.pen import Pen
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests
from illdesk.services.desk import scan as desk_scan
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.desk.scan import DeskState, handle_scan
from illdesk.services.directory import entries as directory
from illdesk.services.printing import package_documents, slips
from illdesk.services.shipping import packages as shipping
from illdesk.store import barcode_lookup
from illdesk.store.schema import Request
from tests.integration.helpers import borrow, seed_directory
from tests.unit.printing.conftest import PdfChecker

DPI = 203
THERMAL = PrintProfile(Stock.THERMAL_4X6, DPI)
CODE39_SAFE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-."

item_barcodes = st.one_of(
    st.from_regex(r"3[0-9]{13}", fullmatch=True),  # 14-digit library item
    st.text(CODE39_SAFE, min_size=4, max_size=14).filter(lambda t: t[0] not in "-."),
    st.from_regex(r"[ABCDabcd][0-9]{6,14}[ABCDabcd]", fullmatch=True),  # Codabar as stored
    st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_#/+]{3,12}", fullmatch=True),  # Code 39 cannot hold
)
temp_barcodes = st.one_of(
    st.from_regex(r"ILL[0-9]{8}", fullmatch=True),
    st.from_regex(r"ill[0-9]{8}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9]{4,12}", fullmatch=True),
)


def decoded(pdf: bytes) -> list[str]:
    """Every barcode on every page, as a scanner reads it at the printer's resolution."""
    checker = PdfChecker()
    document = pdfium.PdfDocument(pdf)
    try:
        found: list[str] = []
        for page in document:
            image = page.render(scale=DPI / 72.0, grayscale=True).to_pil().convert("L")
            found.extend(checker.decode(image))
        return found
    finally:
        document.close()


def resolve_request(uow, text: str) -> int | None:
    """The request the scanning desk finds for a decoded barcode (open first, then any)."""
    scan = normalize_scan(text)
    shape = scan.shape
    number = shape.value if shape.kind is ScanKind.REQUEST_NUMBER else None
    with uow() as work:
        record = desk_scan._find_request(work, scan.text, number)
        if record is not None:
            return record.id
        done = desk_scan._finished_request(work, scan.text)
        return None if done is None else done.id


def request_id(uow, number: str) -> int:
    with uow(read_only=True) as work:
        return work.session.scalars(sa.select(Request.id).where(Request.number == number)).one()


def set_column(uow, number: str, **values: str) -> None:
    with uow() as work:
        work.session.execute(sa.update(Request).where(Request.number == number).values(**values))
        work.commit()


def lending(uow) -> str:
    row = create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Quilts"),
            library_symbol="WAU",
            call_number="NK9112 .Q5",
            location="Main stacks",
        ),
    )
    requests.perform(uow(), row.number, "accept")
    return row.number


@pytest.fixture(autouse=True)
def _directory(uow) -> None:
    seed_directory(uow)
    with uow() as work:
        current = library_settings.load(work)
        home = library_settings.HomeLibrary(
            name="Riverside Library",
            symbol="RIV",
            address=PostalAddress(
                name="Riverside Library", street="12 College Way", city="Eugene", region="OR"
            ),
        )
        library_settings.save(work, replace(current, home=home))
        work.commit()


_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_SETTINGS
@given(item_barcode=item_barcodes)
def test_a_pull_slip_scans_back_to_its_request(uow, item_barcode: str) -> None:
    number = lending(uow)
    set_column(uow, number, item_barcode=item_barcode)
    pdf = slips.pull_slips(uow(), [number], profile=THERMAL)
    texts = decoded(pdf)
    assert len(texts) == 2, texts  # the request number and the item's own barcode
    expected = request_id(uow, number)
    for text in texts:
        assert resolve_request(uow, text) == expected, (item_barcode, text)


@_SETTINGS
@given(temp_barcode=temp_barcodes)
def test_a_temporary_barcode_scans_back_to_its_request(uow, temp_barcode: str) -> None:
    number = borrow(uow, "Timber", allow_duplicate=True).number
    set_column(uow, number, temp_barcode=temp_barcode)
    pen = Pen(THERMAL)
    pen.barcode(temp_barcode, Box(18, 200, 250, 60), symbology=barcodes.Symbology.CODE128)
    (text,) = decoded(pen.finish().pdf)
    assert resolve_request(uow, text) == request_id(uow, number)


@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
@given(items=st.integers(min_value=1, max_value=2))
def test_a_package_label_and_slip_scan_back(uow, items: int) -> None:
    numbers = [lending(uow) for _ in range(items)]
    for number in numbers:
        requests.perform(uow(), number, "found")
    package = shipping.ship_package(uow(), "WAU", numbers, DeliveryMethod.LIBRARY_MAIL)
    label = decoded(package_documents.mailing_label(uow(), package.number, profile=THERMAL))
    assert label == [package.number]
    slip = decoded(
        package_documents.packing_slip(uow(), package.number, PrintProfile(Stock.LETTER, DPI))
    )
    for text in [*label, *slip]:
        with uow(read_only=True) as work:
            found = barcode_lookup.find_package(work.session, normalize_scan(text).text)
            if found is not None:
                assert found.number == package.number
                continue
        assert resolve_request(uow, text) in {request_id(uow, n) for n in numbers}


def test_lower_case_and_codabar_barcodes_are_found_at_the_desk(uow) -> None:
    lower = lending(uow)
    set_column(uow, lower, item_barcode="ab-4471x")
    codabar = lending(uow)
    set_column(uow, codabar, item_barcode="A31234000056786B")
    # What the scanners send back: Code 39 in upper case, Codabar without start/stop.
    result, _ = handle_scan(uow(), "AB-4471X", DeskState())
    assert result.number == lower, result.headline
    result, _ = handle_scan(uow(), "]F031234000056786", DeskState())
    assert result.number == codabar, result.headline


def test_a_library_whose_symbol_is_not_ascii_gets_a_label_that_scans_back(uow) -> None:
    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="国NDL",
            name="国立国会図書館 (National Diet Library)",
            shipping_address=PostalAddress(
                name="National Diet Library", street="1-10-1 Nagatacho", city="Tokyo", country="JP"
            ),
            delivery_methods=(DeliveryMethod.POST,),
        ),
    )
    pdf = package_documents.mailing_label(uow(), library_symbol="国ndl", profile=THERMAL)
    (text,) = decoded(pdf)
    assert text.startswith("LIBRARY-")
    with uow(read_only=True) as work:
        found = barcode_lookup.find_library_by_label(work.session, normalize_scan(text).text)
        assert found is not None and found.symbol == "国NDL"
    # A symbol Code 128 can hold is still carried as itself.
    (plain,) = decoded(
        package_documents.mailing_label(uow(), library_symbol="wau", profile=THERMAL)
    )
    assert plain == "WAU"
    with uow(read_only=True) as work:
        found = barcode_lookup.find_library_by_label(work.session, plain.lower())
        assert found is not None and found.symbol == "WAU"
    # At the desk, a label's barcode is named for what it is and changes nothing.
    for scanned, symbol in ((text, "国NDL"), (plain, "WAU")):
        result, _ = handle_scan(uow(), scanned, DeskState())
        assert result.headline == f"Mailing label of {symbol}", result.headline
        assert result.event_id is None


def test_labels_for_unpacked_requests_to_a_non_ascii_library_scan_back(uow) -> None:
    directory.save_library(
        uow(),
        directory.LibraryInput(
            symbol="国NDL",
            name="National Diet Library",
            shipping_address=PostalAddress(street="1-10-1 Nagatacho", city="Tokyo", country="JP"),
            delivery_methods=(DeliveryMethod.POST,),
        ),
    )
    row = create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title="Quilts"),
            library_symbol="国NDL",
        ),
    )
    number = row.number
    (text,) = decoded(package_documents.labels_for_requests(uow(), [number], profile=THERMAL))
    result, _ = handle_scan(uow(), text, DeskState())
    assert result.headline == "Mailing label of 国NDL", result.headline


def test_a_package_scanned_at_the_desk_is_named_and_changes_nothing(uow) -> None:
    number = lending(uow)
    requests.perform(uow(), number, "found")
    package = shipping.ship_package(uow(), "WAU", [number], DeliveryMethod.LIBRARY_MAIL)
    (text,) = decoded(package_documents.mailing_label(uow(), package.number, profile=THERMAL))
    result, _ = handle_scan(uow(), text, DeskState())
    assert result.headline == f"Package {package.number} to WAU", result.headline
    assert result.event_id is None


def test_the_tolerant_lookup_uses_the_upper_case_indexes(db, db_url) -> None:
    with db.engine.connect() as connection:
        if db_url.startswith("sqlite"):
            plan = " ".join(
                str(row[-1])
                for row in connection.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT id FROM requests "
                    "WHERE item_barcode = 'x' OR upper(item_barcode) IN ('X', 'AXA')"
                )
            )
        else:
            connection.exec_driver_sql("SET enable_seqscan = off")
            plan = " ".join(
                str(row[0])
                for row in connection.exec_driver_sql(
                    "EXPLAIN SELECT id FROM requests "
                    "WHERE item_barcode = 'x' OR upper(item_barcode) IN ('X', 'AXA')"
                )
            )
    assert "ix_requests_upper_item_barcode" in plan
