"""The data behind an invoice's PDF: our library, the library billed, its lines."""

from __future__ import annotations

from pathlib import Path

from illdesk.core.address import PostalAddress
from illdesk.core.address_format import format_address
from illdesk.printing.invoice import InvoiceDocument, InvoiceItem, render_invoices
from illdesk.services.admin import settings as library_settings
from illdesk.services.errors import InvalidInput
from illdesk.services.money.invoices import InvoiceView, views_in
from illdesk.store.lookups import library_by_symbol
from illdesk.store.unit_of_work import UnitOfWork


def documents(uow: UnitOfWork, numbers: list[str]) -> list[InvoiceDocument]:
    """The printable invoices with these numbers, in that order."""
    with uow as reading:
        views = views_in(reading, numbers)
        settings = library_settings.load(reading)
        home = settings.home
        ours = home.address
        if not ours.name:
            ours = PostalAddress(
                name=home.name,
                department=ours.department,
                street=ours.street,
                street2=ours.street2,
                city=ours.city,
                region=ours.region,
                postal_code=ours.postal_code,
                country=ours.country,
            )
        from_lines = tuple(format_address(ours)) or (home.name,)
        contact = "  ".join(
            part
            for part in (f"Symbol {home.symbol}", home.phone, home.email)
            if part and part.strip()
        )
        out: list[InvoiceDocument] = []
        for view in views:
            out.append(
                _document(reading, view, from_lines, contact, settings.money.invoice_terms_days)
            )
        return out


def _document(
    uow: UnitOfWork, view: InvoiceView, from_lines: tuple[str, ...], contact: str, terms: int
) -> InvoiceDocument:
    library = library_by_symbol(uow.session, view.symbol)
    to_lines: tuple[str, ...] = (view.library_name,)
    if library is not None:
        billing = PostalAddress(
            name=library.bill_name or library.name,
            department=library.bill_department,
            street=library.bill_street or library.ship_street,
            street2=library.bill_street2 if library.bill_street else library.ship_street2,
            city=library.bill_city or library.ship_city,
            region=library.bill_region or library.ship_region,
            postal_code=library.bill_postal_code or library.ship_postal_code,
            country=library.bill_country or library.ship_country,
        )
        to_lines = tuple(format_address(billing)) or to_lines
    money = library_settings.load(uow).money
    return InvoiceDocument(
        number=view.number,
        issued_on=view.issued_on,
        due_on=view.due_on,
        terms_days=terms,
        currency=view.currency,
        from_lines=from_lines,
        from_contact=contact,
        to_lines=to_lines,
        to_symbol=view.symbol,
        items=tuple(
            InvoiceItem(
                line.request_number, line.their_reference, line.title, line.what, line.amount
            )
            for line in view.lines
        ),
        total=view.total,
        paid=view.paid,
        how_to_pay=money.how_to_pay,
        period=view.period,
        status=view.status,
        replaces=view.replaces,
    )


def write_pdfs(uow: UnitOfWork, numbers: list[str], folder: Path) -> list[Path]:
    """One PDF per invoice in `folder` (made if needed), named by the invoice number."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidInput(f"Cannot make the folder {folder}: {exc.strerror}.", "pdf") from exc
    written: list[Path] = []
    for document in documents(uow, numbers):
        path = folder / f"{document.number}.pdf"
        try:
            path.write_bytes(render_invoices([document]))
        except OSError as exc:
            raise InvalidInput(f"Cannot write {path}: {exc.strerror}.", "pdf") from exc
        written.append(path)
    return written
