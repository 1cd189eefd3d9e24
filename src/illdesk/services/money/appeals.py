"""Appeals: a patron or a library disputes a charge. Open with a note; decided as upheld (what
is still owed on the charge is waived, with the appeal as its reason) or denied (the charge
stands); notes and dates kept at every step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from illdesk.core.money import type_label
from illdesk.core.roles import Permission
from illdesk.services.access import permissions
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.money import payments
from illdesk.store.money_schema import Appeal, LedgerLine
from illdesk.store.unit_of_work import UnitOfWork


@dataclass(frozen=True, slots=True)
class AppealView:
    """An appeal as staff read it."""

    id: int
    line_id: int
    what: str
    amount: str
    status: str
    opened_on: date
    decided_on: date | None
    notes: str


def _view(appeal: Appeal, line: LedgerLine) -> AppealView:
    return AppealView(
        appeal.id,
        line.id,
        type_label(line.type),
        str(line.amount),
        appeal.status,
        appeal.opened_on,
        appeal.decided_on,
        appeal.notes,
    )


def open_appeal(uow: UnitOfWork, line_id: int, note: str) -> AppealView:
    """Record that a charge is disputed (one open appeal per charge; a note is required)."""
    if not note.strip():
        raise InvalidInput("Say what the appeal is about (--note).", "note")
    with uow:
        permissions.require(uow, Permission.MONEY)
        line = uow.session.get(LedgerLine, line_id)
        if line is None or line.side != "debit":
            raise NotFound(f"No charge has the line number {line_id}.")
        already = uow.session.scalars(
            sa.select(Appeal).where(Appeal.line_id == line_id, Appeal.status == "open")
        ).first()
        if already is not None:
            raise InvalidInput(f"Charge {line_id} already has an open appeal ({already.id}).")
        appeal = Appeal(
            line_id=line_id,
            status="open",
            opened_on=uow.today(),
            notes=f"{uow.today():%Y-%m-%d} opened: {note.strip()}",
            staff_name=uow.actor.staff_name,
        )
        uow.session.add(appeal)
        uow.session.flush()
        view = _view(appeal, line)
        uow.commit()
    return view


def decide(uow: UnitOfWork, appeal_id: int, *, upheld: bool, note: str) -> AppealView:
    """Uphold (the charge's open part is waived) or deny an open appeal, with a note."""
    if not note.strip():
        raise InvalidInput("Say why the appeal is upheld or denied (--note).", "note")
    with uow:
        permissions.require(uow, Permission.MONEY)
        appeal = uow.session.get(Appeal, appeal_id)
        if appeal is None:
            raise NotFound(f"No appeal has the number {appeal_id}.")
        if appeal.status != "open":
            raise InvalidInput(f"Appeal {appeal_id} was already {appeal.status}.")
        line_id = appeal.line_id
    if upheld:  # the waiver is its own transaction, in the charge's request history
        try:
            payments.waive(
                UnitOfWork(uow.db, uow.actor, uow.clock),
                line_id,
                f"Appeal {appeal_id} upheld: {note.strip()}",
            )
        except InvalidInput as exc:
            if "already settled" not in str(exc):
                raise
    with UnitOfWork(uow.db, uow.actor, uow.clock) as again:
        appeal = again.session.get(Appeal, appeal_id)
        assert appeal is not None
        word = "upheld" if upheld else "denied"
        appeal.status = word
        appeal.decided_on = again.today()
        appeal.notes = f"{appeal.notes}\n{again.today():%Y-%m-%d} {word}: {note.strip()}"
        line = again.session.get(LedgerLine, appeal.line_id)
        assert line is not None
        view = _view(appeal, line)
        again.commit()
    return view


def list_appeals(uow: UnitOfWork, *, only_open: bool = False) -> list[AppealView]:
    """Appeals, newest first."""
    with uow:
        query = sa.select(Appeal, LedgerLine).join(LedgerLine, LedgerLine.id == Appeal.line_id)
        if only_open:
            query = query.where(Appeal.status == "open")
        return [_view(a, line) for a, line in uow.session.execute(query.order_by(Appeal.id.desc()))]
