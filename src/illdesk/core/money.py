"""Money rules: what a charge may be, how much the rules charge, and how credits settle debits.

Pure data and decisions, no database. An account's lines are debits (what the patron or the
library owes) and credits (what settles it). A line's amount is stored signed: a debit is
positive, a credit negative, so a balance is always the plain sum of its lines. Every amount is
a `Decimal` in the library's currency, never a float.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# An amount above this is a typing mistake, not a charge: no ILL fee or replacement costs more.
LARGEST_AMOUNT = Decimal("10000.00")


class MoneyError(ValueError):
    """An amount or a money action that cannot be accepted; the message is for staff."""


class DebitType(StrEnum):
    """What a patron or a library is charged for."""

    LENDING_FEE = "lending_fee"
    LENDER_CHARGE = "lender_charge"  # the lender's charge passed on to our patron
    REPLACEMENT = "replacement"
    PROCESSING_FEE = "processing_fee"
    DAMAGE = "damage"
    SHIPPING = "shipping"
    COPYRIGHT_FEE = "copyright_fee"
    MANUAL = "manual"

    @property
    def label(self) -> str:
        return DEBIT_LABELS[self]


class CreditType(StrEnum):
    """What settles a debit."""

    PAYMENT = "payment"
    WAIVER = "waiver"
    WRITE_OFF = "write_off"
    LOST_FOUND = "lost_found"
    CANCELLATION = "cancellation"
    VOID = "void"

    @property
    def label(self) -> str:
        return CREDIT_LABELS[self]


DEBIT_LABELS = {
    DebitType.LENDING_FEE: "Lending fee",
    DebitType.LENDER_CHARGE: "Lender's charge",
    DebitType.REPLACEMENT: "Lost item replacement",
    DebitType.PROCESSING_FEE: "Processing fee",
    DebitType.DAMAGE: "Damage",
    DebitType.SHIPPING: "Shipping",
    DebitType.COPYRIGHT_FEE: "Copyright fee",
    DebitType.MANUAL: "Other charge",
}
CREDIT_LABELS = {
    CreditType.PAYMENT: "Payment",
    CreditType.WAIVER: "Waived",
    CreditType.WRITE_OFF: "Written off",
    CreditType.LOST_FOUND: "Lost item found",
    CreditType.CANCELLATION: "Cancelled",
    CreditType.VOID: "Voided",
}
# Money paid back to an account in credit. It is not a credit: it raises the balance towards
# zero, so it is stored on the debit side, and the credits it pays back settle it (decision 0011).
REFUND = "refund"
REFUND_LABEL = "Paid back"
# Credits that need a reason typed by a person.
NEEDS_REASON = frozenset({CreditType.WAIVER, CreditType.WRITE_OFF})
# Event actions on a request that write money and change no field of the request.
# ("claims_returned": the patron says the item is back; billing waits, see core.lost_rules.)
MONEY_ACTIONS = frozenset({"charge", "waive", "claims_returned", REFUND})


def type_label(kind: str) -> str:
    """What staff read for a stored line type."""
    if kind == REFUND:
        return REFUND_LABEL
    for enum in (DebitType, CreditType):
        try:
            return str(enum(kind).label)
        except ValueError:
            continue
    return kind.replace("_", " ").capitalize()


def parse_amount(text: str | Decimal, what: str = "The amount") -> Decimal:
    """A positive amount of money from what was typed (raises MoneyError in words)."""
    raw = str(text).strip().replace(",", "").lstrip("$€£")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise MoneyError(f"{what} “{text}” is not an amount of money (e.g. 12.50).") from None
    if not amount.is_finite():
        raise MoneyError(f"{what} “{text}” is not an amount of money (e.g. 12.50).")
    if amount != amount.quantize(CENT):
        raise MoneyError(f"{what} {text} has more than two decimals.")
    if amount <= 0:
        raise MoneyError(f"{what} must be more than zero (a refund or waiver is a credit).")
    if amount > LARGEST_AMOUNT:
        raise MoneyError(f"{what} {text} is more than {LARGEST_AMOUNT}: please check it.")
    return amount.quantize(CENT)


def refund_refusal(amount: Decimal, credit: Decimal, whose: str, currency: str) -> str:
    """Why a refund of `amount` cannot be paid when `credit` is all that is in credit ("" when
    it can): money is paid back only out of a credit, never beyond it."""
    if credit <= 0:
        return f"{whose} has nothing in credit: there is nothing to pay back."
    if amount > credit:
        return (
            f"{whose} has only {credit} {currency} in credit: a refund of {amount} {currency} "
            "would pay back more than that. Pay back at most the credit."
        )
    return ""


def signed(kind: str, amount: Decimal) -> Decimal:
    """The stored, signed amount of a line: debits positive, credits negative."""
    is_credit = kind in {c.value for c in CreditType}
    return -amount if is_credit else amount


@dataclass(frozen=True, slots=True)
class MoneySettings:
    """The library's money rules (settings section `money`)."""

    currency: str = "USD"
    # Lender charges passed on to the patron, by patron type (missing type: not passed on).
    pass_on_lender_charge: dict[str, bool] = field(
        default_factory=lambda: {"student": True, "community": True, "faculty": False}
    )
    # A fee charged to the patron for every borrowing request received, by patron type.
    patron_ill_fee: dict[str, Decimal] = field(default_factory=dict)
    # The replacement price charged for a lost item when the lender's bill is not known yet.
    replacement_price: dict[str, Decimal] = field(
        default_factory=lambda: {
            "book": Decimal("100.00"),
            "thesis": Decimal("150.00"),
            "audiovisual": Decimal("75.00"),
            "other": Decimal("100.00"),
        }
    )
    processing_fee: Decimal = Decimal("15.00")
    # A lost item that comes back: the replacement is refunded; the processing fee too?
    refund_processing_fee_when_found: bool = False
    lost_after_days_overdue_borrowing: int = 120
    lost_after_days_overdue_lending: int = 42
    lost_after_days_in_transit: int = 45
    claims_returned_search_days: int = 90
    # The desk window declares lost what these rules call lost, by itself, every hour it is
    # open (off: only `illdesk lost run`, e.g. from the system's scheduler).
    declare_lost_in_desk: bool = False
    # New requests and check-outs are refused above this balance (0: never blocked).
    block_balance: Decimal = Decimal("25.00")
    invoice_terms_days: int = 30
    invoice_prefix: str = "INV"
    how_to_pay: str = "Pay by cheque payable to the library, or by bank transfer."

    def validate(self) -> None:
        """Raise MoneyError for a value that cannot work."""
        if not (len(self.currency) == 3 and self.currency.isalpha() and self.currency.isupper()):
            raise MoneyError("The currency is a three-letter code such as USD, CAD or EUR.")
        amounts = [
            self.processing_fee,
            self.block_balance,
            *self.replacement_price.values(),
            *self.patron_ill_fee.values(),
        ]
        if any(a < 0 or a > LARGEST_AMOUNT or a != a.quantize(CENT) for a in amounts):
            raise MoneyError(f"Money settings are amounts from 0 to {LARGEST_AMOUNT}, in cents.")
        days = (
            self.lost_after_days_overdue_borrowing,
            self.lost_after_days_overdue_lending,
            self.lost_after_days_in_transit,
            self.claims_returned_search_days,
            self.invoice_terms_days,
        )
        if any(not 0 < d <= 730 for d in days):
            raise MoneyError("Money rules count days from 1 to 730.")
        if not (1 <= len(self.invoice_prefix) <= 4 and self.invoice_prefix.isalpha()):
            raise MoneyError("The invoice number prefix is one to four letters.")


@dataclass(frozen=True, slots=True)
class Charge:
    """A debit the rules call for."""

    type: DebitType
    amount: Decimal
    reason: str = ""


def lost_charges(
    settings: MoneySettings, item_format: str, known_price: Decimal | None
) -> list[Charge]:
    """What an item declared lost costs: its replacement (the lender's price when known, else
    the default for its format) and the processing fee."""
    price = known_price if known_price is not None else settings.replacement_price.get(item_format)
    charges: list[Charge] = []
    if price is not None and price > 0:
        source = "lender's price" if known_price is not None else f"default for a {item_format}"
        charges.append(Charge(DebitType.REPLACEMENT, price, f"Replacement ({source})"))
    if settings.processing_fee > 0:
        charges.append(Charge(DebitType.PROCESSING_FEE, settings.processing_fee))
    return charges


def found_refunds(settings: MoneySettings, open_types: Sequence[str]) -> frozenset[str]:
    """Which of a lost item's charges are taken back when it is found."""
    refunded = {DebitType.REPLACEMENT.value}
    if settings.refund_processing_fee_when_found:
        refunded.add(DebitType.PROCESSING_FEE.value)
    return frozenset(t for t in open_types if t in refunded)


def passed_on_charge(
    settings: MoneySettings, patron_type: str, lender_charge: Decimal | None
) -> Decimal | None:
    """The lender's charge the patron pays, by the patron's type (None: nothing)."""
    if lender_charge is None or lender_charge <= 0:
        return None
    return lender_charge if settings.pass_on_lender_charge.get(patron_type, False) else None


def is_blocked(settings: MoneySettings, balance: Decimal) -> bool:
    """Whether a balance stops new requests and check-outs."""
    return settings.block_balance > 0 and balance > settings.block_balance


@dataclass(frozen=True, slots=True)
class OpenDebit:
    """A debit with what is still owed on it."""

    line_id: int
    owed: Decimal


def allocate(amount: Decimal, debits: Sequence[OpenDebit]) -> list[tuple[int, Decimal]]:
    """How a credit settles open debits, oldest first: (debit line, amount) pairs. What is left
    over stays on the account as a credit."""
    left = amount
    out: list[tuple[int, Decimal]] = []
    for debit in debits:
        if left <= 0:
            break
        if debit.owed <= 0:
            continue
        take = min(left, debit.owed)
        out.append((debit.line_id, take))
        left -= take
    return out


AGING_BUCKETS = ("0-30", "31-60", "61-90", "over 90")


def aging_bucket(issued: date, today: date) -> str:
    """The aging column of an unpaid invoice issued on `issued`."""
    days = (today - issued).days
    if days <= 30:
        return AGING_BUCKETS[0]
    if days <= 60:
        return AGING_BUCKETS[1]
    if days <= 90:
        return AGING_BUCKETS[2]
    return AGING_BUCKETS[3]
