"""Partner libraries' barcode institution digits, so each barcode is checked by its issuer.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 23:35:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("barcode_institution", sa.String(length=4), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("libraries", schema=None) as batch_op:
        batch_op.drop_column("barcode_institution")
