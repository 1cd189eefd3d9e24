"""Copyright records of borrowed copies: one per copy request (and per article obtained
outside ILL Desk), and the fees paid for the ones over the rule of five.

A record is written when a borrowing copy request is entered, with the journal it counts
against; the rule of five is counted from these rows. A fee belongs to the action that
recorded it (`event_id`): when that action is undone, the fee no longer counts
(`services.rules.copyright` reads only fees of events not undone), so undo needs no second
writer. Records are purged three full calendar years after the year of the request.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class CopyrightRecord(Base):
    """One article counted (or not) against a journal's rule of five."""

    __tablename__ = "copyright_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int | None] = mapped_column(
        ForeignKey("requests.id", ondelete="SET NULL"), unique=True
    )
    request_number: Mapped[str] = mapped_column(String(20), default="")
    # "issn:1234-567X" or "title:normalised title" (core.copyright.journal_key)
    journal_key: Mapped[str] = mapped_column(String(300))
    journal_title: Mapped[str] = mapped_column(Text, default="")
    issn: Mapped[str] = mapped_column(String(9), default="")
    request_year: Mapped[int] = mapped_column(Integer)
    requested_on: Mapped[date] = mapped_column(Date)
    published_year: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer, default=0)
    # An article obtained outside ILL Desk, recorded so that the count stays right.
    outside: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]

    __table_args__ = (Index(None, "journal_key", "request_year"), Index(None, "request_year"))


class CopyrightFee(Base):
    """A royalty (or a document supplier's price, or a fee paid elsewhere) for one article."""

    __tablename__ = "copyright_fees"

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(
        ForeignKey("copyright_records.id", ondelete="CASCADE"), index=True
    )
    # The action that recorded it; none for a fee recorded outside a request's action.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # royalty | supplier | outside
    amount: Mapped[Decimal | None]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
