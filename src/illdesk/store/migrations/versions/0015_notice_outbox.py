"""The outbox: a notice's channel, recipient, rendered text, daily-run key and sending state;
library notices (a notice has a patron or a library).

Revision ID: 0015_notice_outbox
Revises: 0014_staff_sign_in
Create Date: 2026-12-05 08:10:00
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0015_notice_outbox"
down_revision = "0014_staff_sign_in"
branch_labels = None
depends_on = None

_TEXT_COLUMNS = ("subject", "body_text", "body_html", "letter", "error")


@contextmanager
def _quiet_reflection() -> Iterator[None]:
    """SQLite copies `notices` to make patron_id optional; reflecting its foreign keys looks at
    `requests`, whose expression indexes (0009) SQLAlchemy cannot reflect and says so. They are
    not touched: only `notices` is copied."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection", sa.exc.SAWarning)
        yield


def upgrade() -> None:
    with _quiet_reflection(), op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.alter_column("patron_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("library_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("channel", sa.String(length=10), nullable=False, server_default="email")
        )
        batch_op.add_column(
            sa.Column("recipient", sa.String(length=255), nullable=False, server_default="")
        )
        for name in _TEXT_COLUMNS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("params", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("run_key", sa.String(length=120), nullable=True))
        batch_op.add_column(
            sa.Column("message_id", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("next_try_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_notices_library_id_libraries"), "libraries", ["library_id"], ["id"]
        )
        batch_op.create_unique_constraint(batch_op.f("uq_notices_run_key"), ["run_key"])
        batch_op.create_index(
            batch_op.f("ix_notices_channel_status_next_try_at"),
            ["channel", "status", "next_try_at"],
            unique=False,
        )
    op.execute("UPDATE notices SET params = '{}' WHERE params IS NULL")
    with _quiet_reflection(), op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.alter_column("params", existing_type=sa.JSON(), nullable=False)


def downgrade() -> None:
    op.execute("DELETE FROM notices WHERE patron_id IS NULL")
    with _quiet_reflection(), op.batch_alter_table("notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notices_channel_status_next_try_at"))
        batch_op.drop_constraint(batch_op.f("uq_notices_run_key"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_notices_library_id_libraries"), type_="foreignkey")
        for name in ("next_try_at", "attempts", "message_id", "run_key", "params"):
            batch_op.drop_column(name)
        for name in reversed(_TEXT_COLUMNS):
            batch_op.drop_column(name)
        for name in ("recipient", "channel", "library_id"):
            batch_op.drop_column(name)
        batch_op.alter_column("patron_id", existing_type=sa.Integer(), nullable=False)
