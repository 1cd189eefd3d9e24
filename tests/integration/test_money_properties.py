"""Property test on a real SQLite file and the real PostgreSQL server: whatever charges, lost
declarations, found items, waivers, payments and refunds happen, an account's balance is the
sum of its lines, and undoing every action of a request leaves none of its money behind."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from illdesk.core.money import DebitType
from illdesk.services.desk import requests
from illdesk.services.errors import InvalidInput
from illdesk.services.money import accounts, charges, payments, refunds
from illdesk.store.money_schema import LedgerLine
from illdesk.store.schema import Request
from tests.integration.helpers import CARD, borrow, seed_directory

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500"), places=2)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("charge"), st.sampled_from(list(DebitType)), AMOUNTS),
        st.tuples(st.just("lost"), st.none(), st.none()),
        st.tuples(st.just("found"), st.none(), st.none()),
        st.tuples(st.just("waive"), st.none(), st.none()),
        st.tuples(st.just("pay"), st.none(), AMOUNTS),
        st.tuples(st.just("refund"), st.none(), AMOUNTS),
    ),
    min_size=1,
    max_size=7,
)


@pytest.fixture
def desk(uow):
    seed_directory(uow)
    return uow


def _request_sum(uow, number: str) -> Decimal:
    with uow(read_only=True) as unit:
        total = unit.session.scalar(
            sa.select(sa.func.coalesce(sa.func.sum(LedgerLine.amount), 0))
            .join(Request, Request.id == LedgerLine.request_id)
            .where(Request.number == number)
        )
    return Decimal(total).quantize(Decimal("0.01"))


def _check_balance(uow) -> Decimal:
    shown = accounts.show_account(uow(), CARD)
    assert shown.balance == sum((line.amount for line in shown.lines), Decimal("0.00"))
    return shown.balance


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=STEPS)
def test_balances_are_sums_and_undo_leaves_no_money_behind(desk, steps) -> None:
    uow = desk
    row = borrow(uow, "Property", allow_duplicate=True)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    undoable = 0
    paid = Decimal("0.00")
    reference = len(accounts.show_account(uow(), CARD).lines)
    for kind, debit, amount in steps:
        try:
            if kind == "charge":
                charges.add_charge(uow(), row.number, debit, amount, "prop")
            elif kind == "lost":
                requests.perform(uow(), row.number, "mark_lost")
            elif kind == "found":
                requests.perform(uow(), row.number, "lost_found")
            elif kind == "waive":
                open_lines = [
                    line
                    for line in accounts.show_account(uow(), CARD).lines
                    if line.side == "debit"
                    and line.request_number == row.number
                    and not line.voided
                ]
                if not open_lines:
                    continue
                payments.waive(uow(), open_lines[-1].id, "prop")
            elif kind == "refund":
                credit = -accounts.show_account(uow(), CARD).balance
                if credit <= 0:
                    continue
                back = refunds.refund(uow(), CARD, min(amount, credit), f"R{reference}-{paid}")
                paid += Decimal("0.01")  # a fresh reference for the next one
                if not back.message.startswith(row.number):
                    continue  # an overpayment paid back: not an action on the request
            else:
                payments.add_payment(uow(), CARD, amount, f"P{reference}-{len(steps)}-{paid}")
                paid += amount
                continue  # a payment is money received, not an action on the request
        except InvalidInput:
            continue  # not allowed now (already lost, nothing found, settled): nothing written
        undoable += 1
        _check_balance(uow)
    for _ in range(undoable):
        requests.undo_last(uow(), row.number)
        _check_balance(uow)
    assert _request_sum(uow, row.number) == Decimal("0.00")
    assert requests.get_detail(uow(), row.number).row.status == "checked_out"
