"""Copyright records (the rule of five) and the fees paid over it.

Revision ID: 0012_copyright
Revises: 0011
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_copyright"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "copyright_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("request_number", sa.String(length=20), nullable=False),
        sa.Column("journal_key", sa.String(length=300), nullable=False),
        sa.Column("journal_title", sa.Text(), nullable=False),
        sa.Column("issn", sa.String(length=9), nullable=False),
        sa.Column("request_year", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("published_year", sa.Integer(), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("outside", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_copyright_records_request_id_requests"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copyright_records")),
        sa.UniqueConstraint("request_id", name=op.f("uq_copyright_records_request_id")),
    )
    with op.batch_alter_table("copyright_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_copyright_records_journal_key_request_year"),
            ["journal_key", "request_year"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_copyright_records_request_year"), ["request_year"], unique=False
        )
    op.create_table(
        "copyright_fees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_copyright_fees_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["copyright_records.id"],
            name=op.f("fk_copyright_fees_record_id_copyright_records"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_copyright_fees")),
    )
    with op.batch_alter_table("copyright_fees", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_copyright_fees_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_copyright_fees_event_id"), ["event_id"], unique=False)


def downgrade() -> None:
    op.drop_table("copyright_fees")
    op.drop_table("copyright_records")
