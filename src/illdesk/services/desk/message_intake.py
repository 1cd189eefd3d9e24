"""Lending requests received as ISO 18626 Request messages (`illdesk lending receive FILE`).

The message is read and checked first (`interop.iso18626_reader`: size, no DOCTYPE, the
schema of its version); then the sending library must be in the directory, the message must
be addressed to us, and its reference must be new. Only then is the request entered, through
the same `enter_request` as one typed at the desk, so the lending rules route it on arrival
(`services.rules.arrival.on_entry`) in the same transaction. Anything refused changes nothing.

Either way the answer is an ISO 18626 confirmation (OK, or ERROR with the reason) for the
sending library's system, and words for the person at the desk.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import sqlalchemy as sa

from illdesk.core.citation import CITATION_FIELDS, Citation, CitationError, clean
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Status, status_label
from illdesk.interop import iso18626_reader as reader
from illdesk.interop.iso18626_confirmation import confirmation
from illdesk.interop.iso18626_reader import IsoMessageError, IsoRequest
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk.requests import NewRequest, enter_request
from illdesk.store.lookups import library_by_symbol
from illdesk.store.schema import Library, Request
from illdesk.store.unit_of_work import UnitOfWork

SOURCE = "iso18626"


@dataclass(frozen=True, slots=True)
class Intake:
    """What became of one message: the request entered ("" when refused), words for staff,
    and the confirmation to send back."""

    accepted: bool
    number: str
    told: str
    confirmation: bytes


def receive_request(uow: UnitOfWork, data: bytes) -> Intake:
    """Take in one ISO 18626 Request message as a new lending request, or refuse it whole."""
    received = uow.now()
    try:
        message = reader.read_request(data)
        with uow:
            req = _enter(uow, message)
            said = _what_happened(req, message)
            uow.commit()
    except IsoMessageError as refused:
        answer = confirmation(
            refused.header, received, uow.now(), (refused.error_type, refused.value)
        )
        return Intake(False, "", refused.words, answer)
    return Intake(True, req.number, said, confirmation(message.header, received, uow.now()))


def _enter(uow: UnitOfWork, message: IsoRequest) -> Request:
    header = message.header
    home = library_settings.load(uow).home.symbol.strip()
    if home and header.supplying_id.casefold() != home.casefold():
        raise IsoMessageError(
            reader.UNRECOGNISED_VALUE,
            f"The message is addressed to {header.supplying_id}, not to us ({home}). If "
            f"{header.supplying_id} is one of our symbols, make it the library's symbol in the "
            "settings. Nothing was entered.",
            f"supplyingAgencyId {header.supplying_id} is not this library",
            header,
        )
    library = library_by_symbol(uow.session, header.requesting_id)
    if library is None:
        raise IsoMessageError(
            reader.UNRECOGNISED_VALUE,
            f"{header.requesting_id or 'The sender'} is not a library in our directory. Add it "
            "(Directory ▸ Partner libraries…) and receive the message again. Nothing was entered.",
            f"requestingAgencyId {header.requesting_id} is not a known partner",
            header,
        )
    if message.request_type != "New":
        raise IsoMessageError(
            reader.UNRECOGNISED_VALUE,
            f"This is a {message.request_type} of an earlier request; ILL Desk takes in new "
            "requests only. Find the earlier request by the library's reference "
            f"{header.request_id} and act on it by hand. Nothing was entered.",
            f"requestType {message.request_type} is not supported",
            header,
        )
    _refuse_repeat(uow, library, header)
    citation, notes = _citation(message)
    if not citation.display_title:
        raise IsoMessageError(
            reader.UNRECOGNISED_VALUE,
            "The message names no title, so there is nothing to look for. Ask the library to "
            "send it again with the title. Nothing was entered.",
            "bibliographicInfo has no title",
            header,
        )
    if message.max_cost is not None and message.currency:
        notes.append(f"Maximum cost {message.max_cost} {message.currency}.")
    return enter_request(
        uow,
        NewRequest(
            Direction.LENDING,
            message.service,
            message.format,
            citation,
            library_symbol=library.symbol,
            need_before=message.need_before,
            max_cost=message.max_cost,
            lender_reference=header.request_id[:60],
            note=" ".join((*message.notes, *notes))[:2000],
            source=SOURCE,
            allow_duplicate=True,
            extra={"message": {"version": header.version, "reference": header.request_id}},
        ),
    )


def _refuse_repeat(uow: UnitOfWork, library: Library, header: reader.MessageHeader) -> None:
    """The same reference from the same library, already here: refused, naming ours."""
    earlier = uow.session.scalars(
        sa.select(Request.number).where(
            Request.direction == Direction.LENDING.value,
            Request.library_id == library.id,
            Request.lender_reference == header.request_id[:60],
        )
    ).first()
    if earlier is not None:
        raise IsoMessageError(
            reader.UNRECOGNISED_VALUE,
            f"{library.symbol} sent its request {header.request_id} before: it is {earlier}. "
            "Nothing new was entered.",
            f"requestingAgencyRequestId {header.request_id} was already received",
            header,
        )


def _citation(message: IsoRequest) -> tuple[Citation, list[str]]:
    """The citation cleaned as at the desk; an identifier that is not valid (an ISBN with a
    wrong check digit) is left out and kept in the note instead of refusing the request."""
    citation = message.citation
    notes: list[str] = []
    for _ in CITATION_FIELDS:
        try:
            return clean(citation), notes
        except CitationError as exc:
            given = getattr(citation, exc.field, "")
            notes.append(f"{exc.field.upper()} as sent: {given} (not valid, left out).")
            citation = replace(citation, **{exc.field: ""})
    return clean(citation), notes


def _what_happened(req: Request, message: IsoRequest) -> str:
    status = Status(req.status)
    where = status_label(Direction.LENDING, status)
    return (
        f"{req.number} entered from {message.header.requesting_id}'s request "
        f"{message.header.request_id}: {where}."
    )
