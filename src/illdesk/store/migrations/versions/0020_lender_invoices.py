"""Invoices from lenders: recorded, attached to the requests they bill, approved or disputed.

Revision ID: 0020_lender_invoices
Revises: 0019_applied_scans
Create Date: 2026-12-05 09:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020_lender_invoices"
down_revision = "0019_applied_scans"
branch_labels = None
depends_on = None

_MONEY = sa.Numeric(precision=10, scale=2)


def upgrade() -> None:
    op.create_table(
        "lender_invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("library_id", sa.Integer(), nullable=False),
        sa.Column("their_number", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False, server_default="received"),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_lender_invoices_library_id_libraries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lender_invoices")),
        sa.UniqueConstraint(
            "library_id", "their_number", name=op.f("uq_lender_invoices_library_id_their_number")
        ),
    )
    op.create_index(op.f("ix_lender_invoices_library_id"), "lender_invoices", ["library_id"])
    op.create_table(
        "lender_invoice_lines",
        sa.Column("lender_invoice_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["lender_invoice_id"],
            ["lender_invoices.id"],
            name=op.f("fk_lender_invoice_lines_lender_invoice_id_lender_invoices"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_lender_invoice_lines_request_id_requests"),
        ),
        sa.PrimaryKeyConstraint(
            "lender_invoice_id", "request_id", name=op.f("pk_lender_invoice_lines")
        ),
    )
    op.create_index(
        op.f("ix_lender_invoice_lines_request_id"), "lender_invoice_lines", ["request_id"]
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_lender_invoice_lines_request_id"), table_name="lender_invoice_lines")
    op.drop_table("lender_invoice_lines")
    op.drop_index(op.f("ix_lender_invoices_library_id"), table_name="lender_invoices")
    op.drop_table("lender_invoices")
