"""Queues and search in SQL on both back ends: keyset paging, counts, every kind of lookup."""

from __future__ import annotations

from datetime import timedelta

import pytest

from illdesk.core.queues import BY_KEY, QueueFilter
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import Status
from illdesk.services.desk import queues, requests
from illdesk.services.errors import InvalidInput
from tests.integration.helpers import CARD, borrow, lend, seed_directory


@pytest.fixture(autouse=True)
def _directory(uow):
    seed_directory(uow)


def test_keyset_pages_cover_the_queue_once_in_order_with_empty_values_last(uow, clock) -> None:
    made = []
    for i in range(23):
        clock.at += timedelta(minutes=7)
        row = borrow(uow, f"Volcanoes of the Cascades, part {i}", allow_duplicate=True)
        if i % 3:
            requests.edit_request(
                uow(),
                row.number,
                {"need_before": f"2026-05-{(i % 9) + 1:02d}"},
                expected_version=row.version,
            )
        made.append(row.number)
    queue = BY_KEY["b-new"]
    for descending in (False, True):
        seen, cursor = [], None
        while True:
            page = queues.queue_page(
                uow(read_only=True),
                queue,
                sort="need_before",
                descending=descending,
                after=cursor,
                limit=5,
            )
            seen.extend(page.rows)
            cursor = page.next
            if cursor is None:
                break
        assert sorted(r.number for r in seen) == sorted(made)
        dated = [r.need_before for r in seen if r.need_before]
        assert dated == sorted(dated, reverse=descending)
        assert all(r.need_before is None for r in seen[len(dated) :]), "empty values come last"


def test_counts_follow_the_work(uow) -> None:
    a = borrow(uow)
    borrow(uow, "Jazz in Portland")
    lend(uow)
    requests.perform(uow(), a.number, "approve")
    counts = queues.queue_counts(uow(read_only=True))
    assert counts["b-new"] == 1 and counts["b-ready"] == 1 and counts["l-new"] == 1


def test_overdue_queue_is_derived_from_dates(uow, clock) -> None:
    row = borrow(uow)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    assert queues.queue_counts(uow(read_only=True), [BY_KEY["b-overdue"]])["b-overdue"] == 0
    clock.at += timedelta(days=60)
    page = queues.queue_page(uow(read_only=True), BY_KEY["b-overdue"])
    assert [r.number for r in page.rows] == [row.number] and page.rows[0].overdue == "lender"


def test_search_finds_by_every_kind_of_key(uow) -> None:
    row = borrow(uow, "Die Geschichte der Brücken", isbn="0-306-40615-2")
    requests.perform(uow(), row.number, "approve")
    requests.perform(uow(), row.number, "send")
    requests.perform(uow(), row.number, "receive", {"temp_barcode": "ILL990001"})
    other = lend(uow, "Lighthouses of the Oregon coast")
    requests.perform(uow(), other.number, "accept")
    requests.perform(uow(), other.number, "found", {"item_barcode": "31234000005678"})

    def found(text: str) -> list[str]:
        return [r.number for r in queues.search(uow(read_only=True), text)]

    assert found(row.number.lower().replace("-", "")) == [row.number]
    assert found("ILL990001") == [row.number]
    assert found("31234000005678") == [other.number]
    assert found(CARD) == [row.number]
    assert found("müll") == [row.number]  # patron surname prefix
    assert found("9780306406157") == [row.number]
    assert found("0306406152") == [row.number]
    assert found("brucken gesch") == [row.number]  # accents and word order do not matter
    assert found("lighthouse oregon") == [other.number]
    assert found("WAU") == [other.number]  # the library that borrows from us
    # ORE supplied us; "ore" is also the start of the word "Oregon" in the other title.
    assert found("ore") == [other.number, row.number]
    assert found("nothing-like-this") == []


def test_the_serial_alone_finds_the_request_and_a_filtered_page_counts_its_matches(uow) -> None:
    rows = [borrow(uow, f"Bridges {w}", allow_duplicate=True) for w in ("one", "two", "six")]
    other = lend(uow, "Lighthouses")
    target = rows[1].number
    serial = target.rsplit("-", 1)[1]  # e.g. "000002"

    def found(text: str) -> list[str]:
        return [r.number for r in queues.search(uow(read_only=True), text)]

    # The borrowing and the lending counters both reach this serial; both are that number.
    both = sorted({target, *(n for n in [other.number] if n.endswith(serial))})
    assert sorted(found(serial)) == both
    assert sorted(found(serial.lstrip("0"))) == both
    assert found(target.split("-", 1)[1]) == [target]  # "26-000002": that year only
    queue = BY_KEY["b-new"]
    page = queues.queue_page(uow(read_only=True), queue, text=serial)
    assert [r.number for r in page.rows] == [target] and page.matched == 1
    page = queues.queue_page(uow(read_only=True), queue, text="bridges", limit=2)
    assert len(page.rows) == 2 and page.matched == 3  # counts past the first page
    assert queues.queue_page(uow(read_only=True), queue).matched is None  # no filter


def test_custom_queue_is_saved_and_counted(uow) -> None:
    borrow(uow)
    custom = QueueFilter("mine", "Everything new", "Custom", Direction.BORROWING, (Status.NEW,))
    queues.save_custom_queue(uow(), custom)
    found = queues.all_queues(uow(read_only=True))
    assert found[-1] == custom
    assert queues.queue_counts(uow(read_only=True), found)["mine"] == 1
    with pytest.raises(InvalidInput, match="built-in"):
        queues.save_custom_queue(uow(), QueueFilter("b-new", "X", "Custom"))


def test_queue_lines_read_as_columns_match_the_full_request(uow, db, clock) -> None:
    from illdesk.services.desk.mapping import request_row
    from illdesk.store.schema import Request

    row = borrow(uow)
    for action in ("approve", "send", "receive", "check_out"):
        requests.perform(uow(), row.number, action)
    lend(uow)
    clock.at += timedelta(days=90)  # overdue by now: the derived flag must agree too
    found = queues.search(uow(read_only=True), "WAU") + queues.search(uow(read_only=True), "ORE")
    assert found
    with db.reading() as session:
        today = clock.at.astimezone().date()
        for line in found:
            full = request_row(session.get(Request, line.id), today)
            assert line == full
