"""Closing an account: when and why (a closed account takes no payment and no new charge).

Revision ID: 0022_account_closing
Revises: 0021_courier_invoices
Create Date: 2026-12-05 11:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022_account_closing"
down_revision = "0021_courier_invoices"
branch_labels = None
depends_on = None


# Plain ADD and DROP COLUMN (SQLite has both since 3.35): a batch copy of `accounts` would
# reflect the patrons table, whose expression index SQLAlchemy cannot reflect.


def upgrade() -> None:
    op.add_column("accounts", sa.Column("closed_on", sa.Date(), nullable=True))
    op.add_column(
        "accounts", sa.Column("closed_note", sa.Text(), nullable=False, server_default="")
    )


def downgrade() -> None:
    op.drop_column("accounts", "closed_note")
    op.drop_column("accounts", "closed_on")
