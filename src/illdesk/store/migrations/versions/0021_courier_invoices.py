"""Invoices from the courier: a period's stops, bins, items and amount, approved or disputed.

Revision ID: 0021_courier_invoices
Revises: 0020_lender_invoices
Create Date: 2026-12-05 11:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021_courier_invoices"
down_revision = "0020_lender_invoices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courier_invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("courier", sa.String(length=80), nullable=False),
        sa.Column("their_number", sa.String(length=40), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("stops", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("bins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("items", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False, server_default="received"),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courier_invoices")),
        sa.UniqueConstraint(
            "courier", "their_number", name=op.f("uq_courier_invoices_courier_their_number")
        ),
    )


def downgrade() -> None:
    op.drop_table("courier_invoices")
