"""The outbox: notices queued with the action that calls for them, withdrawn when it is undone,
listed by queue, previewed, edited, withdrawn by staff.

Sending (`services.notices.mailer`) and printing (`services.notices.letters`) empty it later,
so a mail server that is down never stops the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from illdesk.core.notice_types import BY_KIND, NOTICE_STATES
from illdesk.core.vocabulary import CancelReason, Direction, reason_text
from illdesk.core.workflow import Action
from illdesk.services.desk.views import EventView
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.notices import composer
from illdesk.store.money_schema import LedgerLine
from illdesk.store.notice_schema import Notice
from illdesk.store.request_records import RequestRecord
from illdesk.store.request_writer import FurtherRecord
from illdesk.store.schema import Event, Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

# Borrowing actions that tell our patron something, and lending actions that tell the library.
_BORROWING: dict[Action, str] = {
    Action.RECEIVE: "ready_for_pickup",
    Action.RECALL: "recalled",
    Action.DELIVER_COPY: "copy_delivered",
    Action.RENEW_APPROVED: "renewal_approved",
    Action.RENEW_DENIED: "renewal_denied",
    Action.CANCEL: "cancelled",
    Action.RETURN_TO_LENDER: "item_returned",
    Action.MARK_LOST: "charges_billed",  # the patron lost our borrowed item: what it costs
}
# A lent item marked lost tells its library nothing yet: the cover letter goes with the
# invoice that bills it (`services.notices.cover_letters`).
_LENDING: dict[Action, str] = {Action.RECALL: "library_recall"}
# The notice that says what was charged: made only when the event billed something.
_BILLING = "charges_billed"
CHARGE_ACTION = "charge"  # a charge staff add by hand (`services.money.charges`)
ATTACHMENT = "attachment"  # in a notice's params: the file its e-mail carries
# A borrowing request cancelled for one of these reasons could not be filled.
_UNFILLED_REASONS = frozenset(
    {CancelReason.NO_LENDER.value, CancelReason.COST.value, CancelReason.NOT_NEEDED_AFTER.value}
)
STATES = NOTICE_STATES


@dataclass(frozen=True, slots=True)
class NoticeView:
    """One notice as the outbox and the command line show it."""

    id: int
    request_number: str
    patron_card: str
    kind: str
    status: str
    created_at: datetime
    channel: str = "email"
    recipient: str = ""
    subject: str = ""
    error: str = ""
    attempts: int = 0
    sent_at: datetime | None = None

    @property
    def label(self) -> str:
        return BY_KIND[self.kind].label if self.kind in BY_KIND else self.kind


def kind_after(direction: str, action: Action, params: dict[str, Any]) -> str:
    """The notice an action on a request of this direction calls for; "" for none."""
    if direction == Direction.BORROWING.value:
        kind = _BORROWING.get(action, "")
        if kind == "cancelled" and str(params.get("reason", "")) in _UNFILLED_REASONS:
            return "unfilled"
        return kind
    return _LENDING.get(action, "")


def billed_by(uow: UnitOfWork, event_id: int) -> Decimal:
    """What an event charged: the sum of its debit lines in the ledger (0 for none)."""
    total = uow.session.scalar(
        sa.select(sa.func.sum(LedgerLine.amount)).where(
            LedgerLine.event_id == event_id, LedgerLine.side == "debit", LedgerLine.amount > 0
        )
    )
    return Decimal(total or 0)


def balance_after(uow: UnitOfWork, event_id: int) -> Decimal | None:
    """What the account an event charged owes in all, this charge included (None: no line)."""
    account = uow.session.scalar(
        sa.select(LedgerLine.account_id).where(LedgerLine.event_id == event_id).limit(1)
    )
    if account is None:
        return None
    total = uow.session.scalar(
        sa.select(sa.func.sum(LedgerLine.amount)).where(LedgerLine.account_id == account)
    )
    return Decimal(total or 0)


def queue_after_action(
    uow: UnitOfWork, req: Request | RequestRecord, action: Action | str, event: Event
) -> str:
    """Queue the notice an action calls for (in the caller's transaction); words for the
    desk, or "" when the action tells nobody anything."""
    params = dict((event.details or {}).get("params", {}))
    if action == CHARGE_ACTION:
        kind = _BILLING if req.direction == Direction.BORROWING.value else ""
    else:
        kind = kind_after(req.direction, Action(action), params)
    if not kind:
        return ""
    extra: dict[str, Any] = {}
    if kind == _BILLING:
        amount = billed_by(uow, event.id)
        if not amount:
            return ""  # nothing was billed: nothing to tell
        extra["amount"] = amount
        owed = balance_after(uow, event.id)
        if owed is not None and owed > 0:
            extra["balance"] = owed
        if action == CHARGE_ACTION and (event.details or {}).get("note"):
            extra["reason"] = str(event.details["note"])
        elif action == Action.MARK_LOST:
            extra["reason"] = "the item is treated as lost"
    parties = composer.read_parties(uow, req.id)
    if params.get("reason"):
        extra["reason"] = reason_text(str(params["reason"]))
    if params.get("link"):
        extra["link"] = str(params["link"]).strip()
    if params.get("file"):
        extra[ATTACHMENT] = str(params["file"]).strip()  # sent with the e-mail (mailer)
    row = composer.compose(uow, parties, kind, event_id=event.id, params=extra)
    if row["patron_id"] is None and row["library_id"] is None:
        return ""  # nobody to tell (a request without a patron)
    composer.write(uow, [row])
    how = "letter" if row["channel"] == composer.LETTER else "e-mail"
    who = "Patron" if row["patron_id"] else "Library"
    return f"{who} notice queued ({BY_KIND[kind].label.lower()}, {how})."


def further_records(req: Request | RequestRecord, action: Action | str) -> list[FurtherRecord]:
    """The notice an action calls for, as a record the one writer writes with the action
    (an empty list when it calls for none). Put it after the action's money records: a
    notice of charges says what they came to."""
    if action != CHARGE_ACTION and action not in _BORROWING and action not in _LENDING:
        return []
    return [lambda uow, event: queue_after_action(uow, req, action, event)]


def withdraw_for_undone(uow: UnitOfWork, event_id: int) -> int:
    """Withdraw the unsent notices of an action that has just been undone; how many."""
    result = uow.session.execute(
        sa.update(Notice)
        .where(Notice.event_id == event_id, Notice.status.in_(("queued", "failed")))
        .values(status="withdrawn")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def _views(uow: UnitOfWork, query: sa.Select[Any]) -> list[NoticeView]:
    rows = uow.session.execute(query).all()
    return [
        NoticeView(
            n.id,
            number,
            card or symbol or "",
            n.kind,
            n.status,
            n.created_at,
            n.channel,
            n.recipient,
            n.subject,
            n.error,
            n.attempts,
            n.sent_at,
        )
        for n, number, card, symbol in rows
    ]


def _base() -> Any:
    return (
        sa.select(Notice, Request.number, Patron.card_barcode, Library.symbol)
        .join(Request, Notice.request_id == Request.id)
        .outerjoin(Patron, Notice.patron_id == Patron.id)
        .outerjoin(Library, Notice.library_id == Library.id)
    )


def pending(uow: UnitOfWork) -> list[NoticeView]:
    """Notices waiting to go out (e-mails and letters), oldest first."""
    with uow:
        return _views(
            uow, _base().where(Notice.status == "queued").order_by(Notice.created_at, Notice.id)
        )


def list_notices(
    uow: UnitOfWork, state: str | None = None, *, queue: str = "", limit: int = 5000
) -> list[NoticeView]:
    """Notices in a state (all when None), or in a queue of the window: `to_send`,
    `failed`, `to_print`, `sent_today`; newest first."""
    query = _base()
    with uow:
        if queue == "to_send":
            query = query.where(Notice.status == "queued", Notice.channel == composer.EMAIL)
        elif queue == "to_print":
            query = query.where(Notice.status == "queued", Notice.channel == composer.LETTER)
        elif queue == "failed":
            query = query.where(Notice.status == "failed")
        elif queue == "sent_today":
            start = datetime.combine(uow.today(), datetime.min.time()).astimezone()
            query = query.where(Notice.status.in_(("sent", "printed")), Notice.sent_at >= start)
        elif state is not None:
            if state not in STATES:
                raise InvalidInput(f"A notice's state is one of: {', '.join(STATES)}.", "state")
            query = query.where(Notice.status == state)
        return _views(uow, query.order_by(Notice.id.desc()).limit(limit))


@dataclass(frozen=True, slots=True)
class NoticeText:
    """A notice's text as it will go out, for the preview and the edit dialog."""

    id: int
    kind: str
    status: str
    channel: str
    recipient: str
    subject: str
    text: str
    html: str
    letter: str
    error: str


def notice_text(uow: UnitOfWork, notice_id: int) -> NoticeText:
    """One notice's text."""
    with uow:
        n = uow.session.get(Notice, notice_id)
        if n is None:
            raise NotFound(f"There is no notice {notice_id}.")
        return NoticeText(
            n.id,
            n.kind,
            n.status,
            n.channel,
            n.recipient,
            n.subject,
            n.body_text,
            n.body_html,
            n.letter,
            n.error,
        )


def edit_notice(uow: UnitOfWork, notice_id: int, subject: str, text: str, letter: str) -> None:
    """Change a notice's text before it goes (the HTML part is dropped: the text is what
    staff edited)."""
    with uow:
        n = _unsent(uow, notice_id)
        n.subject, n.body_text, n.letter, n.body_html = subject.strip(), text, letter, ""
        if n.status == "failed" and n.error.startswith("The "):
            n.status, n.error = "queued", ""  # the template's failure is repaired by hand
        uow.commit()


def withdraw(uow: UnitOfWork, notice_id: int) -> None:
    """Staff decide a notice should not go."""
    with uow:
        _unsent(uow, notice_id).status = "withdrawn"
        uow.commit()


def retry(uow: UnitOfWork, notice_id: int) -> None:
    """Put a failed notice back in the queue (after the address or the server was fixed)."""
    with uow:
        n = _unsent(uow, notice_id)
        n.status, n.next_try_at, n.error = "queued", None, ""
        uow.commit()


def _unsent(uow: UnitOfWork, notice_id: int) -> Notice:
    n = uow.session.get(Notice, notice_id)
    if n is None:
        raise NotFound(f"There is no notice {notice_id}.")
    if n.status not in {"queued", "failed"}:
        raise InvalidInput(f"Notice {notice_id} is {n.status} already; it cannot be changed.")
    return n


def history_lines(uow: UnitOfWork, request_id: int) -> list[EventView]:
    """A request's notices as lines of its history (id is minus the notice's id)."""
    notices = uow.session.scalars(
        sa.select(Notice).where(Notice.request_id == request_id).order_by(Notice.id)
    ).all()
    lines = []
    for n in notices:
        how = "letter" if n.channel == composer.LETTER else f"e-mail to {n.recipient}"
        state = n.status if not n.error else f"{n.status}: {n.error}"
        lines.append(
            EventView(
                id=-n.id,
                at=n.created_at,
                staff_name="",
                workstation="",
                action="notice",
                action_label=f"Notice: {BY_KIND[n.kind].label if n.kind in BY_KIND else n.kind}",
                from_status="",
                to_status="",
                from_label="",
                to_label="",
                summary=f"{how}; {state}",
                undone=n.status == "withdrawn",
            )
        )
    return lines


def prune_sent(uow: UnitOfWork, keep_days: int, today: date) -> int:
    """Remove the text of sent and printed notices older than the retention setting."""
    cutoff = datetime.combine(today - timedelta(days=keep_days), datetime.min.time()).astimezone()
    result = uow.session.execute(
        sa.update(Notice)
        .where(Notice.status.in_(("sent", "printed", "withdrawn")), Notice.created_at < cutoff)
        .where(Notice.body_text != "")
        .values(subject="", body_text="", body_html="", letter="", recipient="")
    )
    return int(getattr(result, "rowcount", 0) or 0)
