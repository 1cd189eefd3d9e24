"""Work in progress at other desks: "in processing by NAME at WORKSTATION" marks.

A mark says someone opened a request for editing; it lasts until they close it or until
`until` (the library's `sign_in.processing_mark_minutes`), so a desk that crashed leaves no
mark behind for long. It is a courtesy, not a lock: the version check still refuses a write
made on an older copy.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class ProcessingMark(Base):
    """One request open for editing at one workstation, until it is closed or expires."""

    __tablename__ = "processing_marks"

    request_id: Mapped[int] = mapped_column(
        ForeignKey("requests.id", ondelete="CASCADE"), primary_key=True
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    staff_name: Mapped[str] = mapped_column(String(120))
    workstation: Mapped[str] = mapped_column(String(80))
    since: Mapped[datetime]
    until: Mapped[datetime]
