"""The demo workspace: the promised size, every status of both lifecycles, sound histories."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import STATUSES
from illdesk.services.admin.demo import make_demo
from illdesk.services.admin.integrity import check_database
from illdesk.services.desk.queues import overdue_clause
from illdesk.store.database import open_database
from illdesk.store.money_schema import LedgerLine, Refund
from illdesk.store.schema import Event, Library, Patron, Request
from illdesk.store.unit_of_work import UnitOfWork


def test_default_demo_covers_every_status_with_replayable_histories(sqlite_url: str) -> None:
    db = open_database(sqlite_url)
    now = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    made = make_demo(db, now=now)
    assert made == {"libraries": 50, "patrons": 500, "requests": 2000, "staff": 4}
    with db.reading() as session:
        assert session.scalar(sa.select(sa.func.count(Library.id))) == 50
        assert session.scalar(sa.select(sa.func.count(Patron.id))) == 500
        found = set(session.execute(sa.select(Request.direction, Request.status).distinct()))
        for direction in Direction:
            for status in STATUSES[direction]:
                assert (direction.value, status.value) in found, (direction, status)
        first, last = session.execute(
            sa.select(sa.func.min(Request.created_at), sa.func.max(Request.created_at))
        ).one()
        assert (last - first).days > 500  # spread over about 18 months
        for flag in (Request.renewal_pending, Request.recalled, Request.damaged):
            assert session.scalar(sa.select(sa.func.count()).where(flag.is_(True))) > 0
        assert session.scalar(sa.select(sa.func.count()).where(overdue_clause(now.date()))) > 0
        assert session.scalar(sa.select(sa.func.count(Event.id))) > 2000 * 4
        correctional = session.scalar(
            sa.select(sa.func.count(Patron.id)).where(Patron.patron_type == "correctional")
        )
        assert correctional and correctional > 0
        # Correctional patrons and some distance learners get their items by mail.
        mailed = Patron.mail_street != ""
        assert (
            session.scalar(
                sa.select(sa.func.count(Patron.id)).where(
                    Patron.patron_type == "correctional", mailed
                )
            )
            == correctional
        )
        distance = session.scalar(
            sa.select(sa.func.count(Patron.id)).where(Patron.patron_type != "correctional", mailed)
        )
        assert distance and 0.1 * (500 - correctional) < distance < 0.3 * (500 - correctional)
        # Money: a patron who paid twice was paid back; another's credit waits for staff.
        assert session.scalar(sa.select(sa.func.count(Refund.id))) == 1
        balances = (
            sa.select(LedgerLine.account_id)
            .group_by(LedgerLine.account_id)
            .having(sa.func.sum(LedgerLine.amount) < 0)
            .subquery()
        )
        assert session.scalar(sa.select(sa.func.count()).select_from(balances)) >= 1
    report = check_database(UnitOfWork(db, read_only=True))
    assert report.ok, report.problems[:5]
    db.dispose()
