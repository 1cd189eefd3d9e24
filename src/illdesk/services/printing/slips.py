"""Book bands, hold-shelf slips and pull slips: documents about one request each, printed in
batches by request number or by queue."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from illdesk.core.vocabulary import Direction, Service
from illdesk.core.workflow import Action, Status
from illdesk.printing.book_band import book_bands_pdf
from illdesk.printing.hold_slip import hold_slips_pdf
from illdesk.printing.model import (
    BookBand,
    BookBandLayout,
    HoldSlip,
    PatronPrivacy,
    PrintProfile,
    PullSlip,
)
from illdesk.printing.pull_slip import pull_slips_pdf, sort_pull_slips
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import requests as request_service
from illdesk.services.desk.views import ActionResult
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.printing.documents import (
    DEFAULT_HOLD_DAYS,
    DocumentType,
    default_profile,
    requests_in_order,
    selection,
)
from illdesk.services.printing.request_fields import (
    facility_of,
    inmate_and_routing,
    lender_of,
    patron_name_and_card,
    patron_privacy,
    split_restrictions,
    title_of,
)
from illdesk.store import requests as repo
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork

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
    name, card = patron_name_and_card(req)
    library_use, no_renewals, others = split_restrictions(req.restrictions)
    facility = facility_of(uow, req)
    if facility is not None:  # going inside: the inmate's name and number, and the routing
        name, _routing = inmate_and_routing(facility, req)  # the band is narrow: routing only
        privacy, others = PatronPrivacy.NAME, (*others, facility.routing or facility.name)
    return BookBand(
        request_number=req.number,
        title=title_of(req),
        patron_name=name,
        patron_id=card,
        patron_due_date=req.patron_due_date,
        lender=lender_of(uow, req),
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
    chosen = selection(uow, numbers, queue)
    with uow:
        privacy = patron_privacy(uow)
        home = library_settings.load(uow).home.name
        bands = [_band(uow, req, privacy, home) for req in requests_in_order(uow, chosen)]
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


def _hold_slip(
    uow: UnitOfWork, req: Request, privacy: PatronPrivacy, pickup: str, until: date
) -> HoldSlip:
    if req.direction != Direction.BORROWING.value or req.service != Service.LOAN.value:
        raise InvalidInput(f"{req.number} is not a borrowed item: it never goes on the hold shelf.")
    name, card = patron_name_and_card(req)
    if req.patron_due_date is not None:
        until = min(until, req.patron_due_date)
    patron_pickup = req.patron.pickup_location if req.patron else ""
    facility = facility_of(uow, req)
    if facility is not None:  # going inside: the inmate's name and number, and the routing
        name, patron_pickup = inmate_and_routing(facility, req)
        privacy = PatronPrivacy.NAME
    return HoldSlip(
        request_number=req.number,
        title=title_of(req),
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
    chosen = selection(uow, numbers, queue)
    with uow:
        privacy = patron_privacy(uow)
        home = library_settings.load(uow).home.name
        until = uow.today() + timedelta(days=hold_days)
        slips = [
            _hold_slip(uow, req, privacy, home, until) for req in requests_in_order(uow, chosen)
        ]
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
        title=title_of(req),
        author=req.author,
        borrowing_library=req.library.symbol if req.library else "",
        need_before=req.need_before,
        item_barcode=req.item_barcode,
    )


def pull_slip_data(
    uow: UnitOfWork, numbers: Sequence[str] = (), *, queue: str | None = None
) -> list[PullSlip]:
    """The pull slips of a batch in the order they print: by location, then shelf order."""
    chosen = selection(uow, numbers, queue)
    with uow:
        slips = [_pull_slip(req) for req in requests_in_order(uow, chosen)]
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
