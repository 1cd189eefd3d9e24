"""A month's statistics read indexes, not tables (migration 0027): every search of the events
and requests tables that counting a month makes is answered from a covering index, except
the unfilled reasons, which read each unfilled answer's details. This is what keeps a month
at 10^6 requests from reading a table page for each of its events."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from illdesk.services.reports import figures
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from tests.conftest import ANN
from tests.integration.reports_history import make_history


def test_a_months_counts_read_covering_indexes(sqlite_url, clock) -> None:
    db = open_database(sqlite_url)

    def uow(actor: Actor = ANN, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(db, actor, clock, read_only=read_only)

    make_history(uow, clock)
    statements: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, params, _context, _many) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append((statement, params))

    sa.event.listen(db.engine, "before_cursor_execute", keep)
    figures.compute(UnitOfWork(db, read_only=True), date(2026, 3, 1), date(2026, 4, 1))
    sa.event.remove(db.engine, "before_cursor_execute", keep)
    reads: list[str] = []
    with db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        for statement, params in statements:
            if "json_extract" in statement.lower():
                continue  # the unfilled reasons read the answers' details: few rows
            plan = raw.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            reads += [
                f"{row[-1]} <- {statement.split('FROM', 1)[0][:120]}"
                for row in plan
                if row[-1].startswith(("SEARCH", "SCAN"))
                and (" events" in row[-1] or " requests" in row[-1])
            ]
    db.dispose()
    assert reads, "the month's counts searched nothing"
    table_reads = [r for r in reads if "COVERING INDEX" not in r and "PRIMARY KEY" not in r]
    assert table_reads == []
    assert not [r for r in reads if r.startswith("SCAN")]
