"""Alembic environment: always run from ILL Desk with a connection handed in."""

from __future__ import annotations

from alembic import context

from illdesk.store.schema import Base
from illdesk.store.sqlite_references import refuse_broken_references

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only used through illdesk.store.migrate
    raise RuntimeError("Run migrations through `illdesk db upgrade`, not the alembic command.")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    # SQLite's DDL is transactional too (ILL Desk's connections emit BEGIN themselves): the
    # whole upgrade is one transaction there as well, undone whole if any step fails.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
    # Foreign keys are not enforced while SQLite's tables are rebuilt (store.database.upgrade):
    # every reference is checked before the commit, and a broken one undoes the upgrade.
    refuse_broken_references(connection)
