"""Correctional facilities: institutional borrowers whose people are patrons under them.

A facility has its own address (mail to a person inside goes there, with the person's name and
inmate number), its routing line for slips, and its restrictions on what may go in. The shape of
`restrictions` (a JSON object) belongs to the rules that read it (`illdesk.core` rules), so a new
kind of restriction needs no migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class Facility(Base):
    """A correctional facility (prison or jail) served by the library."""

    __tablename__ = "facilities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str]
    # Where mail to the facility and to the people inside it goes.
    street: Mapped[str] = mapped_column(default="")
    street2: Mapped[str] = mapped_column(default="")
    city: Mapped[str] = mapped_column(String(120), default="")
    region: Mapped[str] = mapped_column(String(60), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country: Mapped[str] = mapped_column(String(2), default="US")
    # Printed on slips for items going there (the facility library, a unit, a delivery day).
    routing: Mapped[str] = mapped_column(default="")
    # A regular expression an inmate number must match (empty: any); DOCCS: ^\d{2}-[A-Z]-\d{4}$
    inmate_number_format: Mapped[str] = mapped_column(String(120), default="")
    restrictions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The facility's library in the partner directory, when we also lend to it library to
    # library: its rules then apply when such a loan is shipped.
    library_id: Mapped[int | None] = mapped_column(ForeignKey("libraries.id"), unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
