"""Small builders shared by the integration tests."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.vocabulary import Direction, Format, Service
from illdesk.services.desk.requests import NewRequest, create_request
from illdesk.services.desk.views import RequestRow
from illdesk.services.directory import entries as directory
from illdesk.store.database import make_engine, upgrade
from illdesk.store.unit_of_work import UnitOfWork

CARD = "21234000012347"


def seed_directory(uow: Callable[..., UnitOfWork]) -> None:
    """Two patrons and three partner libraries."""
    directory.save_patron(uow(), directory.PatronInput(CARD, "Müller", "Jo", "jo@example.edu"))
    directory.save_patron(uow(), directory.PatronInput("21234000099995", "Okafor", "Ade"))
    for symbol, name, group, days in (
        ("ORE", "Oregon State University", "consortium", 28),
        ("WAU", "University of Washington", "national", 42),
        ("MSU", "Montana State University", "national", 21),
    ):
        directory.save_library(
            uow(),
            directory.LibraryInput(
                symbol=symbol,
                name=name,
                group_name=group,
                loan_days=days,
                charge=Decimal("0") if group == "consortium" else Decimal("15.00"),
                shipping_address=PostalAddress(
                    name=name,
                    street="1 Campus Way",
                    city="Corvallis",
                    region="OR",
                    postal_code="97331",
                ),
            ),
        )


def borrow(
    uow: Callable[..., UnitOfWork],
    title: str = "Salmon and Rivers of the Columbia",
    *,
    service: Service = Service.LOAN,
    lenders: tuple[str, ...] = ("ORE", "WAU"),
    isbn: str = "",
    allow_duplicate: bool = False,
) -> RequestRow:
    fmt = Format.BOOK if service is Service.LOAN else Format.ARTICLE
    citation = (
        Citation(title=title, author="Hughes, Ana", isbn=isbn)
        if service is Service.LOAN
        else Citation(
            journal_title="Oregon Historical Quarterly", article_title=title, issn="0030-4727"
        )
    )
    return create_request(
        uow(),
        NewRequest(
            Direction.BORROWING,
            service,
            fmt,
            citation,
            patron_card=CARD,
            lenders=lenders,
            allow_duplicate=allow_duplicate,
        ),
    )


def lend(uow: Callable[..., UnitOfWork], title: str = "Quilts of the Oregon Trail") -> RequestRow:
    return create_request(
        uow(),
        NewRequest(
            Direction.LENDING,
            Service.LOAN,
            Format.BOOK,
            Citation(title=title),
            library_symbol="WAU",
            call_number="NK9112 .Q5 1999",
            location="Main stacks",
        ),
    )


OLD_REQUEST_NUMBER = "L-25-000001"


def make_old_workspace(path: Path) -> None:
    """A workspace file as the first ILL Desk left it (migration 0001), holding one lending
    request for "Glaciers": what a newer version finds when installed over the first one."""
    engine = make_engine(f"sqlite:///{path}", create=True)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO requests (number, direction, service, format, status, status_since,"
                " created_at, updated_at, source, title, author, journal_title, article_title,"
                " volume, issue, pages, year, edition, publisher, place, isbn, issn, oclc_number,"
                " doi, call_number, location, lender_reference, renewals, renewal_pending,"
                " recalled, damaged, copyright_code, conditions, reason, restrictions,"
                " item_barcode, temp_barcode, note, patron_note, match_key, search_text, version)"
                f" VALUES ('{OLD_REQUEST_NUMBER}', 'lending', 'loan', 'book', 'new', '2025-01-01',"
                " '2025-01-01', '2025-01-01', 'staff', 'Glaciers', '', '', '', '', '', '', '',"
                " '', '', '', '', '', '', '', '', '', '', 0, 0, 0, 0, '', '', '', '', '', '', '',"
                " '', '', 'glaciers', 1)"
            )
        )
    engine.dispose()
