"""Every queue's SQL holds exactly the requests the domain rules put in it: the counts and the
pages agree with `core` (status sets, flags, and overdue derived from dates) request by request,
on a demo workspace that has every status of both lifecycles."""

from __future__ import annotations

import sqlalchemy as sa

from illdesk.core.queues import BUILT_IN, QueueFilter
from illdesk.core.workflow import overdue
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.desk import queues
from illdesk.services.shipping import packages as shipping
from illdesk.store import requests as repo
from illdesk.store.database import Database
from illdesk.store.schema import Request
from illdesk.store.unit_of_work import UnitOfWork


def _belongs(queue: QueueFilter, req: Request, today) -> bool:
    if queue.direction is not None and req.direction != queue.direction.value:
        return False
    if queue.statuses and req.status not in {s.value for s in queue.statuses}:
        return False
    if queue.service is not None and req.service != queue.service.value:
        return False
    if queue.renewal_pending is not None and req.renewal_pending != queue.renewal_pending:
        return False
    if queue.libraries and (req.library is None or req.library.symbol not in queue.libraries):
        return False
    late = overdue(repo.to_state(req), today) is not None
    return queue.overdue is None or late == queue.overdue


def test_every_queue_holds_what_the_rules_say(db: Database) -> None:
    make_demo(db, size=DemoSize(libraries=12, patrons=40, requests=420, months=6))
    read = UnitOfWork(db, read_only=True)
    groups = shipping.shipping_groups(UnitOfWork(db, read_only=True))
    every = [*BUILT_IN, *(g.queue for g in groups)]
    counts = queues.queue_counts(UnitOfWork(db, read_only=True), every)
    with read:
        today = read.today()
        stored = read.session.scalars(sa.select(Request)).all()
        expected = {q.key: sorted(r.number for r in stored if _belongs(q, r, today)) for q in every}
    assert sum(1 for q in BUILT_IN if expected[q.key]) >= len(BUILT_IN) - 3
    for queue in every:
        assert counts[queue.key] == len(expected[queue.key]), queue.title
        page = queues.queue_page(UnitOfWork(db, read_only=True), queue, limit=500)
        assert sorted(r.number for r in page.rows) == expected[queue.key], queue.title
