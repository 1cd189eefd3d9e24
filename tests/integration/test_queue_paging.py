"""Queues over several statuses (or both directions) are read one index run at a time and
merged: paging through them gives exactly the order and the rows one SQL query gives."""

from __future__ import annotations

from illdesk.core.queues import BY_KEY, QueueFilter
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Status
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.desk import queues
from illdesk.store.database import Database
from illdesk.store.unit_of_work import UnitOfWork

CUSTOM = QueueFilter(
    "custom-held",
    "Held or out",
    "Custom",
    Direction.BORROWING,
    (Status.ON_HOLD_SHELF, Status.CHECKED_OUT, Status.RETURNED, Status.SHIPPED),
)


def _walk(db: Database, queue: QueueFilter, sort: str, descending: bool) -> list[str]:
    """Every number of the queue, page by page (7 to a page), in page order."""
    numbers: list[str] = []
    after = None
    while True:
        page = queues.queue_page(
            UnitOfWork(db, read_only=True),
            queue,
            sort=sort,
            descending=descending,
            after=after,
            limit=7,
        )
        numbers += [r.number for r in page.rows]
        if page.next is None:
            return numbers
        after = page.next


def test_merged_pages_match_one_query(db: Database, monkeypatch) -> None:
    make_demo(db, size=DemoSize(libraries=12, patrons=40, requests=420, months=6))
    wanted = [BY_KEY["b-overdue"], BY_KEY["r-borrowed"], BY_KEY["s-all"], CUSTOM]
    ways = [
        (sort, descending)
        for sort in ("created_at", "need_before", "lender_due_date", "title", "number")
        for descending in (False, True)
    ]
    merged = {(q.key, *way): _walk(db, q, *way) for q in wanted for way in ways}
    monkeypatch.setattr(queues, "_index_parts", lambda _queue: [])  # one query per page
    single = {(q.key, *way): _walk(db, q, *way) for q in wanted for way in ways}
    assert merged == single
    assert all(len(set(numbers)) == len(numbers) for numbers in merged.values())
    assert len(merged[("custom-held", "created_at", False)]) > 14  # several pages walked
