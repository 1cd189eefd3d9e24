"""Live refresh without a lock on every commit: the notice of a new event is sent by ILL Desk
right after the transaction that wrote it has committed, no longer by a trigger inside it.

PostgreSQL serialises the commits of all transactions that NOTIFY (one lock, held through the
commit's wait for the disk), so with the trigger eight desks scanning at once queued behind
each other's disk writes. ILL Desk now sends the notice in a small transaction of its own
that does not wait for the disk (store.change_notices). SQLite had no trigger.

Revision ID: 0026_notify_after_commit
Revises: 0025_facility_library
Create Date: 2026-12-05 16:30:00
"""

from __future__ import annotations

from alembic import op

revision = "0026_notify_after_commit"
down_revision = "0025_facility_library"
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
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS events_notify ON events")
        op.execute("DROP FUNCTION IF EXISTS illdesk_notify_event()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(NOTIFY_FUNCTION)
        op.execute(
            "CREATE TRIGGER events_notify AFTER INSERT ON events "
            "FOR EACH ROW EXECUTE FUNCTION illdesk_notify_event()"
        )
