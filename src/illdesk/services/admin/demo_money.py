"""The demo's money: what a year and a half of ILL leaves in the ledger.

Written after the requests, by the same use cases the desk uses, under the demo's clock: the
lost items' replacement and processing fees (with the lost declaration's event), lending fees
of partners billed by invoice, lender charges passed on to students and community patrons, a
few damage charges; monthly invoice runs; payments (most invoices paid, some in part, one
disputed); patron payments, and two patrons who paid twice: one paid back, the other's
credit still waiting. Partners on OCLC IFM keep their fees out of invoices. The
courier's invoices for the last two months: the older one agrees with the desk and is approved,
the last one bills two stops more than the desk saw and waits for a decision.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa

from illdesk.core.money import Charge, DebitType, lost_charges, passed_on_charge
from illdesk.core.vocabulary import BillingMethod, Direction
from illdesk.core.workflow import Status
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin.demo_requests import DemoClock
from illdesk.services.money import courier_invoices, invoices, ledger, payments, refunds
from illdesk.services.money.charges import charge_in, owner_of
from illdesk.store.database import Database
from illdesk.store.money_schema import Account, Invoice, LedgerLine
from illdesk.store.notice_schema import Notice
from illdesk.store.schema import Event, Library, Patron, Request
from illdesk.store.unit_of_work import Actor, UnitOfWork


def make_money(
    db: Database, rng: random.Random, clock: DemoClock, now: datetime, actor: Actor
) -> int:
    """Fill the ledger of a fresh demo; returns how many invoices were made."""
    _charges(db, rng, clock, actor)
    made = _invoice_runs(db, clock, now, actor)
    _payments(db, rng, clock, now, actor)
    _paid_twice(db, clock, now, actor)
    _courier_invoices(db, clock, now, actor)
    clock.at = now
    return made


def _charges(db: Database, rng: random.Random, clock: DemoClock, actor: Actor) -> None:
    with UnitOfWork(db, actor, clock) as uow:
        money = library_settings.load(uow).money
        session = uow.session
        lost = session.execute(
            sa.select(Request, sa.func.max(Event.id), sa.func.max(Event.at))
            .join(Event, Event.request_id == Request.id)
            .where(Request.status == Status.LOST.value, Event.action == "mark_lost")
            .group_by(Request.id)
            .order_by(Request.id)
        ).all()
        for req, event_id, at in lost:
            clock.at = at
            account = ledger.account_for(uow, owner_of(req))
            for charge in lost_charges(money, req.format, None):
                ledger.add_line(
                    uow, account, charge.type, charge.amount, request_id=req.id, event_id=event_id
                )
        shipped = session.execute(
            sa.select(Request, sa.func.min(Event.at))
            .join(Event, Event.request_id == Request.id)
            .join(Library, Library.id == Request.library_id)
            .where(
                Request.direction == Direction.LENDING.value,
                Request.charge > 0,
                Library.billing_method == BillingMethod.INVOICE.value,
                Event.action.in_(("ship", "send_copy")),
            )
            .group_by(Request.id)
            .order_by(Request.id)
        ).all()
        for req, at in shipped:
            clock.at = at + timedelta(minutes=5)
            fee = req.charge or Decimal("0.00")
            charge_in(uow, req, Charge(DebitType.LENDING_FEE, fee), money.currency)
        received = session.execute(
            sa.select(Request, Patron.patron_type, sa.func.min(Event.at))
            .join(Patron, Patron.id == Request.patron_id)
            .join(Event, Event.request_id == Request.id)
            .where(Request.direction == Direction.BORROWING.value, Event.action == "receive")
            .group_by(Request.id, Patron.patron_type)
            .order_by(Request.id)
        ).all()
        for req, patron_type, at in received:
            if rng.random() > 0.12:
                continue
            lender = Decimal(rng.choice(["5.00", "10.00", "12.50", "15.00"]))
            passed = passed_on_charge(money, patron_type, lender)
            clock.at = at + timedelta(minutes=10)
            if passed:
                charge = Charge(DebitType.LENDER_CHARGE, passed, "Lender's charge passed on")
                charge_in(uow, req, charge, money.currency)
            elif rng.random() < 0.2:
                charge_in(
                    uow, req, Charge(DebitType.DAMAGE, Decimal("8.00"), "Wet cover"), money.currency
                )
        # The patrons were told of these charges at the time: their notices went long ago.
        session.execute(
            sa.update(Notice)
            .where(Notice.kind == "charges_billed", Notice.status == "queued")
            .values(status="sent", sent_at=Notice.created_at)
        )
        uow.commit()


def _invoice_runs(db: Database, clock: DemoClock, now: datetime, actor: Actor) -> int:
    """A monthly invoice run on the 3rd of each month for the month before."""
    with UnitOfWork(db, actor, clock) as uow:
        first_at = uow.session.scalar(sa.select(sa.func.min(LedgerLine.at)))
    if first_at is None:
        return 0
    month = first_at.replace(day=1, hour=9, minute=0, second=0, microsecond=0)
    made = 0
    while True:
        following = (month + timedelta(days=32)).replace(day=3)
        if following > now:
            break
        clock.at = following
        made += len(invoices.make_invoices(UnitOfWork(db, actor, clock), month=f"{month:%Y-%m}"))
        month = following.replace(day=1)
    return made


def _payments(
    db: Database, rng: random.Random, clock: DemoClock, now: datetime, actor: Actor
) -> None:
    with UnitOfWork(db, actor, clock) as uow:
        unpaid = uow.session.execute(
            sa.select(Invoice.number, Invoice.issued_on, Invoice.total, Library.symbol)
            .join(Account, Account.id == Invoice.account_id)
            .join(Library, Library.id == Account.library_id)
            .order_by(Invoice.id)
        ).all()
        owing = uow.session.execute(
            sa.select(Patron.card_barcode, sa.func.sum(LedgerLine.amount))
            .join(Account, Account.patron_id == Patron.id)
            .join(LedgerLine, LedgerLine.account_id == Account.id)
            .group_by(Patron.card_barcode)
            .order_by(Patron.card_barcode)
        ).all()
    disputed = False
    for i, (number, issued, total, symbol) in enumerate(unpaid):
        age = (now.date() - issued).days
        clock.at = datetime.combine(issued, datetime.min.time(), UTC) + timedelta(
            days=min(age, rng.randint(12, 50)), hours=10
        )
        if age < 35 or rng.random() < 0.12:
            continue  # not paid yet: shows in aging
        if not disputed and age > 60:
            invoices.dispute(UnitOfWork(db, actor, clock), number, "Item says returned in March")
            disputed = True
            continue
        amount = total if rng.random() > 0.15 else (total / 2).quantize(Decimal("0.01"))
        payments.add_payment(
            UnitOfWork(db, actor, clock),
            symbol,
            amount,
            f"CHQ {40100 + i}",
            method=rng.choice(["cheque", "transfer"]),
            received_on=clock.at.date(),
            invoice=number,
        )
    for i, (card, owed) in enumerate(owing):
        if owed <= 0 or rng.random() < 0.4:
            continue
        clock.at = now - timedelta(days=rng.randint(2, 90))
        pay = owed if rng.random() > 0.3 else (owed / 2).quantize(Decimal("0.01"))
        payments.add_payment(
            UnitOfWork(db, actor, clock), card, pay, f"RCPT {7000 + i}", method="card"
        )


def _paid_twice(db: Database, clock: DemoClock, now: datetime, actor: Actor) -> None:
    """Two patrons square with the library paid again by mistake: the first was paid back
    by cheque a week later, the second's credit waits for staff (Pay back…)."""
    with UnitOfWork(db, actor, clock, read_only=True) as uow:
        paid_up = uow.session.scalars(
            sa.select(Patron.card_barcode)
            .join(Account, Account.patron_id == Patron.id)
            .join(LedgerLine, LedgerLine.account_id == Account.id)
            .group_by(Patron.card_barcode)
            .having(sa.func.sum(LedgerLine.amount) == 0, sa.func.count(LedgerLine.id) > 1)
            .order_by(Patron.card_barcode)
            .limit(2)
        ).all()
    for i, card in enumerate(paid_up):
        clock.at = now - timedelta(days=20 - 10 * i, hours=3)
        payments.add_payment(
            UnitOfWork(db, actor, clock), card, "10.00", f"RCPT {9100 + i}", method="card"
        )
        if i == 0:
            clock.at += timedelta(days=7)
            refunds.refund(
                UnitOfWork(db, actor, clock), card, "10.00", "OUR CHQ 5501", method="cheque"
            )


# What the demo's courier charges a stop (a consortium courier's flat fee per visit).
COURIER_STOP_FEE = Decimal("12.50")


def _courier_invoices(db: Database, clock: DemoClock, now: datetime, actor: Actor) -> None:
    this_month = now.date().replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    month_before = (last_month - timedelta(days=1)).replace(day=1)
    for first, overbilled in ((month_before, 0), (last_month, 2)):
        last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        clock.at = datetime.combine(last, datetime.min.time(), UTC) + timedelta(days=6, hours=11)
        with UnitOfWork(db, actor, clock, read_only=True) as uow:
            seen = courier_invoices.seen_in_period(uow, first, last)
        if not seen.stop_days:
            continue
        stops = seen.stop_days + overbilled
        view = courier_invoices.record(
            UnitOfWork(db, actor, clock),
            courier_invoices.NewCourierInvoice(
                "Empire Library Delivery", f"ELD-{first:%Y-%m}", first, last, stops, 0,
                seen.items, COURIER_STOP_FEE * stops,
            ),
        )  # fmt: skip
        if not view.problems:
            courier_invoices.decide(UnitOfWork(db, actor, clock), view.id, approve=True)
