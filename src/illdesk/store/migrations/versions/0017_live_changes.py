"""Live refresh and "in processing" marks: a notice on every event (PostgreSQL), and the marks.

On PostgreSQL a trigger on `events` sends `pg_notify('illdesk_changes', ...)` with the event's
id, request, action and workstation; the notice goes out when the transaction commits, never
before, so a workstation never hears of a change it cannot read yet. SQLite has one
workstation, and no trigger.

Revision ID: 0017_live_changes
Revises: 0016_statistics
Create Date: 2026-12-05 08:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_live_changes"
down_revision = "0016_statistics"
branch_labels = None
depends_on = None

NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION illdesk_notify_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify(
        'illdesk_changes',
        json_build_object(
            'e', NEW.id, 'r', NEW.request_id, 'a', NEW.action, 'w', NEW.workstation
        )::text
    );
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    op.create_table(
        "processing_marks",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("staff_name", sa.String(length=120), nullable=False),
        sa.Column("workstation", sa.String(length=80), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["requests.id"],
            name=op.f("fk_processing_marks_request_id_requests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_processing_marks_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_processing_marks")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(
            "CREATE TRIGGER events_notify AFTER INSERT ON events "
            "FOR EACH ROW EXECUTE FUNCTION illdesk_notify_event()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_notify ON events")
        op.execute("DROP FUNCTION IF EXISTS illdesk_notify_event()")
    op.drop_table("processing_marks")
