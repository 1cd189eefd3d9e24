"""Plain, frozen data that services hand out: no ORM object ever leaves a service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from illdesk.core.address import PostalAddress
from illdesk.core.citation import Citation
from illdesk.core.workflow import Action, RequestState, RotaEntry


@dataclass(frozen=True, slots=True)
class RequestRow:
    """One line of a queue or a search result."""

    id: int
    number: str
    direction: str
    service: str
    format: str
    status: str
    status_label: str
    title: str
    author: str
    patron: str
    library: str
    created_at: datetime
    status_since: datetime
    need_before: date | None
    lender_due_date: date | None
    patron_due_date: date | None
    overdue: str | None
    renewal_pending: bool
    version: int


@dataclass(frozen=True, slots=True)
class PatronView:
    id: int
    card_barcode: str
    surname: str
    given_name: str
    email: str
    phone: str
    patron_type: str
    department: str
    pickup_location: str
    status: str
    note: str
    address: PostalAddress  # where items are mailed; empty when the patron collects them
    version: int

    @property
    def display_name(self) -> str:
        return f"{self.surname}, {self.given_name}" if self.given_name else self.surname


@dataclass(frozen=True, slots=True)
class LibraryView:
    id: int
    symbol: str
    name: str
    email: str
    phone: str
    group_name: str
    delivery_methods: tuple[str, ...]
    courier_route: str
    courier_stop: str
    loan_days: int
    charge: Decimal
    renewals_allowed: int
    billing_method: str
    barcode_scheme: str
    barcode_institution: str
    shipping_address: PostalAddress
    billing_address: PostalAddress
    active: bool
    note: str
    version: int


@dataclass(frozen=True, slots=True)
class EventView:
    """One line of a request's history."""

    id: int
    at: datetime
    staff_name: str
    workstation: str
    action: str
    action_label: str
    from_status: str
    to_status: str
    from_label: str
    to_label: str
    summary: str
    undone: bool


@dataclass(frozen=True, slots=True)
class ActionChoice:
    """An action the request allows now, with what it asks for."""

    action: Action
    label: str
    params: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PackageLine:
    """A package a request travelled in: its number, how it went, the carrier's tracking
    number (may be empty), when, and why (the loan itself, or its return)."""

    number: str
    method: str
    tracking_number: str
    shipped_at: datetime | None
    purpose: str


@dataclass(frozen=True, slots=True)
class RequestDetail:
    """Everything the request detail panel shows.

    The status machine's fields are in `state` (one source: a field added to RequestState is
    shown here with no edit); the properties below name the ones the panel reads by name.
    """

    row: RequestRow
    citation: Citation
    patron: PatronView | None
    library: LibraryView | None
    state: RequestState
    call_number: str
    location: str
    lender_reference: str
    max_cost: Decimal | None
    patron_note: str
    source: str
    history: tuple[EventView, ...]
    actions: tuple[ActionChoice, ...]
    packages: tuple[PackageLine, ...] = ()  # oldest first
    # The request's notices as history lines (id: minus the notice's id), oldest first.
    notices: tuple[EventView, ...] = ()

    @property
    def timeline(self) -> tuple[EventView, ...]:
        """The history with the notices in it, in time order (a notice after its cause)."""
        return tuple(sorted((*self.history, *self.notices), key=lambda e: (e.at, e.id < 0)))

    @property
    def rota(self) -> tuple[RotaEntry, ...]:
        return self.state.rota

    @property
    def charge(self) -> Decimal | None:
        return self.state.charge

    @property
    def renewals(self) -> int:
        return self.state.renewals

    @property
    def recalled(self) -> bool:
        return self.state.recalled

    @property
    def damaged(self) -> bool:
        return self.state.damaged

    @property
    def copyright_code(self) -> str:
        return self.state.copyright_code

    @property
    def conditions(self) -> str:
        return self.state.conditions

    @property
    def reason(self) -> str:
        return self.state.reason

    @property
    def restrictions(self) -> str:
        return self.state.restrictions

    @property
    def item_barcode(self) -> str:
        return self.state.item_barcode

    @property
    def temp_barcode(self) -> str:
        return self.state.temp_barcode

    @property
    def note(self) -> str:
        return self.state.note


@dataclass(frozen=True, slots=True)
class ActionResult:
    """What an action did, in words for the desk."""

    number: str
    action: Action
    from_status: str
    to_status: str
    message: str
    version: int
    event_id: int


@dataclass(frozen=True, slots=True)
class StaffView:
    id: int
    name: str
    initials: str
    role: str
    active: bool
