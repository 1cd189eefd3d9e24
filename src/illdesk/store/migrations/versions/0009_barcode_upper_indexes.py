"""Expression indexes on upper(barcode) so scans that come back in another case are found fast.

A lower-case item barcode prints as Code 39 and reads back in upper case; Codabar start/stop
letters come back in whatever case the scanner sends. The scan lookup (store.barcode_lookup)
compares upper(column) with a few upper-case forms of the scan; these indexes answer it on
SQLite and PostgreSQL alike. Like the keyword index of 0002 they are made here only, not in the
mapped tables: SQLite cannot reflect expression indexes for a comparison.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_requests_upper_item_barcode": ("requests", "item_barcode"),
    "ix_requests_upper_temp_barcode": ("requests", "temp_barcode"),
    "ix_patrons_upper_card_barcode": ("patrons", "card_barcode"),
}


def upgrade() -> None:
    for name, (table, column) in INDEXES.items():
        op.create_index(name, table, [sa.func.upper(sa.column(column))], unique=False)


def downgrade() -> None:
    for name, (table, _column) in INDEXES.items():
        op.drop_index(name, table_name=table)
