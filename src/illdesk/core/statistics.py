"""What each ILL statistic counts: the measures, which events make them, and the arithmetic
on top (rates, turnaround medians and buckets). Pure definitions; the counting itself is SQL in
`services.reports`.

A measure counts events in a period, never current statuses: an event that happened in March
stays in March whatever the request does later (an undone event does not count, and the undo
itself is not a measure). Each measure carries the definition printed beside it.
"""

from __future__ import annotations

import statistics as pystats
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from illdesk.core.vocabulary import Direction

B, L = Direction.BORROWING, Direction.LENDING
# The event that makes a request: entered at the desk, or a new one from an imported file.
CREATED = ("create", "import")


@dataclass(frozen=True, slots=True)
class Measure:
    """One count: the events it is made of, and what it means in words."""

    key: str
    direction: Direction
    label: str
    definition: str
    # (action, the status it started from, or "*" for any): an event matching one counts once.
    events: tuple[tuple[str, str], ...]


def _m(
    direction: Direction, name: str, label: str, definition: str, *events: tuple[str, str]
) -> Measure:
    return Measure(f"{direction.value}.{name}", direction, label, definition, events)


_ANY = "*"  # from any status
MEASURES: tuple[Measure, ...] = (
    _m(B, "requests", "Requests made", "Borrowing requests entered or imported in the period.",
       ("create", _ANY), ("import", "")),
    _m(B, "sent", "Sent to a lender", "Times a request was sent to the next lender in its string.",
       ("send", _ANY)),
    _m(B, "filled", "Filled", "A lender supplied: shipped a loan, or we received the item or "
       "copy straight from a waiting request.",
       ("lender_shipped", _ANY), ("receive", "sent"), ("receive_copy", _ANY),
       ("deliver_copy", "sent")),
    _m(B, "received", "Received", "Loans and copies received from lenders.",
       ("receive", _ANY), ("receive_copy", _ANY), ("deliver_copy", "sent")),
    _m(B, "unfilled", "Unfilled answers", "A lender said no, did not answer in time, or offered "
       "conditions we refused (one count per lender's answer; by ISO 18626 reason below).",
       ("lender_unfilled", _ANY), ("no_answer", _ANY), ("reject_conditions", _ANY)),
    _m(B, "cancelled", "Cancelled", "Borrowing requests cancelled.", ("cancel", _ANY)),
    _m(B, "renewals_asked", "Renewals asked", "Renewals asked of lenders.", ("renew_ask", _ANY)),
    _m(B, "renewals_refused", "Renewals refused", "Renewals the lender refused.",
       ("renew_denied", _ANY)),
    _m(B, "returned", "Returned to lender", "Loans sent back to their lender.",
       ("return_to_lender", _ANY)),
    _m(B, "lost", "Lost", "Borrowed items declared lost.", ("mark_lost", _ANY)),
    _m(L, "requests", "Requests received", "Lending requests received from other libraries.",
       ("create", _ANY), ("import", "")),
    _m(L, "accepted", "Accepted", "Requests we agreed to supply (with or without conditions).",
       ("accept", _ANY), ("conditions_accepted", _ANY)),
    _m(L, "filled", "Filled (shipped)", "Loans shipped and copies sent.",
       ("ship", _ANY), ("ship_override", _ANY), ("send_copy", _ANY)),
    _m(L, "unfilled", "Unfilled", "Requests we could not supply (by ISO 18626 reason below).",
       ("unfill", _ANY)),
    _m(L, "cancelled", "Cancelled", "Lending requests cancelled, or conditions refused by the "
       "borrower.", ("cancel", _ANY), ("conditions_rejected", _ANY)),
    _m(L, "renewals_asked", "Renewals asked", "Renewals borrowers asked of us.",
       ("renew_ask", _ANY)),
    _m(L, "returned", "Returned", "Our loans checked in when they came back.",
       ("check_in", _ANY)),
    _m(L, "lost", "Lost", "Our loans declared lost.", ("mark_lost", _ANY)),
)  # fmt: skip
BY_KEY: Mapping[str, Measure] = {m.key: m for m in MEASURES}

# Overdue is a date passing, not an event: a loan whose due date fell in the period and that
# had not gone back (borrowing) or come home (lending) by then.
OVERDUE_END = {B: ("return_to_lender", "mark_lost"), L: ("check_in", "mark_lost")}
OVERDUE_DEFINITION = (
    "Loans whose lender due date fell in the period and that were not returned (or declared "
    "lost) by that date."
)

# Lender answers that name no reason of their own.
DEFAULT_REASON = {"no_answer": "NoAnswer", "reject_conditions": "Charges"}
UNFILLED_ACTIONS = {B: ("lender_unfilled", "no_answer", "reject_conditions"), L: ("unfill",)}


def actions_counted() -> tuple[str, ...]:
    """Every action any measure looks at (for the SQL filter)."""
    return tuple(sorted({action for m in MEASURES for action, _ in m.events}))


def measures_of(direction: str, action: str, from_status: str) -> tuple[str, ...]:
    """The measures one event counts in."""
    return _INDEX.get((direction, action, from_status), ()) + _INDEX.get(
        (direction, action, _ANY), ()
    )


def _index() -> dict[tuple[str, str, str], tuple[str, ...]]:
    index: dict[tuple[str, str, str], tuple[str, ...]] = {}
    for m in MEASURES:
        for action, source in m.events:
            key = (m.direction.value, action, source)
            index[key] = (*index.get(key, ()), m.key)
    return index


_INDEX = _index()


def tally(rows: Iterable[tuple[str, str, str, int]]) -> dict[str, int]:
    """Measure counts from (direction, action, from_status, count) rows; every measure present."""
    counts = {m.key: 0 for m in MEASURES}
    for direction, action, from_status, count in rows:
        for key in measures_of(direction, action, from_status):
            counts[key] += count
    return counts


# ---------------------------------------------------------------- rates

RATES: tuple[tuple[str, str, str, str], ...] = (
    ("borrowing.fill_rate", "Fill rate", "borrowing.filled", "borrowing.requests"),
    ("borrowing.received_rate", "Received rate", "borrowing.received", "borrowing.requests"),
    ("lending.fill_rate", "Fill rate", "lending.filled", "lending.requests"),
    ("lending.supply_rate", "Supply rate", "lending.filled", "lending.answered"),
)
RATE_DEFINITIONS = {
    "borrowing.fill_rate": "Filled ÷ requests made in the same period, in per cent.",
    "borrowing.received_rate": "Received ÷ requests made in the same period, in per cent.",
    "lending.fill_rate": "Filled ÷ requests received in the same period, in per cent.",
    "lending.supply_rate": "Filled ÷ (filled + unfilled): of the requests we answered, the share"
    " we supplied, in per cent.",
}


def percent(part: int, whole: int) -> Decimal | None:
    """part/whole in per cent to one decimal (None when there is nothing to divide by)."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rates(counts: Mapping[str, int]) -> dict[str, Decimal | None]:
    """The rates of a set of counts."""
    values = dict(counts)
    values["lending.answered"] = counts.get("lending.filled", 0) + counts.get("lending.unfilled", 0)
    return {
        key: percent(values.get(part, 0), values.get(whole, 0)) for key, _, part, whole in RATES
    }


# ---------------------------------------------------------------- turnaround


@dataclass(frozen=True, slots=True)
class Stage:
    """A stretch of a request's life, from the first start event to an end event in the period."""

    key: str
    direction: Direction
    label: str
    starts: tuple[str, ...]  # the earliest of these events ("create" for when it was made)
    ends: tuple[tuple[str, str], ...]  # the event that closes it, counted in its period


_FILLED = (("lender_shipped", _ANY), ("receive", "sent"), ("receive_copy", _ANY),
           ("deliver_copy", "sent"))  # fmt: skip
_RECEIVED = (("receive", _ANY), ("receive_copy", _ANY), ("deliver_copy", "sent"))
STAGES: tuple[Stage, ...] = (
    Stage("borrowing.to_fill", B, "Sent to filled", ("send",), _FILLED),
    Stage("borrowing.to_ship", B, "Sent to lender shipped", ("send",), (("lender_shipped", _ANY),)),
    Stage("borrowing.to_receipt", B, "Lender shipped to received", ("lender_shipped",),
          (("receive", "shipped"),)),
    Stage("borrowing.total", B, "Request made to received", CREATED, _RECEIVED),
    Stage("lending.to_fill", L, "Received to accepted", CREATED,
          (("accept", _ANY), ("conditions_accepted", _ANY))),
    Stage("lending.to_ship", L, "Accepted to shipped", ("accept", "conditions_accepted"),
          (("ship", _ANY), ("ship_override", _ANY), ("send_copy", _ANY))),
    Stage("lending.total", L, "Received to shipped", CREATED,
          (("ship", _ANY), ("ship_override", _ANY), ("send_copy", _ANY))),
)  # fmt: skip

BUCKETS = (("under_48h", "Under 48 hours"), ("48_72h", "48 to 72 hours"),
           ("over_72h", "Over 72 hours"))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Turnaround:
    """How long one stage took, over the requests that finished it in the period."""

    count: int
    median_hours: Decimal | None
    mean_hours: Decimal | None
    under_48h: int
    between_48_72h: int
    over_72h: int

    def figures(self, prefix: str) -> dict[str, Decimal | int | None]:
        """The figures under their measure keys."""
        return {
            f"{prefix}.count": self.count,
            f"{prefix}.median_hours": self.median_hours,
            f"{prefix}.mean_hours": self.mean_hours,
            f"{prefix}.under_48h": self.under_48h,
            f"{prefix}.48_72h": self.between_48_72h,
            f"{prefix}.over_72h": self.over_72h,
        }


def _hours(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def turnaround(seconds: Iterable[float]) -> Turnaround:
    """Median, mean and the 48/72-hour buckets of a set of durations (in seconds)."""
    hours = sorted(max(s, 0.0) / 3600 for s in seconds)
    if not hours:
        return Turnaround(0, None, None, 0, 0, 0)
    under = sum(1 for h in hours if h < 48)
    over = sum(1 for h in hours if h > 72)
    return Turnaround(
        len(hours),
        _hours(pystats.median(hours)),
        _hours(pystats.fmean(hours)),
        under,
        len(hours) - under - over,
        over,
    )


# ---------------------------------------------------------------- periods


def month_bounds(month: str) -> tuple[date, date]:
    """'2026-03' -> (1 March 2026, 1 April 2026); raises ValueError in words."""
    try:
        year, number = (int(part) for part in month.split("-"))
        first = date(year, number, 1)
    except ValueError:
        raise ValueError(f"{month!r} is not a month: write it as YYYY-MM, e.g. 2026-03.") from None
    return first, next_month(first)


def next_month(first: date) -> date:
    """The first day of the month after the one `first` is in."""
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def month_name(first: date) -> str:
    return f"{first.year:04d}-{first.month:02d}"


def months_between(first: date, end: date) -> list[date]:
    """The first days of every month from `first`'s month up to (not including) `end`."""
    out: list[date] = []
    current = date(first.year, first.month, 1)
    while current < end:
        out.append(current)
        current = next_month(current)
    return out


def fiscal_year(year: int, first_month: int) -> tuple[date, date]:
    """The fiscal year that ends in `year` (e.g. FY2026 from 1 July 2025 when it starts in
    July; the calendar year when it starts in January)."""
    if first_month == 1:
        return date(year, 1, 1), date(year + 1, 1, 1)
    return date(year - 1, first_month, 1), date(year, first_month, 1)
