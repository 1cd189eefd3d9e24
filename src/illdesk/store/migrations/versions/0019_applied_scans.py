"""Scans replayed from an offline journal, so that each is applied once.

Revision ID: 0019_applied_scans
Revises: 0018_appeals
Create Date: 2026-12-05 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019_applied_scans"
down_revision = "0018_appeals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_scans",
        sa.Column("scan_id", sa.String(length=36), nullable=False),
        sa.Column("workstation", sa.String(length=80), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scan_id", name=op.f("pk_applied_scans")),
    )


def downgrade() -> None:
    op.drop_table("applied_scans")
