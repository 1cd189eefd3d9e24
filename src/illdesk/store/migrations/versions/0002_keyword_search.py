"""Keyword search over titles and authors.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 21:50:00
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_keyword_search()


def downgrade() -> None:
    drop_keyword_search()


# Keyword search over titles and authors. Both back ends index the same column, `search_text`,
# which ILL Desk fills with case-folded, accent-free words (see store.search), so a search
# finds the same requests on SQLite and on PostgreSQL.
SEARCH_TRIGGERS = {
    "requests_search_ai": "AFTER INSERT ON requests BEGIN "
    "INSERT INTO request_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "requests_search_ad": "AFTER DELETE ON requests BEGIN "
    "INSERT INTO request_search(request_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "requests_search_au": "AFTER UPDATE OF search_text ON requests BEGIN "
    "INSERT INTO request_search(request_search, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO request_search(rowid, search_text) VALUES (new.id, new.search_text); END",
}


def create_keyword_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE request_search USING fts5("
            "search_text, content='requests', content_rowid='id', tokenize='unicode61')"
        )
        for name, body in SEARCH_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        # Requests made before this revision get indexed too.
        op.execute("INSERT INTO request_search(request_search) VALUES ('rebuild')")
    elif dialect == "postgresql":
        op.execute(
            "CREATE INDEX ix_requests_search_text_fts ON requests "
            "USING gin (to_tsvector('simple', search_text))"
        )


def drop_keyword_search() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in SEARCH_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS request_search")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_requests_search_text_fts")
