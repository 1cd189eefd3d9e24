"""Money: accounts, ledger lines, settlements, invoices to libraries, payments received.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 08:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_MONEY = sa.Numeric(precision=10, scale=2)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patron_id", sa.Integer(), nullable=True),
        sa.Column("library_id", sa.Integer(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["library_id"], ["libraries.id"], name=op.f("fk_accounts_library_id_libraries")
        ),
        sa.ForeignKeyConstraint(
            ["patron_id"], ["patrons.id"], name=op.f("fk_accounts_patron_id_patrons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("library_id", name=op.f("uq_accounts_library_id")),
        sa.UniqueConstraint("patron_id", name=op.f("uq_accounts_patron_id")),
    )
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False, server_default=""),
        sa.Column("status", sa.String(length=12), nullable=False, server_default="open"),
        sa.Column("total", _MONEY, nullable=False),
        sa.Column("paid", _MONEY, nullable=False, server_default="0"),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_invoices_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"], ["invoices.id"], name=op.f("fk_invoices_replaces_id_invoices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
    )
    op.create_index(op.f("ix_invoices_account_id"), "invoices", ["account_id"])
    op.create_index(op.f("ix_invoices_status_issued_on"), "invoices", ["status", "issued_on"])
    op.create_table(
        "ledger_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("side", sa.String(length=6), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.Column("reason", sa.Text(), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_name", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("voided_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_ledger_lines_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_ledger_lines_event_id_events")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"], ["requests.id"], name=op.f("fk_ledger_lines_request_id_requests")
        ),
        sa.ForeignKeyConstraint(
            ["voided_by"], ["ledger_lines.id"], name=op.f("fk_ledger_lines_voided_by_ledger_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_lines")),
    )
    op.create_index(op.f("ix_ledger_lines_account_id_id"), "ledger_lines", ["account_id", "id"])
    op.create_index(op.f("ix_ledger_lines_event_id"), "ledger_lines", ["event_id"])
    op.create_index(op.f("ix_ledger_lines_request_id"), "ledger_lines", ["request_id"])
    op.create_index(op.f("ix_ledger_lines_type_at"), "ledger_lines", ["type", "at"])
    op.create_table(
        "invoice_lines",
        sa.Column("invoice_id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("amount", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_invoice_lines_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["ledger_lines.id"], name=op.f("fk_invoice_lines_line_id_ledger_lines")
        ),
        sa.PrimaryKeyConstraint("invoice_id", "line_id", name=op.f("pk_invoice_lines")),
    )
    op.create_index(op.f("ix_invoice_lines_line_id"), "invoice_lines", ["line_id"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("line_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("invoice_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False, server_default="cheque"),
        sa.Column("reference", sa.String(length=60), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_payments_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["invoice_id"], ["invoices.id"], name=op.f("fk_payments_invoice_id_invoices")
        ),
        sa.ForeignKeyConstraint(
            ["line_id"], ["ledger_lines.id"], name=op.f("fk_payments_line_id_ledger_lines")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payments")),
        sa.UniqueConstraint("line_id", name=op.f("uq_payments_line_id")),
        sa.UniqueConstraint("reference", name=op.f("uq_payments_reference")),
    )
    op.create_index(op.f("ix_payments_account_id"), "payments", ["account_id"])
    op.create_index(op.f("ix_payments_invoice_id"), "payments", ["invoice_id"])
    op.create_table(
        "settlements",
        sa.Column("credit_line_id", sa.Integer(), nullable=False),
        sa.Column("debit_line_id", sa.Integer(), nullable=False),
        sa.Column("amount", _MONEY, nullable=False),
        sa.ForeignKeyConstraint(
            ["credit_line_id"],
            ["ledger_lines.id"],
            name=op.f("fk_settlements_credit_line_id_ledger_lines"),
        ),
        sa.ForeignKeyConstraint(
            ["debit_line_id"],
            ["ledger_lines.id"],
            name=op.f("fk_settlements_debit_line_id_ledger_lines"),
        ),
        sa.PrimaryKeyConstraint("credit_line_id", "debit_line_id", name=op.f("pk_settlements")),
    )
    op.create_index(op.f("ix_settlements_debit_line_id"), "settlements", ["debit_line_id"])


def downgrade() -> None:
    for table in ("settlements", "payments", "invoice_lines", "ledger_lines", "invoices"):
        op.drop_table(table)
    op.drop_table("accounts")
