"""Storage: SQLAlchemy tables and mapping, engine set-up (SQLite, PostgreSQL), the unit of work,
the one writer of requests and their events (`request_writer.write_action`), and Alembic
migrations.

May import: `illdesk.core`, SQLAlchemy, Alembic. Must not import: `illdesk.services`,
`illdesk.ui`, `illdesk.cli`, PySide6.
"""
