"""Indexes for sorting a queue by the desk window's other sortable columns.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 22:35:00
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Measured on 10^6 requests (benchmarks/bench_desk.py): clicking the Number or Title heading
# of the 100,000-row "On loan" queue sorted the whole status in a temporary B-tree for the
# first page (350-500 ms in the window). With these the first page is an index seek, like the
# queues' own sort orders already are.
INDEXES = {
    "ix_requests_direction_status_number_id": ["direction", "status", "number", "id"],
    "ix_requests_direction_status_title_id": ["direction", "status", "title", "id"],
    "ix_requests_direction_status_need_before_id": ["direction", "status", "need_before", "id"],
    "ix_requests_direction_status_status_since_id": [
        "direction",
        "status",
        "status_since",
        "id",
    ],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "requests", columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="requests")
