"""Refunds: money paid back to a patron or library in credit, with its date, method and
reference; the ledger line it belongs to is a refund settled by the credits it pays back.

Revision ID: 0024_refunds
Revises: 0023_purge_runs
Create Date: 2026-12-05 16:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0024_refunds"
down_revision = "0023_purge_runs"
branch_labels = None
depends_on = None

_MONEY = sa.Numeric(precision=10, scale=2)


def upgrade() -> None:
    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("paid_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False, server_default="cheque"),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_refunds_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["ledger_lines.id"], name=op.f("fk_refunds_line_id_ledger_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refunds")),
        sa.UniqueConstraint("line_id", name=op.f("uq_refunds_line_id")),
    )
    op.create_index(op.f("ix_refunds_account_id"), "refunds", ["account_id"])
    op.create_index(op.f("ix_refunds_reference"), "refunds", ["reference"])


def downgrade() -> None:
    op.drop_index(op.f("ix_refunds_reference"), table_name="refunds")
    op.drop_index(op.f("ix_refunds_account_id"), table_name="refunds")
    op.drop_table("refunds")
