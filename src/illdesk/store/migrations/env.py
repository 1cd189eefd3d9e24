"""Alembic environment: always run from ILL Desk with a connection handed in."""

from __future__ import annotations

from alembic import context

from illdesk.store.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used through illdesk.store.migrate
    raise RuntimeError("Run migrations through `illdesk db upgrade`, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
