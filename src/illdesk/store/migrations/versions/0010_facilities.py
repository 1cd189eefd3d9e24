"""Correctional facilities, and a patron's facility, inmate number and notice channel.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 02:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "facilities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("street", sa.String(), nullable=False, server_default=""),
        sa.Column("street2", sa.String(), nullable=False, server_default=""),
        sa.Column("city", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("region", sa.String(length=60), nullable=False, server_default=""),
        sa.Column("postal_code", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("country", sa.String(length=2), nullable=False, server_default="US"),
        sa.Column("routing", sa.String(), nullable=False, server_default=""),
        sa.Column("inmate_number_format", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("restrictions", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_facilities")),
        sa.UniqueConstraint("code", name=op.f("uq_facilities_code")),
    )
    # Plain ADD COLUMN (no table copy on SQLite), so the expression index of 0009 stays put.
    # SQLite cannot add a constraint to a table, but takes the reference with the column.
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE patrons ADD COLUMN facility_id INTEGER REFERENCES facilities (id)")
    else:
        op.add_column("patrons", sa.Column("facility_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_patrons_facility_id_facilities"),
            "patrons",
            "facilities",
            ["facility_id"],
            ["id"],
        )
    op.add_column(
        "patrons",
        sa.Column("inmate_number", sa.String(length=40), nullable=False, server_default=""),
    )
    op.add_column(
        "patrons",
        sa.Column("notice_channel", sa.String(length=10), nullable=False, server_default="email"),
    )
    op.create_index(op.f("ix_patrons_facility_id"), "patrons", ["facility_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_patrons_facility_id"), table_name="patrons")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint(op.f("fk_patrons_facility_id_facilities"), "patrons", type_="foreignkey")
    for column in ("notice_channel", "inmate_number", "facility_id"):
        op.drop_column("patrons", column)
    op.drop_table("facilities")
