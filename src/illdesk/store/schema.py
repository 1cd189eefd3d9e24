"""The database tables, as SQLAlchemy 2 typed mappings.

The schema itself is created and changed only by the Alembic migrations in `migrations/`;
a test checks that these mappings and the migrations agree on both SQLite and PostgreSQL.
Enumerated values are stored as their plain string values (see `core.vocabulary`) so that the
database stays readable with any SQL tool.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A moment in time, always handed back as an aware UTC datetime.

    PostgreSQL keeps the zone itself; SQLite has no such type, so values are stored as UTC
    there and the zone is put back on reading.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints the same way."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        str: String(255),
        datetime: UTCDateTime(),
        Decimal: Numeric(10, 2),
        dict[str, Any]: JSON,
    }


class Staff(Base):
    """A member of staff who works at the desk (who did what, in the event log)."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    initials: Mapped[str] = mapped_column(String(8), default="")
    role: Mapped[str] = mapped_column(String(40), default="staff")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    # Sign-in (decision 0015): a staff badge's barcode, and the PIN or password as a slow hash.
    badge: Mapped[str | None] = mapped_column(String(60), unique=True, index=True)
    secret_hash: Mapped[str] = mapped_column(String(255), default="")


class Library(Base):
    """A partner library: lender to us, borrower from us, or both."""

    __tablename__ = "libraries"

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str]
    email: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    group_name: Mapped[str] = mapped_column(String(60), default="", index=True)
    delivery_methods: Mapped[str] = mapped_column(String(120), default="post")
    courier_route: Mapped[str] = mapped_column(String(40), default="")
    courier_stop: Mapped[str] = mapped_column(String(40), default="")
    loan_days: Mapped[int] = mapped_column(Integer, default=28)
    charge: Mapped[Decimal] = mapped_column(default=Decimal("0.00"))
    renewals_allowed: Mapped[int] = mapped_column(Integer, default=1)
    billing_method: Mapped[str] = mapped_column(String(20), default="free")
    barcode_scheme: Mapped[str] = mapped_column(String(20), default="")
    # The four institution digits in this library's 14-digit barcodes (positions 2-5).
    barcode_institution: Mapped[str] = mapped_column(String(4), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    ship_name: Mapped[str] = mapped_column(default="")
    ship_department: Mapped[str] = mapped_column(default="")
    ship_street: Mapped[str] = mapped_column(default="")
    ship_street2: Mapped[str] = mapped_column(default="")
    ship_city: Mapped[str] = mapped_column(String(120), default="")
    ship_region: Mapped[str] = mapped_column(String(60), default="")
    ship_postal_code: Mapped[str] = mapped_column(String(20), default="")
    ship_country: Mapped[str] = mapped_column(String(2), default="US")
    bill_name: Mapped[str] = mapped_column(default="")
    bill_department: Mapped[str] = mapped_column(default="")
    bill_street: Mapped[str] = mapped_column(default="")
    bill_street2: Mapped[str] = mapped_column(default="")
    bill_city: Mapped[str] = mapped_column(String(120), default="")
    bill_region: Mapped[str] = mapped_column(String(60), default="")
    bill_postal_code: Mapped[str] = mapped_column(String(20), default="")
    bill_country: Mapped[str] = mapped_column(String(2), default="US")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Patron(Base):
    """A library user who asks us to borrow for them."""

    __tablename__ = "patrons"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_barcode: Mapped[str] = mapped_column(String(40), unique=True)
    surname: Mapped[str] = mapped_column(String(120))
    given_name: Mapped[str] = mapped_column(String(120), default="")
    email: Mapped[str] = mapped_column(default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    patron_type: Mapped[str] = mapped_column(String(20), default="community")
    department: Mapped[str] = mapped_column(default="")
    pickup_location: Mapped[str] = mapped_column(String(120), default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    # Where items are mailed to (distance learners, correctional facilities); all empty when
    # the patron collects at the desk. core.address.PATRON_ADDRESS_PARTS lists these columns.
    mail_street: Mapped[str] = mapped_column(default="")
    mail_street2: Mapped[str] = mapped_column(default="")
    mail_city: Mapped[str] = mapped_column(String(120), default="")
    mail_region: Mapped[str] = mapped_column(String(60), default="")
    mail_postal_code: Mapped[str] = mapped_column(String(20), default="")
    mail_country: Mapped[str] = mapped_column(String(2), default="US")
    # A person inside a correctional facility: mail goes through the facility, with this number.
    facility_id: Mapped[int | None] = mapped_column(ForeignKey("facilities.id"), index=True)
    inmate_number: Mapped[str] = mapped_column(String(40), default="")
    # How notices reach the patron: "email", or "paper" (a printed letter) when asked for.
    notice_channel: Mapped[str] = mapped_column(String(10), default="email")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __table_args__ = (Index(None, "surname", "given_name"),)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Request(Base):
    """One interlibrary loan request, borrowing or lending, loan or copy."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    direction: Mapped[str] = mapped_column(String(10))
    service: Mapped[str] = mapped_column(String(10))
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    status_since: Mapped[datetime]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    source: Mapped[str] = mapped_column(String(20), default="staff")
    # citation
    title: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    journal_title: Mapped[str] = mapped_column(Text, default="")
    article_title: Mapped[str] = mapped_column(Text, default="")
    volume: Mapped[str] = mapped_column(String(40), default="")
    issue: Mapped[str] = mapped_column(String(40), default="")
    pages: Mapped[str] = mapped_column(String(40), default="")
    year: Mapped[str] = mapped_column(String(20), default="")
    edition: Mapped[str] = mapped_column(String(60), default="")
    publisher: Mapped[str] = mapped_column(default="")
    place: Mapped[str] = mapped_column(default="")
    isbn: Mapped[str] = mapped_column(String(17), default="", index=True)
    issn: Mapped[str] = mapped_column(String(9), default="", index=True)
    oclc_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    doi: Mapped[str] = mapped_column(default="")
    call_number: Mapped[str] = mapped_column(String(80), default="")
    location: Mapped[str] = mapped_column(String(80), default="")
    # who
    patron_id: Mapped[int | None] = mapped_column(ForeignKey("patrons.id"), index=True)
    library_id: Mapped[int | None] = mapped_column(ForeignKey("libraries.id"), index=True)
    lender_reference: Mapped[str] = mapped_column(String(60), default="", index=True)
    # terms and dates
    need_before: Mapped[date | None] = mapped_column(Date, index=True)
    max_cost: Mapped[Decimal | None]
    charge: Mapped[Decimal | None]
    lender_due_date: Mapped[date | None] = mapped_column(Date, index=True)
    patron_due_date: Mapped[date | None] = mapped_column(Date, index=True)
    renewals: Mapped[int] = mapped_column(Integer, default=0)
    renewal_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    recalled: Mapped[bool] = mapped_column(Boolean, default=False)
    damaged: Mapped[bool] = mapped_column(Boolean, default=False)
    copyright_code: Mapped[str] = mapped_column(String(4), default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(String(40), default="")
    restrictions: Mapped[str] = mapped_column(default="")
    item_barcode: Mapped[str] = mapped_column(String(60), default="", index=True)
    temp_barcode: Mapped[str] = mapped_column(String(60), default="", index=True)
    note: Mapped[str] = mapped_column(Text, default="")
    patron_note: Mapped[str] = mapped_column(Text, default="")
    # When the patron's identity was removed from this finished request (migration 0016).
    purged_at: Mapped[datetime | None] = mapped_column(index=True)
    # derived, kept for fast duplicate checks and keyword search
    match_key: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1)

    rota: Mapped[list[RotaEntry]] = relationship(
        back_populates="request",
        order_by="RotaEntry.position",
        cascade="all, delete-orphan",
        lazy="select",  # loaded when used: lending requests never have one
    )
    patron: Mapped[Patron | None] = relationship(lazy="joined")
    library: Mapped[Library | None] = relationship(lazy="joined")

    __table_args__ = (
        Index(None, "direction", "status", "created_at", "id"),
        Index(None, "direction", "status", "updated_at", "id"),
        Index(None, "direction", "status", "lender_due_date", "id"),
        Index(None, "direction", "status", "patron_due_date", "id"),
        # Sorting a queue by another column from the desk window (migration 0004).
        Index(None, "direction", "status", "number", "id"),
        Index(None, "direction", "status", "title", "id"),
        Index(None, "direction", "status", "need_before", "id"),
        Index(None, "direction", "status", "status_since", "id"),
        Index(None, "direction", "created_at", "id"),
        Index(None, "patron_id", "match_key"),
        # What statistics join from each event's request, without reading the row (0027).
        Index(
            "ix_requests_statistics",
            *("id", "direction", "service", "format", "library_id", "patron_id", "created_at"),
        ),
        # Queue counts that also filter on these never leave the index (migration 0008).
        Index(None, "direction", "status", "service", "renewal_pending"),
        # Pending renewals only, in queue order (migration 0008).
        Index(
            "ix_requests_renewals_by_status",
            "direction",
            "status",
            "created_at",
            "id",
            sqlite_where=text("renewal_pending IS 1"),
            postgresql_where=text("renewal_pending IS TRUE"),
        ),
        Index(
            "ix_requests_renewals",
            "direction",
            "created_at",
            "id",
            sqlite_where=text("renewal_pending IS 1"),
            postgresql_where=text("renewal_pending IS TRUE"),
        ),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class RotaEntry(Base):
    """One candidate lender of a borrowing request, in string order."""

    __tablename__ = "rota_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(40), index=True)
    answer: Mapped[str] = mapped_column(String(20), default="not_asked")
    reason: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    request: Mapped[Request] = relationship(back_populates="rota")

    __table_args__ = (UniqueConstraint("request_id", "position"),)


class Shipment(Base):
    """One package to or from one library, holding one or more requests."""

    __tablename__ = "shipments"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    library_id: Mapped[int] = mapped_column(ForeignKey("libraries.id"), index=True)
    outgoing: Mapped[bool] = mapped_column(Boolean, default=True)
    method: Mapped[str] = mapped_column(String(20))
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    created_at: Mapped[datetime]
    shipped_at: Mapped[datetime | None] = mapped_column(index=True)
    received_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")

    library: Mapped[Library] = relationship(lazy="joined")
    items: Mapped[list[ShipmentItem]] = relationship(
        back_populates="shipment", cascade="all, delete-orphan", lazy="selectin"
    )


class ShipmentItem(Base):
    """A request in a package, and why it travels (the loan itself, or its return)."""

    __tablename__ = "shipment_items"

    shipment_id: Mapped[int] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id"), primary_key=True, index=True)
    purpose: Mapped[str] = mapped_column(String(20), default="loan")

    shipment: Mapped[Shipment] = relationship(back_populates="items")


class Event(Base):
    """One change: who, where, when, what, from which status to which, and the details.

    Written in the same transaction as the change it records. `details` holds the action's
    parameters and the changed fields as {"changes": {field: [old, new]}, "params": {...}}.
    """

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    at: Mapped[datetime]  # indexed with undone_by below
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(120), default="")
    workstation: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str] = mapped_column(String(30), default="")
    to_status: Mapped[str] = mapped_column(String(30), default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_by: Mapped[int | None] = mapped_column(ForeignKey("events.id"))

    __table_args__ = (
        Index(None, "request_id", "id"),
        # Statistics count a period's events, time stages and find loans back by their due
        # date from these two without reading the table (migration 0027).
        Index("ix_events_action_cover", "action", "at", "from_status", "undone_by", "request_id"),
        Index("ix_events_request_action", "request_id", "action", "undone_by", "at"),
        # A period's events that still stand, whatever their action (copyright fees, ...).
        Index("ix_events_at_undone_by", "at", "undone_by"),
    )


class ClosedDay(Base):
    """A single day the library is closed (holidays, closures)."""

    __tablename__ = "closed_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    reason: Mapped[str] = mapped_column(default="")


class Setting(Base):
    """A library-wide setting shared by every workstation (JSON value)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON)


class NumberSequence(Base):
    """The last serial handed out per number prefix and year."""

    __tablename__ = "number_sequences"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


# Tables kept in their own modules (one capability each) join the same metadata here, so that
# `Base.metadata` always holds every table the migrations make.
from illdesk.store import (  # noqa: E402
    access_schema,  # noqa: F401
    copyright_schema,  # noqa: F401
    facility_schema,  # noqa: F401
    journal_schema,  # noqa: F401
    live_schema,  # noqa: F401
    money_schema,  # noqa: F401
    notice_schema,  # noqa: F401
    policy_schema,  # noqa: F401
    report_schema,  # noqa: F401
)
