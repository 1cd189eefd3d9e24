"""What every printed document shares: the document types and their default profiles, and the
selection of requests a batch prints (request numbers or a queue, in order, at most a thousand).

The documents themselves are made in `slips` (book bands, hold-shelf slips, pull slips) and
`package_documents` (mailing labels, packing slips). Each reads what it needs in one read-only
transaction, maps the rows onto the plain models of `illdesk.printing.model` and returns PDF
bytes. Printing never changes a request: the one document that moves a request on (the pull
slip) does so only when the desk calls `slips.mark_pull_slips_printed` after the printer has
accepted the job, so a jammed printer never leaves requests in "Stacks search" with no slip in
anyone's hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

import sqlalchemy as sa

from illdesk.core.queues import QueueFilter
from illdesk.printing.model import (
    PrintProfile,
    Stock,
)
from illdesk.services.desk.queues import all_queues, where_clause
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.store import requests as repo
from illdesk.store.schema import Request
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


def selection(uow: UnitOfWork, numbers: Sequence[str], queue: str | None) -> tuple[str, ...]:
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


def requests_in_order(uow: UnitOfWork, numbers: Sequence[str]) -> list[Request]:
    """The requests in the order given; an unknown number stops the whole batch."""
    found: list[Request] = []
    for number in numbers:
        req = repo.by_number(uow.session, number)
        if req is None:
            raise NotFound(f"No request has the number {number}.")
        found.append(req)
    return found
