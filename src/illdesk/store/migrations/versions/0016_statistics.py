"""Statistics: the monthly archive (frozen months, corrections), the courier log, when a
request's patron data was purged, and an index that lets a period's events be counted
without reading the event table.

Revision ID: 0016_statistics
Revises: 0015_notice_outbox
Create Date: 2026-12-05 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016_statistics"
down_revision = "0015_notice_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "frozen_months",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("frozen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen_by", sa.String(length=120), nullable=False),
        sa.Column("automatic", sa.Boolean(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("month", name=op.f("pk_frozen_months")),
    )
    op.create_table(
        "figure_corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("measure", sa.String(length=80), nullable=False),
        sa.Column("old_value", sa.String(length=40), nullable=False),
        sa.Column("new_value", sa.String(length=40), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("made_by", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["month"],
            ["frozen_months.month"],
            name=op.f("fk_figure_corrections_month_frozen_months"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_corrections")),
    )
    with op.batch_alter_table("figure_corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_figure_corrections_month"), ["month"], unique=False)
    op.create_table(
        "courier_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("route", sa.String(length=60), nullable=False),
        sa.Column("bins", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courier_log")),
    )
    with op.batch_alter_table("courier_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_courier_log_day"), ["day"], unique=False)
    # Plain ALTERs, not a batch: SQLite would copy the whole requests table (and drop its
    # expression indexes) for a batch; adding a nullable column and an index needs neither.
    op.add_column("requests", sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_requests_purged_at"), "requests", ["purged_at"], unique=False)
    op.create_index(
        "ix_events_statistics",
        "events",
        ["at", "action", "from_status", "request_id", "undone_by"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_events_statistics", table_name="events")
    op.drop_index(op.f("ix_requests_purged_at"), table_name="requests")
    op.drop_column("requests", "purged_at")
    op.drop_table("courier_log")
    op.drop_table("figure_corrections")
    op.drop_table("frozen_months")
