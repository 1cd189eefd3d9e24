"""The cover letter to a library for our item it lost: made with the invoice that bills it.

Marking a lent item lost charges the library (its replacement and processing fee), but the
library is told only when an invoice holds those charges, so the letter can name the invoice's
number and what it bills for the item. One letter per lost item and invoice (its run key), in
the invoice's transaction; a voided invoice's letter that has not gone is withdrawn, and the
reissued invoice gets its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

import sqlalchemy as sa

from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action
from illdesk.services.admin import settings as library_settings
from illdesk.services.notices import composer
from illdesk.store.money_schema import LedgerLine
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Event, Request
from illdesk.store.unit_of_work import UnitOfWork

KIND = "lost_item_invoice"


def _run_key(request_id: int, invoice_number: str) -> str:
    return f"{KIND}:{request_id}:{invoice_number}"


def _lost_item_lines(
    uow: UnitOfWork, lines: Iterable[tuple[LedgerLine, Decimal]]
) -> dict[int, Decimal]:
    """What the invoice bills for each lent item that was lost, by request id."""
    billed = [(line, owed) for line, owed in lines if line.request_id is not None]
    event_ids = {line.event_id for line, _owed in billed if line.event_id is not None}
    if not event_ids:
        return {}
    lost_events = set(
        uow.session.scalars(
            sa.select(Event.id)
            .join(Request, Request.id == Event.request_id)
            .where(
                Event.id.in_(event_ids),
                Event.action == Action.MARK_LOST.value,
                Request.direction == Direction.LENDING.value,
            )
        )
    )
    per_item: dict[int, Decimal] = defaultdict(Decimal)
    for line, owed in billed:
        if line.event_id in lost_events and line.request_id is not None:
            per_item[line.request_id] += owed
    return dict(per_item)


def queue_for_invoice(
    uow: UnitOfWork,
    invoice_number: str,
    invoice_total: Decimal,
    lines: Iterable[tuple[LedgerLine, Decimal]],
) -> int:
    """Queue the cover letter of each lost item a new invoice bills (in the invoice's
    transaction); how many were queued."""
    per_item = _lost_item_lines(uow, lines)
    if not per_item:
        return 0
    settings = library_settings.load(uow)
    batch = composer.Batch.start(uow, settings)
    rows = []
    for request_id, amount in sorted(per_item.items()):
        parties = composer.read_parties(uow, request_id)
        if parties.library is None:
            continue
        params = {
            "amount": amount,
            "invoice_number": invoice_number,
            "invoice_total": invoice_total,
            "reason": "the item is treated as lost",
        }
        rows.append(
            composer.compose(
                uow,
                parties,
                KIND,
                params=params,
                run_key=_run_key(request_id, invoice_number),
                settings=settings,
                batch=batch,
            )
        )
    composer.write(uow, rows)
    return len(rows)


def withdraw_for_void(uow: UnitOfWork, invoice_number: str, request_ids: Iterable[int]) -> int:
    """Withdraw the unsent cover letters of a voided invoice; how many."""
    keys = [_run_key(request_id, invoice_number) for request_id in set(request_ids)]
    if not keys:
        return 0
    result = uow.session.execute(
        sa.update(Notice)
        .where(Notice.run_key.in_(keys), Notice.status.in_(("queued", "failed")))
        .values(status="withdrawn", error=f"Invoice {invoice_number} was voided.")
    )
    return int(getattr(result, "rowcount", 0) or 0)
