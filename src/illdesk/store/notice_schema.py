"""The outbox: every notice to a patron or a library, from queued to sent, printed, failed
or withdrawn.

A notice is written in the same transaction as what causes it (an action's further record,
or the daily run), already rendered, so staff can read and edit it before it goes and a
template changed later does not change what was said. `run_key` makes the daily run
idempotent: the same stage of the same request for the same due date is one notice, whoever
runs it and however often. Sending claims a notice (`sending`) and commits before it talks
to the server, so a crash leaves a trace; `message_id` is fixed when the notice is made, so a
message sent again after a crash carries the same Message-ID.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class Notice(Base):
    """One message to a patron or a partner library, by e-mail or as a printed letter."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"))
    # One of the two: a patron's notice or a library's.
    patron_id: Mapped[int | None] = mapped_column(ForeignKey("patrons.id"))
    library_id: Mapped[int | None] = mapped_column(ForeignKey("libraries.id"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"))
    kind: Mapped[str] = mapped_column(String(40))
    # queued, sending, sent, failed, printed, withdrawn
    status: Mapped[str] = mapped_column(String(20), default="queued")
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    detail: Mapped[str] = mapped_column(Text, default="")
    # "email" or "letter"; `recipient` is the e-mail address, or the addressee of a letter.
    channel: Mapped[str] = mapped_column(String(10), default="email")
    recipient: Mapped[str] = mapped_column(default="")
    subject: Mapped[str] = mapped_column(Text, default="")
    body_text: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    letter: Mapped[str] = mapped_column(Text, default="")
    # What the cause knew (days overdue, a reason, a new due date), as text.
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    run_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    message_id: Mapped[str] = mapped_column(String(200), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None]
    # Why the last try failed, in words staff understand ("" when it did not).
    error: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index(None, "status", "created_at"),
        Index(None, "request_id"),
        Index(None, "channel", "status", "next_try_at"),
    )
