"""Patrons' postal address, for items mailed to distance learners and correctional facilities.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 00:05:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Existing patrons get an empty address; the country defaults to "US", as partners' do.
_COLUMNS = (
    ("mail_street", 255, ""),
    ("mail_street2", 255, ""),
    ("mail_city", 120, ""),
    ("mail_region", 60, ""),
    ("mail_postal_code", 20, ""),
    ("mail_country", 2, "US"),
)


def upgrade() -> None:
    with op.batch_alter_table("patrons", schema=None) as batch_op:
        for name, length, default in _COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default=default)
            )


def downgrade() -> None:
    with op.batch_alter_table("patrons", schema=None) as batch_op:
        for name, _length, _default in reversed(_COLUMNS):
            batch_op.drop_column(name)
