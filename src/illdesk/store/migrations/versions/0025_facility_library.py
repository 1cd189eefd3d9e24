"""A facility's library in the partner directory: lending to that library is lending to the
facility, so its rules apply when the item is shipped.

Revision ID: 0025_facility_library
Revises: 0024_refunds
Create Date: 2026-12-05 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0025_facility_library"
down_revision = "0024_refunds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("facilities") as batch_op:
        batch_op.add_column(sa.Column("library_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_facilities_library_id_libraries"), "libraries", ["library_id"], ["id"]
        )
        batch_op.create_unique_constraint(batch_op.f("uq_facilities_library_id"), ["library_id"])


def downgrade() -> None:
    with op.batch_alter_table("facilities") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_facilities_library_id"), type_="unique")
        batch_op.drop_constraint(
            batch_op.f("fk_facilities_library_id_libraries"), type_="foreignkey"
        )
        batch_op.drop_column("library_id")
