"""Indexes for queues sorted by due date and for search by the lender's reference.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:20:00
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# Measured on 10^6 requests (benchmarks/bench_foundation.py): without the due-date indexes the
# "On loan", "On hold shelf" and "Checked out" queues sorted their whole status on every page,
# and without an index on lender_reference every search read the whole requests table.
INDEXES = {
    "ix_requests_direction_status_lender_due_date_id": [
        "direction",
        "status",
        "lender_due_date",
        "id",
    ],
    "ix_requests_direction_status_patron_due_date_id": [
        "direction",
        "status",
        "patron_due_date",
        "id",
    ],
    "ix_requests_lender_reference": ["lender_reference"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "requests", columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="requests")
