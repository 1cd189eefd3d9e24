"""Queues: saved filters over status, flags and dates.

A queue is data, so a supervisor can add one without code: the built-in ones below cover the
primer's borrowing, lending, receiving and shipping work; custom queues are stored in the
library's settings in the same form.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from illdesk.core.vocabulary import DeliveryMethod, Direction, Service
from illdesk.core.workflow import Status

SORTABLE = (
    "number",
    "created_at",
    "updated_at",
    "status_since",
    "need_before",
    "lender_due_date",
    "patron_due_date",
    "title",
)


@dataclass(frozen=True, slots=True)
class QueueFilter:
    """Which requests a queue shows; None means "either"."""

    key: str
    title: str
    group: str
    direction: Direction | None = None
    statuses: tuple[Status, ...] = ()
    service: Service | None = None
    renewal_pending: bool | None = None
    overdue: bool | None = None
    sort: str = "created_at"
    descending: bool = False
    # Partner-library symbols; empty means every library (or none).
    libraries: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.sort not in SORTABLE:
            raise ValueError(f"A queue cannot be sorted by {self.sort}.")

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["direction"] = self.direction.value if self.direction else None
        data["service"] = self.service.value if self.service else None
        data["statuses"] = [s.value for s in self.statuses]
        data["libraries"] = list(self.libraries)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> QueueFilter:
        return cls(
            key=str(data["key"]),
            title=str(data["title"]),
            group=str(data.get("group", "Custom")),
            direction=Direction(data["direction"]) if data.get("direction") else None,
            statuses=tuple(Status(s) for s in data.get("statuses", ())),
            service=Service(data["service"]) if data.get("service") else None,
            renewal_pending=data.get("renewal_pending"),
            overdue=data.get("overdue"),
            sort=str(data.get("sort", "created_at")),
            descending=bool(data.get("descending", False)),
            libraries=tuple(str(s).upper() for s in data.get("libraries", ())),
        )


B, L, S = Direction.BORROWING, Direction.LENDING, Status


def _q(
    key: str, title: str, group: str, direction: Direction | None, *statuses: Status, **kw: Any
) -> QueueFilter:
    return QueueFilter(key, title, group, direction, statuses, **kw)


BUILT_IN: tuple[QueueFilter, ...] = (
    _q("b-new", "New / needs review", "Borrowing", B, S.NEW),
    _q("b-copyright", "Copyright clearance", "Borrowing", B, S.COPYRIGHT_REVIEW),
    _q("b-ready", "Ready to send", "Borrowing", B, S.READY_TO_SEND),
    _q("b-waiting", "Waiting for lender", "Borrowing", B, S.SENT, sort="status_since"),
    _q("b-conditional", "Conditional answers", "Borrowing", B, S.CONDITIONAL),
    _q("b-exhausted", "Unfilled / string exhausted", "Borrowing", B, S.EXHAUSTED),
    _q("b-transit", "In transit to us", "Borrowing", B, S.SHIPPED),
    _q("b-buy", "Buy instead", "Borrowing", B, S.PURCHASE, sort="status_since"),
    _q("b-copies", "Copies to deliver", "Borrowing", B, S.COPY_RECEIVED),
    _q("b-hold", "On hold shelf", "Borrowing", B, S.ON_HOLD_SHELF, sort="patron_due_date"),
    _q("b-out", "Checked out", "Borrowing", B, S.CHECKED_OUT, sort="patron_due_date"),
    _q(
        "b-overdue",
        "Overdue",
        "Borrowing",
        B,
        S.ON_HOLD_SHELF,
        S.CHECKED_OUT,
        S.RETURNED,
        overdue=True,
        sort="lender_due_date",
    ),
    _q(
        "b-renewals",
        "Renewals pending",
        "Borrowing",
        B,
        S.ON_HOLD_SHELF,
        S.CHECKED_OUT,
        renewal_pending=True,
    ),
    _q("b-return", "To return to lender", "Borrowing", B, S.RETURNED, sort="lender_due_date"),
    _q("b-completed", "Completed", "Borrowing", B, S.COMPLETED, sort="updated_at", descending=True),
    _q("b-cancelled", "Cancelled", "Borrowing", B, S.CANCELLED, sort="updated_at", descending=True),
    _q("l-new", "New", "Lending", L, S.NEW),
    _q("l-policy", "Policy review", "Lending", L, S.POLICY_REVIEW),
    _q("l-pull", "Pull slips to print", "Lending", L, S.PULL_SLIP),
    _q("l-stacks", "Stacks search", "Lending", L, S.STACKS_SEARCH),
    _q("l-ship", "To ship", "Lending", L, S.TO_SHIP),
    _q("l-loan", "On loan", "Lending", L, S.ON_LOAN, sort="lender_due_date"),
    _q("l-renewals", "Renewal requests", "Lending", L, S.ON_LOAN, renewal_pending=True),
    _q("l-overdue", "Overdue", "Lending", L, S.ON_LOAN, overdue=True, sort="lender_due_date"),
    _q(
        "l-returned",
        "Returned",
        "Lending",
        L,
        S.COMPLETED,
        service=Service.LOAN,
        sort="updated_at",
        descending=True,
    ),
    _q("l-unfilled", "Unfilled", "Lending", L, S.UNFILLED, sort="updated_at", descending=True),
    _q(
        "r-borrowed",
        "Borrowed items on their way to us",
        "Receiving",
        B,
        S.SENT,
        S.SHIPPED,
        service=Service.LOAN,
    ),
    _q("r-lent", "Our items on their way back", "Receiving", L, S.ON_LOAN),
    _q("s-all", "Everything to send", "Shipping", None, S.RETURNED, S.TO_SHIP),
    _q("s-returns", "Returns to lenders", "Shipping", B, S.RETURNED),
    _q("s-loans", "Loans to ship", "Shipping", L, S.TO_SHIP),
)

# What goes out in packages: borrowed items going back, and lent items (or copies) going out.
TO_SEND: tuple[tuple[Direction, Status], ...] = ((B, S.RETURNED), (L, S.TO_SHIP))


# The Shipping group's headings, one per delivery method.
SHIPPING_HEADINGS: dict[DeliveryMethod, str] = {
    DeliveryMethod.COURIER: "By courier",
    DeliveryMethod.LIBRARY_MAIL: "By library mail",
    DeliveryMethod.POST: "By post",
    DeliveryMethod.UPS: "By UPS",
    DeliveryMethod.FEDEX: "By FedEx",
    DeliveryMethod.ELECTRONIC: "Electronically (PDF)",
    DeliveryMethod.PICKUP: "Picked up by the library",
}


def shipping_method(accepted: Iterable[str], service: Service) -> DeliveryMethod:
    """How a package to a library travels: copies go electronically where the library takes
    them that way; everything else by the first physical method it lists (post if none)."""
    methods = [DeliveryMethod(m) for m in accepted if m]
    if service is Service.COPY and DeliveryMethod.ELECTRONIC in methods:
        return DeliveryMethod.ELECTRONIC
    physical = [m for m in methods if m is not DeliveryMethod.ELECTRONIC]
    return physical[0] if physical else DeliveryMethod.POST


def shipping_group(
    method: DeliveryMethod, symbol: str, name: str, service: Service | None
) -> QueueFilter:
    """The queue of everything waiting to go to one library by one method."""
    return QueueFilter(
        key=f"ship:{method.value}:{symbol}",
        title=f"To {name} ({symbol}) by {method.label}",
        group="Shipping",
        statuses=tuple(s for _d, s in TO_SEND),
        service=service,
        libraries=(symbol,),
    )


BY_KEY: dict[str, QueueFilter] = {q.key: q for q in BUILT_IN}
