"""Scans replayed from a workstation's offline journal: each one applied once, ever.

A row is written in the same transaction as the replayed scan's action, so after a crash
in the middle of a replay the next replay sees which scans the server already has.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class AppliedScan(Base):
    """A journaled scan the shared database has applied (its id is made at the desk)."""

    __tablename__ = "applied_scans"

    scan_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    workstation: Mapped[str] = mapped_column(String(80), default="")
    applied_at: Mapped[datetime]
