"""Staff sign-in: a badge barcode and a hashed PIN on the staff list; command-line sign-ins.

Revision ID: 0014_staff_sign_in
Revises: 0013_policy_rules
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_staff_sign_in"
down_revision = "0013_policy_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff", sa.Column("badge", sa.String(length=60), nullable=True))
    op.add_column(
        "staff",
        sa.Column("secret_hash", sa.String(length=255), nullable=False, server_default=""),
    )
    op.create_index(op.f("ix_staff_badge"), "staff", ["badge"], unique=True)
    op.create_table(
        "staff_sign_ins",
        sa.Column("token_digest", sa.String(length=64), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("workstation", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"],
            ["staff.id"],
            name=op.f("fk_staff_sign_ins_staff_id_staff"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_digest", name=op.f("pk_staff_sign_ins")),
    )
    op.create_index(
        op.f("ix_staff_sign_ins_staff_id"), "staff_sign_ins", ["staff_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_staff_sign_ins_staff_id"), table_name="staff_sign_ins")
    op.drop_table("staff_sign_ins")
    op.drop_index(op.f("ix_staff_badge"), table_name="staff")
    op.drop_column("staff", "secret_hash")
    op.drop_column("staff", "badge")
