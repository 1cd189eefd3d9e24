"""Queue pages, queue counts and search, all filtered, sorted and paged in SQL.

Paging is by keyset (the last row's sort value and id), never OFFSET, so the thousandth page of
a 100,000-row queue costs what the first does. Empty sort values come last.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from illdesk.core.citation import CitationError, normalize_isbn, normalize_issn
from illdesk.core.numbers import PREFIXES, normalize_number
from illdesk.core.queues import BUILT_IN, SORTABLE, QueueFilter
from illdesk.core.search_text import words
from illdesk.core.vocabulary import Direction
from illdesk.core.workflow import STATUSES, Status
from illdesk.services.desk.mapping import queue_line
from illdesk.services.desk.views import RequestRow
from illdesk.services.errors import InvalidInput
from illdesk.store.schema import Library, Patron, Request, Setting
from illdesk.store.unit_of_work import UnitOfWork

CUSTOM_KEY = "queues"


@dataclass(frozen=True, slots=True)
class Cursor:
    """Where the previous page ended."""

    value: Any
    id: int


@dataclass(frozen=True, slots=True)
class Page:
    rows: tuple[RequestRow, ...]
    next: Cursor | None
    # With a filter, the first page also says how many requests of the queue match it, so
    # the queue's heading can follow the filter instead of the whole queue's count.
    matched: int | None = None


# What a queue line shows, read as plain columns: loading whole ORM objects (every column,
# patron and library objects, the lender string) cost most of a page's time at 10^6 requests.
ROW_SELECT = (
    sa.select(
        Request.id,
        Request.number,
        Request.direction,
        Request.service,
        Request.format,
        Request.status,
        Request.title,
        Request.article_title,
        Request.journal_title,
        Request.author,
        Request.created_at,
        Request.updated_at,
        Request.status_since,
        Request.need_before,
        Request.lender_due_date,
        Request.patron_due_date,
        Request.renewal_pending,
        Request.version,
        Patron.surname.label("patron_surname"),
        Patron.given_name.label("patron_given_name"),
        Library.symbol.label("library_symbol"),
    )
    .select_from(Request)
    .outerjoin(Patron, Request.patron_id == Patron.id)
    .outerjoin(Library, Request.library_id == Library.id)
)


def row_from_record(record: Any, today: date) -> RequestRow:
    """A queue line from a ROW_SELECT record."""
    return queue_line(
        record,
        patron_surname=record.patron_surname,
        patron_given_name=record.patron_given_name,
        library_symbol=record.library_symbol,
        today=today,
    )


def overdue_clause(today: date, direction: Direction | None = None) -> sa.ColumnElement[bool]:
    """SQL for "overdue today" (see core.workflow.overdue, which this mirrors), for one
    direction or both. Each branch names its direction and statuses, so that the
    (direction, status, due date) indexes answer it."""
    holding = [Status.ON_HOLD_SHELF.value, Status.CHECKED_OUT.value, Status.RETURNED.value]
    is_borrowing = Request.direction == Direction.BORROWING.value
    borrowing = sa.or_(
        sa.and_(is_borrowing, Request.status.in_(holding), Request.lender_due_date < today),
        sa.and_(
            is_borrowing,
            Request.status == Status.CHECKED_OUT.value,
            Request.patron_due_date < today,
        ),
    )
    lending = sa.and_(
        Request.direction == Direction.LENDING.value,
        Request.status == Status.ON_LOAN.value,
        Request.lender_due_date < today,
    )
    if direction is Direction.BORROWING:
        return borrowing
    if direction is Direction.LENDING:
        return lending
    return sa.or_(borrowing, lending)


def where_clause(queue: QueueFilter, today: date) -> list[sa.ColumnElement[bool]]:
    """The queue's filter as SQL conditions."""
    clauses: list[sa.ColumnElement[bool]] = []
    if queue.direction is not None:
        clauses.append(Request.direction == queue.direction.value)
    elif queue.statuses:
        # Both directions named, so that the indexes led by direction serve the statuses.
        clauses.append(Request.direction.in_([d.value for d in Direction]))
    if queue.statuses:
        clauses.append(Request.status.in_([s.value for s in queue.statuses]))
    if queue.service is not None:
        clauses.append(Request.service == queue.service.value)
    if queue.renewal_pending is not None:
        clauses.append(Request.renewal_pending.is_(queue.renewal_pending))
    if queue.overdue is not None:
        clause = overdue_clause(today, queue.direction)
        clauses.append(clause if queue.overdue else sa.not_(clause))
    if queue.libraries:
        clauses.append(
            Request.library_id.in_(
                sa.select(Library.id).where(Library.symbol.in_(list(queue.libraries)))
            )
        )
    return clauses


def _sort_column(name: str) -> InstrumentedAttribute[Any]:
    if name not in SORTABLE:
        raise InvalidInput(f"Queues cannot be sorted by {name}.")
    column: InstrumentedAttribute[Any] = getattr(Request, name)
    return column


def _after(column: Any, cursor: Cursor, descending: bool) -> sa.ColumnElement[bool]:
    """Rows after a non-empty cursor value in (value, id) order.

    Written as one row-value comparison so that an index on (..., value, id) can seek straight
    to the cursor: spelled out with OR, SQLite walks the index from the start of the queue.
    """
    mine = sa.tuple_(column, Request.id)
    theirs = sa.tuple_(
        sa.bindparam(None, cursor.value, type_=column.type),
        sa.bindparam(None, cursor.id, type_=Request.id.type),
    )
    return mine < theirs if descending else mine > theirs


def queue_page(
    uow: UnitOfWork,
    queue: QueueFilter,
    *,
    sort: str | None = None,
    descending: bool | None = None,
    after: Cursor | None = None,
    limit: int = 100,
    text: str = "",
) -> Page:
    """One page of a queue, sorted in SQL; pass `after=page.next` for the following page."""
    sort = sort or queue.sort
    descending = queue.descending if descending is None else descending
    column = _sort_column(sort)
    with uow:
        conditions = where_clause(queue, uow.today())
        if text.strip():
            conditions.append(Request.id.in_(_match_ids(uow.session, text)))
        by_id = Request.id.desc() if descending else Request.id.asc()
        by_value = [column.desc() if descending else column.asc(), by_id]

        def gather(*only: sa.ColumnElement[bool]) -> list[Any]:
            """Up to limit + 1 rows after the cursor, in page order."""

            def fetch(*extra: sa.ColumnElement[bool], order: list[Any], count: int) -> list[Any]:
                query = ROW_SELECT.where(*conditions, *only, *extra).order_by(*order)
                return list(uow.session.execute(query.limit(count)).all())

            if not Request.__table__.c[sort].nullable:
                keyset = [_after(column, after, descending)] if after is not None else []
                return fetch(*keyset, order=by_value, count=limit + 1)
            # Empty values come last. Rows with a value and rows without one are read in two
            # index-ordered queries rather than one ORDER BY (value IS NULL), which no plain
            # index can serve and which made SQLite sort the whole queue for every page.
            rows: list[Any] = []
            if after is None or after.value is not None:
                keyset = [_after(column, after, descending)] if after is not None else []
                rows = fetch(column.is_not(None), *keyset, order=by_value, count=limit + 1)
            if len(rows) <= limit:
                empty_after = (
                    [Request.id < after.id if descending else Request.id > after.id]
                    if after is not None and after.value is None
                    else []
                )
                rows += fetch(
                    column.is_(None), *empty_after, order=[by_id], count=limit + 1 - len(rows)
                )
            return rows

        parts = _index_parts(queue)
        if len(parts) > 1 and _merges_like_sql(uow.session, column):
            # One index-ordered read per direction and status, merged: an index on (direction,
            # status, value) gives each of them in order, but no index gives several in one
            # order, so a single query sorted or skipped its way through all of them (150 to
            # 200 ms at 10^6 for "Overdue" or "Borrowed items on their way to us").
            found = [
                row
                for direction, status in parts
                for row in gather(
                    Request.direction == direction.value, Request.status == status.value
                )
            ]
            rows = _merged(found, sort, descending)[: limit + 1]
        else:
            rows = gather()
        today = uow.today()
        views = tuple(row_from_record(r, today) for r in rows[:limit])
        next_cursor = None
        matched = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = Cursor(getattr(last, sort), last.id)
        if text.strip() and after is None:
            matched = len(views)
            if next_cursor is not None:
                count = sa.select(sa.func.count(Request.id)).where(*conditions)
                matched = int(uow.session.scalar(count) or 0)
        return Page(views, next_cursor, matched)


def _index_parts(queue: QueueFilter) -> list[tuple[Direction, Status]]:
    """The (direction, status) pairs a queue spans, each one run of the sort indexes."""
    directions = [queue.direction] if queue.direction is not None else list(Direction)
    return [(d, s) for s in queue.statuses for d in directions if s in STATUSES[d]]


def _merges_like_sql(session: Session, column: Any) -> bool:
    """True when Python orders this column's values exactly as the database does: always for
    dates and numbers; for text only on SQLite, whose default collation is byte order.
    PostgreSQL sorts text by the server's locale, which Python cannot copy."""
    if session.get_bind().dialect.name == "sqlite":
        return True
    return not isinstance(column.type, sa.String)


def _merged(rows: list[Any], sort: str, descending: bool) -> list[Any]:
    """Rows of several index-ordered reads in one page order: by value then id, empty values
    last (themselves by id), as the SQL orders them."""
    valued = [r for r in rows if getattr(r, sort) is not None]
    empty = [r for r in rows if getattr(r, sort) is None]
    valued.sort(key=lambda r: (getattr(r, sort), r.id), reverse=descending)
    empty.sort(key=lambda r: r.id, reverse=descending)
    return valued + empty


def queue_counts(uow: UnitOfWork, queues: list[QueueFilter] | None = None) -> dict[str, int]:
    """How many requests each queue holds now."""
    queues = queues or all_queues(uow)
    with uow:
        today = uow.today()
        counts: dict[str, int] = {}
        for queue in queues:
            counts[queue.key] = int(
                uow.session.scalar(
                    sa.select(sa.func.count(Request.id)).where(*where_clause(queue, today))
                )
                or 0
            )
        return counts


def all_queues(uow: UnitOfWork) -> list[QueueFilter]:
    """Built-in queues followed by the library's own."""
    with uow:
        row = uow.session.get(Setting, CUSTOM_KEY)
        custom = [QueueFilter.from_json(q) for q in row.value.get("queues", [])] if row else []
    return [*BUILT_IN, *custom]


def save_custom_queue(uow: UnitOfWork, queue: QueueFilter) -> None:
    """Add or replace a library-defined queue (a key of a built-in queue is refused)."""
    if any(q.key == queue.key for q in BUILT_IN):
        raise InvalidInput(f"“{queue.key}” is the key of a built-in queue: choose another.")
    with uow:
        row = uow.session.get(Setting, CUSTOM_KEY)
        queues = [q for q in (row.value.get("queues", []) if row else []) if q["key"] != queue.key]
        queues.append(queue.to_json())
        if row is None:
            uow.session.add(Setting(key=CUSTOM_KEY, value={"queues": queues}))
        else:
            row.value = {"queues": queues}
        uow.commit()


# ---------------------------------------------------------------- search


def search(uow: UnitOfWork, text: str, limit: int = 200) -> list[RequestRow]:
    """Requests found by number, any barcode, patron card or name, library symbol,
    ISBN/ISSN, or title/author keywords, newest first."""
    if not text.strip():
        return []
    with uow:
        ids = _match_ids(uow.session, text)
        rows = uow.session.execute(
            ROW_SELECT.where(Request.id.in_(ids)).order_by(Request.id.desc()).limit(limit)
        ).all()
        today = uow.today()
        return [row_from_record(r, today) for r in rows]


_SERIAL_ONLY = re.compile(r"^(?:(\d{2})-)?(\d{1,7})$")


def numbers_for_serial(text: str) -> list[str]:
    """The request numbers a typed serial can mean: "000339" or "339" is the 339th request
    of any year in either direction, "26-000339" that of 2026; [] for other text.

    Staff read the last digits off a slip or an e-mail; the full number with its letter and
    year is what the index holds, so the candidates are listed rather than matched with a
    LIKE that would read every request.
    """
    match = _SERIAL_ONLY.match(text.strip())
    if not match or int(match.group(2)) == 0:
        return []
    years = [int(match.group(1))] if match.group(1) else range(100)
    serial = int(match.group(2))
    return [f"{prefix}-{year:02d}-{serial:06d}" for prefix in PREFIXES.values() for year in years]


def _match_ids(session: Session, text: str) -> sa.Select[Any]:
    text = text.strip()
    exact = text.upper()
    options: list[sa.ColumnElement[bool]] = [
        Request.number == (normalize_number(text) or exact),
        Request.item_barcode == text,
        Request.temp_barcode == text,
        Request.lender_reference == text,
        Request.oclc_number == text.lstrip("0"),
        Request.patron_id.in_(
            sa.select(Patron.id).where(
                sa.or_(Patron.card_barcode == text, Patron.surname.ilike(f"{text}%"))
            )
        ),
        Request.library_id.in_(sa.select(Library.id).where(Library.symbol == exact)),
    ]
    serials = numbers_for_serial(text)
    if serials:
        options.append(Request.number.in_(serials))
    for normalize, column in ((normalize_isbn, Request.isbn), (normalize_issn, Request.issn)):
        try:
            value = normalize(text)
        except CitationError:
            continue
        options.append(column == value)
    ids = sa.select(Request.id).where(sa.or_(*options))
    keywords = words(text)
    if keywords:
        return sa.select(sa.union(ids, _keyword_ids(session, keywords)).subquery().c[0])
    return ids


def _keyword_ids(session: Session, keywords: list[str]) -> sa.Select[Any]:
    """Requests whose title/author words start with every keyword (full-text index)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        query = " ".join('"' + w.replace('"', "") + '"*' for w in keywords)
        return (
            sa.select(sa.literal_column("rowid", sa.Integer))
            .select_from(sa.text("request_search"))
            .where(sa.text("request_search MATCH :q").bindparams(q=query))
        )
    tsquery = " & ".join(w.replace("'", "").replace("\\", "") + ":*" for w in keywords)
    return sa.select(Request.id).where(
        sa.func.to_tsvector(sa.literal_column("'simple'"), Request.search_text).op("@@")(
            sa.func.to_tsquery(sa.literal_column("'simple'"), tsquery)
        )
    )
