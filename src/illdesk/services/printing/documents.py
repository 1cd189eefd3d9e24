"""Printed documents made from the database: book bands, slips, labels and packing slips.

Each function reads what it needs in one read-only transaction, maps the rows onto the plain
models of `illdesk.printing.model` and returns PDF bytes. Printing never changes a request:
the one document that moves a request on (the pull slip) does so only when the desk calls
`mark_pull_slips_printed` after the printer has accepted the job, so a jammed printer never
leaves requests in "Stacks search" with no slip in anyone's hand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from enum import StrEnum

import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.barcode_forms import library_label_value
from illdesk.core.queues import QueueFilter, shipping_method
from illdesk.core.vocabulary import DeliveryMethod as Method
from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import Action, Status
from illdesk.printing.book_band import book_bands_pdf
from illdesk.printing.hold_slip import hold_slips_pdf
from illdesk.printing.mailing_label import mailing_labels_pdf
from illdesk.printing.model import (
    BookBand,
    BookBandLayout,
    DeliveryMethod,
    HoldSlip,
    LabelData,
    PackingSlip,
    PackingSlipItem,
    PatronPrivacy,
    PrintProfile,
    PullSlip,
    Stock,
)
from illdesk.printing.packing_slip import packing_slip_pdf
from illdesk.printing.pull_slip import pull_slips_pdf, sort_pull_slips
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests as request_service
from illdesk.services.desk.mapping import library_view, patron_view
from illdesk.services.desk.queues import all_queues, where_clause
from illdesk.services.desk.views import ActionResult
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.store import requests as repo
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Library, Request, Shipment, ShipmentItem
from illdesk.store.unit_of_work import UnitOfWork

# A batch bigger than this is almost certainly a mistake (a whole "Completed" queue), and a
# thousand-page PDF would tie up the printer for the rest of the morning.
MAX_BATCH = 1000
# How long an item waits on the hold shelf for its patron when nothing earlier forces it.
DEFAULT_HOLD_DAYS = 10


class DocumentType(StrEnum):
    """The documents ILL Desk prints; the values are the command-line names."""

    MAILING_LABEL = "label"
    PACKING_SLIP = "packing-slip"
    BOOK_BAND = "book-band"
    PULL_SLIPS = "pull-slips"
    HOLD_SLIP = "hold-slip"

    @property
    def label(self) -> str:
        """The document's name as staff say it."""
        return _DOCUMENT_LABELS[self]


_DOCUMENT_LABELS = {
    DocumentType.MAILING_LABEL: "Mailing label",
    DocumentType.PACKING_SLIP: "Packing slip",
    DocumentType.BOOK_BAND: "Book band",
    DocumentType.PULL_SLIPS: "Pull slips",
    DocumentType.HOLD_SLIP: "Hold-shelf slip",
}

# Labels go to the thermal printer, everything else to the office laser printer, until the
# workstation's print profiles say otherwise.
DEFAULT_PROFILES: dict[DocumentType, PrintProfile] = {
    DocumentType.MAILING_LABEL: PrintProfile(Stock.THERMAL_4X6, 203),
    DocumentType.PACKING_SLIP: PrintProfile(Stock.LETTER, 300),
    DocumentType.BOOK_BAND: PrintProfile(Stock.LETTER, 300),
    DocumentType.PULL_SLIPS: PrintProfile(Stock.LETTER, 300),
    DocumentType.HOLD_SLIP: PrintProfile(Stock.LETTER, 300),
}


def default_profile(document: DocumentType) -> PrintProfile:
    """The profile a document prints with when the workstation has none for it."""
    return DEFAULT_PROFILES[document]


# ---------------------------------------------------------------- selections


def queue_numbers(uow: UnitOfWork, queue_key: str | QueueFilter) -> tuple[str, ...]:
    """The request numbers in a queue (a stored queue's key, or any filter) now, in the
    queue's own order.

    Callers that will act after printing (pull slips) should resolve the queue once with this
    and pass the numbers on, so a request that joins the queue meanwhile is not marked printed.
    """
    queue = queue_key if isinstance(queue_key, QueueFilter) else _queue(uow, queue_key)
    with uow:
        column = getattr(Request, queue.sort)
        order = [column.is_(None), column.desc() if queue.descending else column.asc()]
        numbers = uow.session.scalars(
            sa.select(Request.number)
            .where(*where_clause(queue, uow.today()))
            .order_by(*order, Request.id)
            .limit(MAX_BATCH + 1)
        ).all()
    if len(numbers) > MAX_BATCH:
        raise InvalidInput(
            f"The queue “{queue.title}” holds more than {MAX_BATCH} requests: print a "
            "selection instead."
        )
    return tuple(numbers)


def _queue(uow: UnitOfWork, key: str) -> QueueFilter:
    for queue in all_queues(uow):
        if queue.key == key:
            return queue
    known = ", ".join(q.key for q in all_queues(uow))
    raise NotFound(f"There is no queue called “{key}”. Queues: {known}.")


def _selection(uow: UnitOfWork, numbers: Sequence[str], queue: str | None) -> tuple[str, ...]:
    if queue is not None:
        if numbers:
            raise InvalidInput("Give request numbers or a queue, not both.")
        chosen = queue_numbers(uow, queue)
        if not chosen:
            raise InvalidInput(
                f"The queue “{_queue(uow, queue).title}” is empty: nothing to print."
            )
        return chosen
    if not numbers:
        raise InvalidInput("Nothing to print: give at least one request number.")
    if len(numbers) > MAX_BATCH:
        raise InvalidInput(f"Print at most {MAX_BATCH} documents at a time.")
    return tuple(numbers)


def _requests(uow: UnitOfWork, numbers: Sequence[str]) -> list[Request]:
    """The requests in the order given; an unknown number stops the whole batch."""
    found: list[Request] = []
    for number in numbers:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        found.append(req)
    return found


# ---------------------------------------------------------------- small mappings


_LIBRARY_USE = re.compile(r"^(in[- ])?library use only$|^use in library only$")
_NO_RENEWALS = re.compile(r"^no renewals?( allowed)?$|^not renewable$")


def split_restrictions(text: str) -> tuple[bool, bool, tuple[str, ...]]:
    """Lender restrictions as typed at receiving: (library use only, no renewals, the rest).

    Staff type them freely ("Library use only; no renewals"), so the two restrictions that get
    their own black bar are recognised whatever the case or punctuation, and anything else is
    kept word for word.
    """
    library_use = no_renewals = False
    others: list[str] = []
    for part in re.split(r"[;,\n]+|\.\s+", text):
        words = " ".join(part.strip().rstrip(".!").split())
        if not words:
            continue
        key = words.casefold()
        if _LIBRARY_USE.match(key):
            library_use = True
        elif _NO_RENEWALS.match(key):
            no_renewals = True
        else:
            others.append(words)
    return library_use, no_renewals, tuple(others)


def _restriction_texts(text: str) -> tuple[str, ...]:
    library_use, no_renewals, others = split_restrictions(text)
    fixed = ("Library use only",) * library_use + ("No renewals",) * no_renewals
    return (*fixed, *others)


def _patron(req: Request) -> tuple[str, str]:
    """(name as "Surname, Given", card number) of a borrowing request's patron."""
    patron = req.patron
    if patron is None:
        raise InvalidInput(f"{req.number} has no patron: there is nobody to print it for.")
    name = f"{patron.surname}, {patron.given_name}" if patron.given_name else patron.surname
    return name, patron.card_barcode


def _privacy(uow: UnitOfWork) -> PatronPrivacy:
    show_name = library_settings.load(uow).band_shows_patron_name
    return PatronPrivacy.NAME if show_name else PatronPrivacy.ID_ONLY


def _title(req: Request) -> str:
    """What staff look for: the book's title, or the article and where it sits in the journal."""
    if req.service != Service.COPY.value or not req.journal_title:
        return req.title or req.article_title or req.journal_title
    where = ", ".join(
        part
        for part in (
            req.journal_title,
            f"vol. {req.volume}" if req.volume else "",
            f"no. {req.issue}" if req.issue else "",
            f"pp. {req.pages}" if req.pages else "",
            req.year,
        )
        if part
    )
    return f"{where}: {req.article_title}" if req.article_title else where


def _lender(uow: UnitOfWork, req: Request) -> str:
    current = repo.to_state(req).current_lender
    if current is None:
        return ""
    library = library_by_symbol(uow.session, current.symbol)
    return f"{library.name} ({library.symbol})" if library else current.symbol


def _home(uow: UnitOfWork) -> tuple[library_settings.HomeLibrary, PostalAddress]:
    """The home library and its return address, named even when the address lacks a name."""
    home = library_settings.load(uow).home
    address = home.address
    if not address.name:
        address = PostalAddress(
            name=home.name,
            department=address.department,
            street=address.street,
            street2=address.street2,
            city=address.city,
            region=address.region,
            postal_code=address.postal_code,
            country=address.country,
        )
    return home, address


def _require_addresses(sender: PostalAddress, recipient: PostalAddress, symbol: str) -> None:
    if not (sender.street or sender.street2) or not sender.city:
        raise InvalidInput(
            "Our own library's postal address is not set up, so a label would have no return "
            "address. Fill it in under Settings → Home library first.",
            "address",
        )
    if not (recipient.street or recipient.street2) or not recipient.city:
        raise InvalidInput(
            f"{symbol} has no shipping address in the directory: add it to the library's "
            "record before printing its label.",
            "address",
        )


def _local_date(uow: UnitOfWork, shipment: Shipment) -> date:
    moment = shipment.shipped_at or shipment.created_at
    # Same local-time reading as UnitOfWork.today(), so the slip's date matches the desk's.
    return moment.astimezone().date() if moment else uow.today()


# ---------------------------------------------------------------- book bands and hold slips


def _band(uow: UnitOfWork, req: Request, privacy: PatronPrivacy, home: str) -> BookBand:
    if req.direction != Direction.BORROWING.value or req.service != Service.LOAN.value:
        raise InvalidInput(
            f"{req.number} is not a borrowed book: book bands go only on items we borrow."
        )
    if req.patron_due_date is None:
        raise InvalidInput(
            f"{req.number} has no patron due date yet: receive it before printing its band."
        )
    name, card = _patron(req)
    library_use, no_renewals, others = split_restrictions(req.restrictions)
    return BookBand(
        request_number=req.number,
        title=_title(req),
        patron_name=name,
        patron_id=card,
        patron_due_date=req.patron_due_date,
        lender=_lender(uow, req),
        privacy=privacy,
        library_use_only=library_use,
        no_renewals=no_renewals,
        other_restrictions=others,
        home_library=home,
    )


def book_bands(
    uow: UnitOfWork,
    numbers: Sequence[str] = (),
    *,
    queue: str | None = None,
    profile: PrintProfile | None = None,
    layout: BookBandLayout = BookBandLayout.STRIPS,
) -> bytes:
    """Book bands for several borrowed items (numbers or a queue) in one PDF.

    The patron's name appears only when the library's privacy setting allows it; otherwise
    the card number stands in for it.
    """
    chosen = _selection(uow, numbers, queue)
    with uow:
        privacy = _privacy(uow)
        home = library_settings.load(uow).home.name
        bands = [_band(uow, req, privacy, home) for req in _requests(uow, chosen)]
    return book_bands_pdf(bands, profile or default_profile(DocumentType.BOOK_BAND), layout=layout)


def book_band(
    uow: UnitOfWork,
    number: str,
    profile: PrintProfile | None = None,
    *,
    layout: BookBandLayout = BookBandLayout.STRIPS,
) -> bytes:
    """The book band of one borrowed item."""
    return book_bands(uow, [number], profile=profile, layout=layout)


def _hold_slip(req: Request, privacy: PatronPrivacy, pickup: str, until: date) -> HoldSlip:
    if req.direction != Direction.BORROWING.value or req.service != Service.LOAN.value:
        raise InvalidInput(f"{req.number} is not a borrowed item: it never goes on the hold shelf.")
    name, card = _patron(req)
    if req.patron_due_date is not None:
        until = min(until, req.patron_due_date)
    patron_pickup = req.patron.pickup_location if req.patron else ""
    return HoldSlip(
        request_number=req.number,
        title=_title(req),
        patron_name=name,
        patron_id=card,
        pickup_location=patron_pickup or pickup,
        hold_until=until,
        privacy=privacy,
    )


def hold_slips(
    uow: UnitOfWork,
    numbers: Sequence[str] = (),
    *,
    queue: str | None = None,
    profile: PrintProfile | None = None,
    hold_days: int = DEFAULT_HOLD_DAYS,
) -> bytes:
    """Hold-shelf slips for several items in one PDF.

    An item is held `hold_days` from today, never past the patron's due date. The hold shelf is
    public, so the patron is named under the same privacy setting as on book bands.
    """
    chosen = _selection(uow, numbers, queue)
    with uow:
        privacy = _privacy(uow)
        home = library_settings.load(uow).home.name
        until = uow.today() + timedelta(days=hold_days)
        slips = [_hold_slip(req, privacy, home, until) for req in _requests(uow, chosen)]
    return hold_slips_pdf(slips, profile or default_profile(DocumentType.HOLD_SLIP))


def hold_slip(uow: UnitOfWork, number: str, profile: PrintProfile | None = None) -> bytes:
    """The hold-shelf slip of one borrowed item."""
    return hold_slips(uow, [number], profile=profile)


# ---------------------------------------------------------------- pull slips


def _pull_slip(req: Request) -> PullSlip:
    if req.direction != Direction.LENDING.value:
        raise InvalidInput(
            f"{req.number} is a borrowing request: pull slips are for items we lend."
        )
    return PullSlip(
        request_number=req.number,
        call_number=req.call_number,
        location=req.location,
        title=_title(req),
        author=req.author,
        borrowing_library=req.library.symbol if req.library else "",
        need_before=req.need_before,
        item_barcode=req.item_barcode,
    )


def pull_slip_data(
    uow: UnitOfWork, numbers: Sequence[str] = (), *, queue: str | None = None
) -> list[PullSlip]:
    """The pull slips of a batch in the order they print: by location, then shelf order."""
    chosen = _selection(uow, numbers, queue)
    with uow:
        slips = [_pull_slip(req) for req in _requests(uow, chosen)]
    return sort_pull_slips(slips)


def pull_slips(
    uow: UnitOfWork,
    numbers: Sequence[str] = (),
    *,
    queue: str | None = None,
    profile: PrintProfile | None = None,
) -> bytes:
    """Pull slips for lending requests (numbers or a queue), sorted for the walk through the
    stacks. The requests stay where they are: see `mark_pull_slips_printed`."""
    slips = pull_slip_data(uow, numbers, queue=queue)
    return pull_slips_pdf(slips, profile or default_profile(DocumentType.PULL_SLIPS), sort=False)


def mark_pull_slips_printed(uow: UnitOfWork, numbers: Sequence[str]) -> list[ActionResult]:
    """Record that the pull slips of these requests came out of the printer.

    Call it only after the printer accepted the job. Each request that is waiting for its slip
    moves to "Stacks search" with an event of its own; a reprint for a request already past
    that point changes nothing, so printing a batch twice is harmless.
    """
    done: list[ActionResult] = []
    for number in numbers:
        with uow:
            req = repo.by_number(uow.session, number)
            if req is None:
                raise NotFound(f"No request has the number {number}.")
            waiting = (
                req.direction == Direction.LENDING.value and req.status == Status.PULL_SLIP.value
            )
        if not waiting:
            continue
        try:
            done.append(request_service.perform(uow, number, Action.PRINT_PULL_SLIP))
        except InvalidInput:
            # Someone else moved it on between the two reads: the slip is still in hand.
            continue
    return done


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
    _, sender = _home(uow)
    view = library_view(library)
    recipient = view.shipping_address
    if not recipient.name:
        recipient = PostalAddress(**{**_fields(recipient), "name": library.name})
    _require_addresses(sender, recipient, library.symbol)
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
        req = _requests(uow, [request_number])[0]
        if req.direction != Direction.BORROWING.value or req.patron is None:
            raise InvalidInput(f"{req.number} is not borrowed for a patron: nobody to mail it to.")
        patron = req.patron
        address = patron_view(patron).address
        if address.is_empty:
            raise InvalidInput(
                f"The patron of {req.number} has no mailing address: add it to the patron's "
                "record in Patrons first.",
                "address",
            )
        name = " ".join(part for part in (patron.given_name, patron.surname) if part)
        _, sender = _home(uow)
        recipient = replace(address, name=name)
        _require_addresses(sender, recipient, "")
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
        home, sender = _home(uow)
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
                    title=_title(req),
                    author=req.author,
                    lender_reference=req.lender_reference,
                    due_date=None if returned else req.lender_due_date,
                    restrictions=_restriction_texts(req.restrictions),
                    returned=returned,
                )
            )
        slip = PackingSlip(
            sender=sender,
            recipient=recipient,
            package_barcode=shipment.number,
            shipped_on=_local_date(uow, shipment),
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
    chosen = _selection(uow, numbers, None)
    with uow:
        reqs = _requests(uow, chosen)
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
    chosen = _selection(uow, numbers, None)
    with uow:
        reqs = _requests(uow, chosen)
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
