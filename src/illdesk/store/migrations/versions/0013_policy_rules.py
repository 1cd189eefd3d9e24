"""Policy rules (lending policy, purchase instead of borrowing) and purchase orders.

Revision ID: 0013_policy_rules
Revises: 0012_copyright
Create Date: 2026-12-05 08:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_policy_rules"
down_revision = "0012_copyright"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_rules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("definition", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_rules")),
    )
    with op.batch_alter_table("policy_rules", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_policy_rules_kind_position"), ["kind", "position"], unique=False
        )
    op.create_table(
        "purchase_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("vendor", sa.String(length=120), nullable=False),
        sa.Column("price", sa.Numeric(precision=10, scale=2), nullable=True),
        sa.Column("order_number", sa.String(length=60), nullable=False),
        sa.Column("ordered_on", sa.Date(), nullable=True),
        sa.Column("expected_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_purchase_orders_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_purchase_orders_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_purchase_orders")),
        sa.UniqueConstraint("request_id", name=op.f("uq_purchase_orders_request_id")),
    )


def downgrade() -> None:
    op.drop_table("purchase_orders")
    with op.batch_alter_table("policy_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_policy_rules_kind_position"))
    op.drop_table("policy_rules")
