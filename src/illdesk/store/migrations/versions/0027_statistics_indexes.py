"""Statistics read indexes, not the tables: a month's counts, turnaround and overdue loans
find every column they need in three indexes, so at 10^6 requests they no longer read a
table page for each event (the events table holds each event's details; the requests table
its whole citation).

- events(action, at, from_status, undone_by, request_id) takes the place of events(action,
  at) and of ix_events_statistics (at first): the counts filter by action and period;
- events(request_id, action, undone_by, at): the earliest start of a stage, and whether a
  loan came back by its due date, for one request;
- events(at, undone_by) takes the place of events(at): a period's events that still stand,
  whatever their action (the copyright fees of a month), without reading each event;
- requests(id, direction, service, format, library_id, patron_id, created_at): what the
  counts join from each event's request, some 50 bytes a row instead of the whole row.

Revision ID: 0027_statistics_indexes
Revises: 0026_notify_after_commit
Create Date: 2026-12-05 16:15:00
"""

from __future__ import annotations

from alembic import op

revision = "0027_statistics_indexes"
down_revision = "0026_notify_after_commit"
branch_labels = None
depends_on = None

_ACTION = ["action", "at", "from_status", "undone_by", "request_id"]
_REQUEST = ["request_id", "action", "undone_by", "at"]
_REQUESTS = ["id", "direction", "service", "format", "library_id", "patron_id", "created_at"]


def upgrade() -> None:
    op.create_index("ix_events_action_cover", "events", _ACTION, unique=False)
    op.create_index("ix_events_request_action", "events", _REQUEST, unique=False)
    op.create_index("ix_requests_statistics", "requests", _REQUESTS, unique=False)
    op.drop_index("ix_events_statistics", table_name="events")
    op.drop_index("ix_events_action_at", table_name="events")
    op.create_index("ix_events_at_undone_by", "events", ["at", "undone_by"], unique=False)
    op.drop_index("ix_events_at", table_name="events")


def downgrade() -> None:
    op.create_index("ix_events_at", "events", ["at"], unique=False)
    op.drop_index("ix_events_at_undone_by", table_name="events")
    op.create_index("ix_events_action_at", "events", ["action", "at"], unique=False)
    op.create_index(
        "ix_events_statistics",
        "events",
        ["at", "action", "from_status", "request_id", "undone_by"],
        unique=False,
    )
    op.drop_index("ix_requests_statistics", table_name="requests")
    op.drop_index("ix_events_request_action", table_name="events")
    op.drop_index("ix_events_action_cover", table_name="events")
