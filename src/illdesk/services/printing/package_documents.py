"""Mailing labels and packing slips: the documents of a package (or of a library and a way of
shipping, for a label made before any package exists)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.barcode_forms import library_label_value
from illdesk.core.queues import shipping_method
from illdesk.core.vocabulary import DeliveryMethod as Method
from illdesk.core.vocabulary import Direction, Service
from illdesk.printing.mailing_label import mailing_labels_pdf
from illdesk.printing.model import (
    DeliveryMethod,
    LabelData,
    PackingSlip,
    PackingSlipItem,
    PrintProfile,
)
from illdesk.printing.packing_slip import packing_slip_pdf
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk.mapping import library_view, patron_view
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.printing.documents import (
    DocumentType,
    default_profile,
    requests_in_order,
    selection,
)
from illdesk.services.printing.request_fields import (
    facility_of,
    home_and_return_address,
    local_date,
    require_addresses,
    restriction_texts,
    title_of,
)
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Library, Request, Shipment, ShipmentItem
from illdesk.store.unit_of_work import UnitOfWork

# ---------------------------------------------------------------- packages


_METHODS = {
    Method.COURIER: DeliveryMethod.COURIER,
    Method.LIBRARY_MAIL: DeliveryMethod.LIBRARY_MAIL,
    Method.POST: DeliveryMethod.POST,
}


def _label_method(method: str) -> DeliveryMethod:
    try:
        return _METHODS.get(Method(method), DeliveryMethod.OTHER)
    except ValueError as exc:
        choices = ", ".join(m.value for m in Method)
        raise InvalidInput(f"“{method}” is not a way of shipping ({choices}).", "method") from exc


def _shipment(uow: UnitOfWork, package_number: str) -> Shipment:
    number = package_number.strip().upper()
    shipment = uow.session.scalars(sa.select(Shipment).where(Shipment.number == number)).first()
    if shipment is None:
        raise NotFound(f"No package has the number {package_number}.")
    return shipment


def _label(uow: UnitOfWork, library: Library, method: str, barcode: str) -> LabelData:
    _, sender = home_and_return_address(uow)
    view = library_view(library)
    recipient = view.shipping_address
    if not recipient.name:
        recipient = PostalAddress(**{**_fields(recipient), "name": library.name})
    require_addresses(sender, recipient, library.symbol)
    label_method = _label_method(method)
    courier = label_method is DeliveryMethod.COURIER
    return LabelData(
        sender=sender,
        recipient=recipient,
        package_barcode=barcode,
        delivery_method=label_method,
        courier_route=library.courier_route if courier else "",
        courier_stop=library.courier_stop if courier else "",
        recipient_symbol=library.symbol,
    )


def _fields(address: PostalAddress) -> dict[str, str]:
    return {name: getattr(address, name) for name in PostalAddress.__dataclass_fields__}


def mailing_labels(
    uow: UnitOfWork, package_numbers: Sequence[str], profile: PrintProfile | None = None
) -> bytes:
    """Mailing labels for several packages in one PDF (one per label, sheets filled in order)."""
    if not package_numbers:
        raise InvalidInput("Nothing to print: give at least one package number.")
    with uow:
        labels = []
        for number in package_numbers:
            shipment = _shipment(uow, number)
            labels.append(_label(uow, shipment.library, shipment.method, shipment.number))
    return mailing_labels_pdf(labels, profile or default_profile(DocumentType.MAILING_LABEL))


def mailing_label(
    uow: UnitOfWork,
    package_number: str | None = None,
    *,
    library_symbol: str | None = None,
    method: str | None = None,
    profile: PrintProfile | None = None,
) -> bytes:
    """The mailing label of a package, or of a library and a way of shipping.

    A label made without a package carries the library's symbol as its barcode, since there is
    no package number yet to scan (``LIBRARY-<id>`` when Code 128 cannot hold the symbol, see
    core.barcode_forms).
    """
    if package_number:
        if library_symbol or method:
            raise InvalidInput("Give a package number or a library and method, not both.")
        return mailing_labels(uow, [package_number], profile)
    if not library_symbol:
        raise InvalidInput("Give a package number, or a library symbol and a shipping method.")
    with uow:
        symbol = library_symbol.strip().upper()
        library = library_by_symbol(uow.session, symbol)
        if library is None:
            raise NotFound(f"No partner library has the symbol {library_symbol}.")
        chosen = method or _usual_method(library)
        label = _label(uow, library, chosen, library_label_value(library.symbol, library.id))
    return mailing_labels_pdf([label], profile or default_profile(DocumentType.MAILING_LABEL))


def patron_mailing_label(
    uow: UnitOfWork, request_number: str, profile: PrintProfile | None = None
) -> bytes:
    """The label that mails a borrowed item to its patron (a distance learner, a correctional
    facility), addressed from the patron's record, with the request number as its barcode."""
    with uow:
        req = requests_in_order(uow, [request_number])[0]
        if req.direction != Direction.BORROWING.value or req.patron is None:
            raise InvalidInput(f"{req.number} is not borrowed for a patron: nobody to mail it to.")
        patron = req.patron
        facility = facility_of(uow, req)
        if facility is not None:  # a person inside: through the facility, with their number
            from illdesk.services.notices.letters import recipient_address  # noqa: PLC0415

            address = recipient_address(patron, facility, None)
        else:
            address = patron_view(patron).address
        if address.is_empty:
            raise InvalidInput(
                f"The patron of {req.number} has no mailing address: add it to the patron's "
                "record in Patrons first.",
                "address",
            )
        name = " ".join(part for part in (patron.given_name, patron.surname) if part)
        _, sender = home_and_return_address(uow)
        recipient = address if facility is not None else replace(address, name=name)
        require_addresses(sender, recipient, "")
        label = LabelData(sender=sender, recipient=recipient, package_barcode=req.number)
    return mailing_labels_pdf([label], profile or default_profile(DocumentType.MAILING_LABEL))


def _usual_method(library: Library) -> str:
    """How a package to this library travels when no package says so: its first physical
    method (a label never goes by PDF), as the Shipping queues group it."""
    return shipping_method(library.delivery_methods.split(","), Service.LOAN).value


def _return_instructions(
    home: library_settings.HomeLibrary, items: Sequence[PackingSlipItem]
) -> str:
    """What the whole package asks of its recipient; each line says which part applies to it."""
    contact = " or ".join(part for part in (home.email, home.phone) if part)
    ask = f" Questions: {contact}." if contact else ""
    returned = sum(1 for item in items if item.returned)
    if items and returned == len(items):
        return f"These items are returned with thanks from {home.name}.{ask}"
    keep = "with this slip or its request number, and keep any band on the item."
    if returned:
        return (
            f"Items marked “Returned with thanks” are yours, back from {home.name}. "
            f"Please return each item that shows a due date to {home.name} by that date, "
            f"{keep}{ask}"
        )
    return f"Please return each item to {home.name} by its due date, {keep}{ask}"


def packing_slip(
    uow: UnitOfWork, package_number: str, profile: PrintProfile | None = None
) -> bytes:
    """The packing slip of a package: every item with its request number as a barcode."""
    with uow:
        shipment = _shipment(uow, package_number)
        home, sender = home_and_return_address(uow)
        library = shipment.library
        recipient = library_view(library).shipping_address
        if not recipient.name:
            recipient = PostalAddress(**{**_fields(recipient), "name": library.name})
        items: list[PackingSlipItem] = []
        purposes = {item.request_id: item.purpose for item in shipment.items}
        rows = uow.session.scalars(
            sa.select(Request).where(Request.id.in_(purposes)).order_by(Request.number)
        ).all()
        for req in rows:
            returned = purposes[req.id] == "return"
            items.append(
                PackingSlipItem(
                    request_number=req.number,
                    title=title_of(req),
                    author=req.author,
                    lender_reference=req.lender_reference,
                    due_date=None if returned else req.lender_due_date,
                    restrictions=restriction_texts(req.restrictions),
                    returned=returned,
                )
            )
        slip = PackingSlip(
            sender=sender,
            recipient=recipient,
            package_barcode=shipment.number,
            shipped_on=local_date(uow, shipment),
            items=tuple(items),
            sender_symbol=home.symbol,
            recipient_symbol=library.symbol,
            return_instructions=_return_instructions(home, items),
        )
    return packing_slip_pdf(slip, profile or default_profile(DocumentType.PACKING_SLIP))


# ---------------------------------------------------------------- packages of requests


def _latest_packages(uow: UnitOfWork, reqs: Sequence[Request]) -> dict[int, Shipment]:
    """The newest outgoing package each request went in (requests never packed are absent)."""
    ids = [req.id for req in reqs]
    found: dict[int, Shipment] = {}
    rows = uow.session.execute(
        sa.select(ShipmentItem.request_id, Shipment)
        .join(Shipment, Shipment.id == ShipmentItem.shipment_id)
        .where(ShipmentItem.request_id.in_(ids), Shipment.outgoing.is_(True))
        .order_by(Shipment.created_at.desc(), Shipment.id.desc())
    ).all()
    for request_id, shipment in rows:
        found.setdefault(request_id, shipment)
    return found


def packages_of(uow: UnitOfWork, numbers: Sequence[str]) -> tuple[str, ...]:
    """The packages these requests last went out in, each once, in the order of the requests.

    The desk window uses it to find the packing slip of the requests staff selected.
    """
    chosen = selection(uow, numbers, None)
    with uow:
        reqs = requests_in_order(uow, chosen)
        latest = _latest_packages(uow, reqs)
        packages = [latest[req.id].number for req in reqs if req.id in latest]
    return tuple(dict.fromkeys(packages))


def labels_for_requests(
    uow: UnitOfWork, numbers: Sequence[str], profile: PrintProfile | None = None
) -> bytes:
    """Mailing labels for requests: the label of each package they went in, and for requests
    not packed yet one label per destination library, by its usual way of shipping.

    Selected requests often share a package or a library, and one label each would be wasted
    stock, so every package and every library gets exactly one label.
    """
    chosen = selection(uow, numbers, None)
    with uow:
        reqs = requests_in_order(uow, chosen)
        latest = _latest_packages(uow, reqs)
        labels: list[LabelData] = []
        seen: set[str] = set()
        for req in reqs:
            shipment = latest.get(req.id)
            if shipment is not None:
                key = f"package:{shipment.number}"
                if key not in seen:
                    labels.append(_label(uow, shipment.library, shipment.method, shipment.number))
                seen.add(key)
                continue
            library = req.library
            if library is None:
                raise InvalidInput(
                    f"{req.number} has no partner library yet: there is nobody to address a "
                    "label to."
                )
            key = f"library:{library.symbol}"
            if key not in seen:
                barcode = library_label_value(library.symbol, library.id)
                labels.append(_label(uow, library, _usual_method(library), barcode))
            seen.add(key)
    return mailing_labels_pdf(labels, profile or default_profile(DocumentType.MAILING_LABEL))
