"""Appeals: a disputed charge, open, upheld or denied, with its notes and dates.

Revision ID: 0018_appeals
Revises: 0017_live_changes
Create Date: 2026-12-05 09:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018_appeals"
down_revision = "0017_live_changes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appeals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False, server_default="open"),
        sa.Column("opened_on", sa.Date(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("staff_name", sa.String(length=120), nullable=False, server_default=""),
        sa.ForeignKeyConstraint(
            ["line_id"], ["ledger_lines.id"], name=op.f("fk_appeals_line_id_ledger_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appeals")),
    )
    op.create_index(op.f("ix_appeals_line_id"), "appeals", ["line_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_appeals_line_id"), table_name="appeals")
    op.drop_table("appeals")
