"""Patron notices: queued with the action that calls for them, withdrawn when it is undone.

Only the queue lives here. Sending (e-mail, a printed slip for a correctional facility) is
done by whatever empties it later, so a mail server that is down never stops the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Action
from illdesk.store.request_records import RequestRecord
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Event, Notice, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

# What the patron is told after an action on their borrowing request.
KINDS: dict[Action, str] = {
    Action.RECEIVE: "ready_for_pickup",
    Action.RECALL: "recalled",
    Action.DELIVER_COPY: "copy_delivered",
}
LABELS = {
    "ready_for_pickup": "ready for pickup",
    "recalled": "recalled by the lender: please bring it back",
    "copy_delivered": "your copy has been sent",
}


@dataclass(frozen=True, slots=True)
class NoticeView:
    id: int
    request_number: str
    patron_card: str
    kind: str
    status: str
    created_at: datetime


def queue_after_action(
    uow: UnitOfWork, req: Request | RequestRecord, action: Action, event: Event
) -> str:
    """Queue the notice an action calls for (in the caller's transaction); words for the
    desk, or "" when the action tells the patron nothing."""
    kind = KINDS.get(action)
    if kind is None or req.direction != Direction.BORROWING.value or req.patron_id is None:
        return ""
    uow.session.add(
        Notice(
            request_id=req.id,
            patron_id=req.patron_id,
            event_id=event.id,
            kind=kind,
            status="queued",
            created_at=uow.now(),
            detail="",
        )
    )
    return f"Patron notice queued ({LABELS[kind]})."


def further_records(req: Request | RequestRecord, action: Action) -> list[FurtherRecord]:
    """The notice an action calls for, as a record the one writer writes with the action
    (an empty list when it calls for none)."""
    if KINDS.get(action) is None:
        return []
    return [lambda uow, event: queue_after_action(uow, req, action, event)]


def withdraw_for_undone(uow: UnitOfWork, event_id: int) -> int:
    """Withdraw the unsent notices of an action that has just been undone; how many."""
    result = uow.session.execute(
        sa.update(Notice)
        .where(Notice.event_id == event_id, Notice.status == "queued")
        .values(status="withdrawn")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def pending(uow: UnitOfWork) -> list[NoticeView]:
    """Notices waiting to be sent, oldest first."""
    with uow:
        rows = uow.session.execute(
            sa.select(Notice, Request.number, Patron.card_barcode)
            .join(Request, Notice.request_id == Request.id)
            .join(Patron, Notice.patron_id == Patron.id)
            .where(Notice.status == "queued")
            .order_by(Notice.created_at, Notice.id)
        ).all()
        return [
            NoticeView(n.id, number, card, n.kind, n.status, n.created_at)
            for n, number, card in rows
        ]
