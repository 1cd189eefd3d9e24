"""Money rules without a database: amounts, lost-item charges, pass-on, block, settling, aging."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from illdesk.core.money import (
    CreditType,
    DebitType,
    MoneyError,
    MoneySettings,
    OpenDebit,
    aging_bucket,
    allocate,
    found_refunds,
    is_blocked,
    lost_charges,
    parse_amount,
    passed_on_charge,
    signed,
)


@pytest.mark.parametrize(
    ("typed", "amount"), [("12.5", "12.50"), ("$1,200.00", "1200.00"), (" 3 ", "3.00")]
)
def test_amounts_are_read_as_exact_decimals(typed: str, amount: str) -> None:
    value = parse_amount(typed)
    assert isinstance(value, Decimal) and value == Decimal(amount)
    assert str(value) == amount


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("-5", "more than zero"),
        ("0", "more than zero"),
        ("abc", "not an amount"),
        ("NaN", "not an amount"),
        ("1.234", "two decimals"),
        ("99999", "please check"),
    ],
)
def test_bad_amounts_are_refused_in_words(typed: str, words: str) -> None:
    with pytest.raises(MoneyError, match=words):
        parse_amount(typed)


def test_debits_are_positive_and_credits_negative() -> None:
    assert signed(DebitType.REPLACEMENT, Decimal("5")) == Decimal("5")
    assert signed(CreditType.PAYMENT, Decimal("5")) == Decimal("-5")


def test_a_lost_item_costs_its_default_price_and_the_processing_fee() -> None:
    rules = MoneySettings()
    charges = lost_charges(rules, "book", None)
    assert [(c.type, c.amount) for c in charges] == [
        (DebitType.REPLACEMENT, Decimal("100.00")),
        (DebitType.PROCESSING_FEE, Decimal("15.00")),
    ]
    # The lender's own price replaces the default.
    assert lost_charges(rules, "book", Decimal("66.81"))[0].amount == Decimal("66.81")


def test_a_found_item_refunds_the_replacement_and_keeps_the_fee_unless_set() -> None:
    kept = MoneySettings()
    refunded = MoneySettings(refund_processing_fee_when_found=True)
    types = ["replacement", "processing_fee", "damage"]
    assert found_refunds(kept, types) == {"replacement"}
    assert found_refunds(refunded, types) == {"replacement", "processing_fee"}


def test_lender_charges_are_passed_on_by_patron_type() -> None:
    rules = MoneySettings()
    assert passed_on_charge(rules, "student", Decimal("10.00")) == Decimal("10.00")
    assert passed_on_charge(rules, "faculty", Decimal("10.00")) is None
    assert passed_on_charge(rules, "student", Decimal("0")) is None


def test_the_block_starts_above_the_limit_and_zero_means_never() -> None:
    assert not is_blocked(MoneySettings(), Decimal("25.00"))
    assert is_blocked(MoneySettings(), Decimal("25.01"))
    assert not is_blocked(MoneySettings(block_balance=Decimal("0")), Decimal("900"))


def test_a_credit_settles_the_oldest_debits_first_and_keeps_the_rest() -> None:
    debits = [OpenDebit(1, Decimal("10")), OpenDebit(2, Decimal("0")), OpenDebit(3, Decimal("8"))]
    assert allocate(Decimal("15"), debits) == [(1, Decimal("10")), (3, Decimal("5"))]
    assert allocate(Decimal("30"), debits) == [(1, Decimal("10")), (3, Decimal("8"))]


def test_aging_buckets() -> None:
    today = date(2026, 6, 30)
    assert aging_bucket(date(2026, 6, 1), today) == "0-30"
    assert aging_bucket(date(2026, 5, 1), today) == "31-60"
    assert aging_bucket(date(2026, 4, 1), today) == "61-90"
    assert aging_bucket(date(2026, 3, 1), today) == "over 90"


def test_settings_that_cannot_work_are_refused() -> None:
    MoneySettings().validate()
    for bad in (
        MoneySettings(currency="dollars"),
        MoneySettings(processing_fee=Decimal("-1")),
        MoneySettings(lost_after_days_in_transit=0),
        MoneySettings(invoice_prefix="12"),
    ):
        with pytest.raises(MoneyError):
            bad.validate()


def test_a_refund_is_paid_out_of_a_credit_and_never_beyond_it() -> None:
    from illdesk.core.money import REFUND, refund_refusal, signed, type_label

    assert signed(REFUND, Decimal("80.00")) == Decimal("80.00")  # it raises the balance to 0
    assert type_label(REFUND) == "Paid back"
    assert refund_refusal(Decimal("80.00"), Decimal("80.00"), "WAU", "USD") == ""
    too_much = refund_refusal(Decimal("80.01"), Decimal("80.00"), "WAU", "USD")
    assert "only 80.00 USD in credit" in too_much
    assert "nothing in credit" in refund_refusal(Decimal("1.00"), Decimal("0"), "WAU", "USD")
