"""Sign-in: the command line's sign-in tokens (the staff list's own columns are in schema.py).

A token is kept in the OS keyring of the workstation that signed in; the database keeps only
its SHA-256 digest, the person, the workstation and when it stops working.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class StaffSignIn(Base):
    """A command-line sign-in of one person at one workstation, until it expires."""

    __tablename__ = "staff_sign_ins"

    token_digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    workstation: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
