"""Patron data purged on schedule while the figures survive.

A finished request (completed, cancelled, unfilled, referred for purchase, lost) keeps the
name of the person it was for only `privacy.purge_after_days` days. Then, through the one
writer, it is moved to a stand-in patron that keeps what statistics need (patron type,
pickup location, correctional facility) and names nobody; its patron note and its notices'
texts are emptied; a `purge` event records what was removed, without the data. A patron
whose every request is purged, and whose record is itself older than the period, is
anonymised in the patron list too (name, card, contact and address emptied); one added within
the period is a current patron and keeps their card. The counts in the event log do not
change, so neither does any statistic. The workstation's offline journal follows the same
clock (`forget_replayed_scans`).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from illdesk.core.request_status import TERMINAL
from illdesk.core.roles import Permission
from illdesk.services.access.permissions import require
from illdesk.services.admin import settings as library_settings
from illdesk.services.desk import offline
from illdesk.store.journal_purge import forget_replayed
from illdesk.store.notice_schema import Notice
from illdesk.store.offline_journal import OfflineJournal
from illdesk.store.report_schema import PurgeRun
from illdesk.store.request_writer import QuietWrite, write_quiet_actions
from illdesk.store.schema import Patron, Request
from illdesk.store.unit_of_work import UnitOfWork

PURGE_ACTION = "purge"
STAND_IN = "PURGED-"  # card prefix of the stand-in patrons
STAND_IN_NAME = "(patron data purged)"
BATCH = 2000
_FINISHED = tuple(s.value for s in TERMINAL)
_MAIL = ("mail_street", "mail_street2", "mail_city", "mail_region", "mail_postal_code")
_NOTICE_TEXT = {
    "recipient": "",
    "subject": "",
    "body_text": "",
    "body_html": "",
    "letter": "",
    "detail": "",
    "params": {},
}


@dataclass(frozen=True, slots=True)
class PurgeResult:
    """What a purge did (or, dry, would do)."""

    cutoff: datetime
    requests: int
    notices: int
    patrons: int
    dry_run: bool


def _cutoff(uow: UnitOfWork) -> datetime:
    with uow:
        days = library_settings.load(uow).privacy.purge_after_days
    return uow.now() - timedelta(days=days)


def _due(cutoff: datetime) -> sa.Select[Any]:
    return sa.select(Request.id).where(
        Request.purged_at.is_(None),
        Request.status.in_(_FINISHED),
        Request.status_since < cutoff,
        Request.patron_id.is_not(None),
        Request.patron_id.not_in(
            sa.select(Patron.id).where(Patron.card_barcode.startswith(STAND_IN))
        ),
    )


def _lonely(session: Any, candidates: set[int], cutoff: datetime) -> list[int]:
    """Of these patrons (whose requests were just purged), those left with no request whose
    record is itself older than the retention period. A patron added or registered again
    within it is a current patron: the desk must still know their card."""
    if not candidates:
        return []
    still = set(
        session.scalars(
            sa.select(Request.patron_id).where(Request.patron_id.in_(candidates)).distinct()
        )
    )
    old = set(
        session.scalars(
            sa.select(Patron.id).where(Patron.id.in_(candidates), Patron.created_at < cutoff)
        )
    )
    return sorted((candidates - still) & old)


def purge(uow: UnitOfWork, *, dry_run: bool = False, most: int | None = None) -> PurgeResult:
    """Remove patron identity from finished requests past the retention period (at most
    `most` requests when given: the automatic run takes a backlog a few batches at a time)."""
    if not dry_run:
        require(uow, Permission.PURGE)
    cutoff = _cutoff(uow)
    if dry_run:
        with uow:
            session = uow.session
            ids = list(session.scalars(_due(cutoff)))
            notices = session.scalar(
                sa.select(sa.func.count()).select_from(Notice).where(Notice.request_id.in_(ids))
            ) if ids else 0  # fmt: skip
            patrons = _count_lonely_after(session, ids, cutoff)
        return PurgeResult(cutoff, len(ids), int(notices or 0), patrons, True)
    total_requests = total_notices = 0
    owners: set[int] = set()
    while most is None or total_requests < most:
        fresh = UnitOfWork(uow.db, uow.actor, uow.clock)
        with fresh:
            room = BATCH if most is None else min(BATCH, most - total_requests)
            ids = list(fresh.session.scalars(_due(cutoff).order_by(Request.id).limit(room)))
            if not ids:
                break
            total_notices += _purge_requests(fresh, ids, owners)
            fresh.commit()
        total_requests += len(ids)
    anonymised = UnitOfWork(uow.db, uow.actor, uow.clock)
    with anonymised:
        patrons = _anonymise(anonymised, _lonely(anonymised.session, owners, cutoff))
        if total_requests or patrons:
            anonymised.session.add(
                PurgeRun(
                    ran_at=anonymised.now(), ran_by=uow.actor.staff_name, cutoff=cutoff,
                    requests=total_requests, notices=total_notices, patrons=patrons,
                )
            )  # fmt: skip
        anonymised.commit()
    return PurgeResult(cutoff, total_requests, total_notices, patrons, False)


def forget_replayed_scans(
    cutoff: datetime, *, dry_run: bool = False, journal: OfflineJournal | None = None
) -> int:
    """The same clock for this workstation's offline journal: scans kept while the server
    was away, replayed or settled, and older than the purge's cutoff are deleted from the
    file (a scan still waiting or to decide stays); how many."""
    return forget_replayed(journal or offline.journal_for(), cutoff, dry_run=dry_run)


@dataclass(frozen=True, slots=True)
class PurgeRunView:
    """A purge run as listed: when, who (or ILL Desk by itself), and how much it removed."""

    ran_at: datetime
    ran_by: str
    cutoff: datetime
    requests: int
    notices: int
    patrons: int


def purge_runs(uow: UnitOfWork, most: int = 30) -> list[PurgeRunView]:
    """The latest purge runs that removed something, newest first."""
    with uow:
        rows = uow.session.scalars(
            sa.select(PurgeRun).order_by(PurgeRun.ran_at.desc(), PurgeRun.id.desc()).limit(most)
        )
        return [
            PurgeRunView(r.ran_at, r.ran_by, r.cutoff, r.requests, r.notices, r.patrons)
            for r in rows
        ]


def _count_lonely_after(session: Any, ids: Sequence[int], cutoff: datetime) -> int:
    """How many patrons the purge of `ids` would anonymise: left with no request of their
    own, and on the patron list since before the retention period."""
    if not ids:
        return 0
    owners = set(
        session.scalars(
            sa.select(Request.patron_id)
            .join(Patron, Patron.id == Request.patron_id)
            .where(Request.id.in_(ids), Patron.created_at < cutoff)
        )
    )
    others = set(
        session.scalars(
            sa.select(Request.patron_id).where(
                Request.patron_id.in_(owners), Request.id.not_in(ids)
            )
        )
    )
    return len(owners - others)


def _stand_in(uow: UnitOfWork, cache: dict[tuple[Any, ...], int], key: tuple[Any, ...]) -> int:
    """The stand-in patron with this (patron type, pickup location, facility)."""
    if key in cache:
        return cache[key]
    found = uow.session.scalar(
        sa.select(Patron.id).where(
            Patron.card_barcode.startswith(STAND_IN),
            Patron.patron_type == key[0],
            Patron.pickup_location == key[1],
            Patron.facility_id.is_(None) if key[2] is None else Patron.facility_id == key[2],
        )
    )
    if found is None:
        stand_in = Patron(
            card_barcode=f"{STAND_IN}{uuid.uuid4().hex[:12].upper()}",
            surname=STAND_IN_NAME,
            given_name="",
            patron_type=key[0],
            pickup_location=key[1],
            facility_id=key[2],
            status="expired",
            created_at=uow.now(),
        )
        uow.session.add(stand_in)
        uow.session.flush()
        found = stand_in.id
    cache[key] = found
    return found


def _purge_requests(uow: UnitOfWork, ids: Sequence[int], owners: set[int]) -> int:
    """Purge these requests through the one writer (one statement for all of them)."""
    session = uow.session
    cache: dict[tuple[Any, ...], int] = {}
    rows = session.execute(
        sa.select(
            Request.id, Request.version, Request.status, Request.patron_note, Request.patron_id,
            Patron.patron_type, Patron.pickup_location, Patron.facility_id,
        )
        .join(Patron, Patron.id == Request.patron_id)
        .where(Request.id.in_(ids))
    ).all()  # fmt: skip
    notices: dict[int, int] = dict(
        session.execute(
            sa.select(Notice.request_id, sa.func.count())
            .where(Notice.request_id.in_(ids))
            .group_by(Notice.request_id)
        ).all()
    )
    now = uow.now()
    cleared: list[dict[str, Any]] = []
    writes: list[QuietWrite] = []
    for request_id, version, status, note, patron_id, *kept in rows:
        if patron_id is not None:  # joined to a patron: never None here
            owners.add(patron_id)
        stand_in = _stand_in(uow, cache, tuple(kept))
        removed = ["patron"]
        if note:
            removed.append("patron note")
        if notices.get(request_id):
            removed.append(f"text of {notices[request_id]} notice(s)")
            cleared.append({"match_request": request_id, "stand_in": stand_in})
        details = {
            "changes": {},
            "purged": removed,
            "kept": ["patron type", "pickup location", "facility"],
        }
        columns = {"patron_id": stand_in, "patron_note": "", "purged_at": now}
        writes.append(QuietWrite(request_id, version, status, columns, details))
    write_quiet_actions(uow, PURGE_ACTION, writes)
    if cleared:
        table = cast(sa.Table, Notice.__table__)
        session.connection().execute(
            table.update()
            .where(table.c.request_id == sa.bindparam("match_request"))
            .values(patron_id=sa.bindparam("stand_in"), **_NOTICE_TEXT),
            cleared,
        )
    return sum(notices.values())


def _anonymise(uow: UnitOfWork, ids: list[int]) -> int:
    if not ids:
        return 0
    table = cast(sa.Table, Patron.__table__)
    blank = {
        "surname": STAND_IN_NAME,
        "given_name": "",
        "email": "",
        "phone": "",
        "department": "",
        "note": "",
        "inmate_number": "",
        "status": "expired",
        **dict.fromkeys(_MAIL, ""),
    }
    uow.session.connection().execute(
        table.update()
        .where(table.c.id == sa.bindparam("match_id"))
        .values(card_barcode=sa.bindparam("card"), version=table.c.version + 1, **blank),
        [{"match_id": i, "card": f"{STAND_IN}P{i}"} for i in ids],
    )
    return len(ids)
