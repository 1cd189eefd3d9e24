"""The monthly statistics archive (a frozen month's figures, and corrections beside them), the
desk's courier log, and the purge runs counted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from illdesk.store.schema import Base


class FrozenMonth(Base):
    """A month whose figures were stored: they never change when requests change later."""

    __tablename__ = "frozen_months"

    month: Mapped[str] = mapped_column(String(7), primary_key=True)  # YYYY-MM
    frozen_at: Mapped[datetime]
    frozen_by: Mapped[str] = mapped_column(String(120), default="")
    automatic: Mapped[bool] = mapped_column(Boolean, default=False)
    # {measure key: value as text} ("" where there was nothing to divide by)
    figures: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class FigureCorrection(Base):
    """A frozen figure corrected: a new entry with its reason, never an overwrite."""

    __tablename__ = "figure_corrections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    month: Mapped[str] = mapped_column(
        String(7), ForeignKey("frozen_months.month", ondelete="CASCADE"), index=True
    )
    measure: Mapped[str] = mapped_column(String(80))
    old_value: Mapped[str] = mapped_column(String(40), default="")
    new_value: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime]
    made_by: Mapped[str] = mapped_column(String(120), default="")


class CourierEntry(Base):
    """A line of the courier log kept at the desk: bins out and in, or a missed stop."""

    __tablename__ = "courier_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(10))  # out | in | missed
    route: Mapped[str] = mapped_column(String(60), default="")
    bins: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(120), default="")


class PurgeRun(Base):
    """One run of the patron-data purge that removed something: counts only, never the data."""

    __tablename__ = "purge_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ran_at: Mapped[datetime] = mapped_column(index=True)
    ran_by: Mapped[str] = mapped_column(String(120), default="")  # "ILL Desk" when by itself
    cutoff: Mapped[datetime]  # requests finished before this lost their patron data
    requests: Mapped[int] = mapped_column(Integer, default=0)
    notices: Mapped[int] = mapped_column(Integer, default=0)
    patrons: Mapped[int] = mapped_column(Integer, default=0)
