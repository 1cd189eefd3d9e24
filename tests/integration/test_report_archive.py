"""The monthly archive: a frozen month stays as it was when requests change; corrections sit
beside the original; months freeze by themselves; the months of a fiscal year add up to it."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from illdesk.services.access.permissions import PermissionRefused
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput
from illdesk.services.reports import archive, figures, years
from illdesk.store.unit_of_work import Actor, UnitOfWork
from tests.integration.reports_history import MARCH, make_history


def test_frozen_month_stays_when_requests_change(uow, clock) -> None:
    made = make_history(uow, clock)
    clock.at = datetime(2026, 3, 31, 12, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="has not ended"):
        archive.freeze_month(uow(), "2026-03")
    clock.at = datetime(2026, 4, 2, 9, tzinfo=UTC)
    frozen = archive.freeze_month(uow(), "2026-03")
    assert frozen.frozen_at is not None and frozen.frozen_by == "Ann Archer"
    assert frozen.figures.value("borrowing.received") == MARCH["borrowing.received"]
    with pytest.raises(InvalidInput, match="was frozen on"):
        archive.freeze_month(uow(), "2026-03")

    # Later: R4's receipt in March is undone, which changes the live count of March.
    clock.at = datetime(2026, 4, 3, 9, tzinfo=UTC)
    for _ in range(4):  # renew_denied, renew_ask, check_out, then the receipt
        requests.undo_last(uow(), made["r4"])
    live = archive.figures.compute(
        uow(read_only=True), frozen.figures.start, frozen.figures.end
    ).value("borrowing.received")
    assert live == MARCH["borrowing.received"] - 1
    again = archive.month_report(uow(read_only=True), "2026-03")
    assert again.figures.value("borrowing.received") == MARCH["borrowing.received"]

    fixed = archive.correct(uow(), "2026-03", "borrowing.received", "1", "R4 never arrived")
    assert (fixed.old_value, fixed.new_value) == ("2", "1")
    shown = archive.month_report(uow(read_only=True), "2026-03")
    assert shown.figures.value("borrowing.received") == 1
    assert shown.original is not None and shown.original["borrowing.received"] == 2
    assert [c.reason for c in shown.corrections] == ["R4 never arrived"]
    with pytest.raises(InvalidInput, match="Say why"):
        archive.correct(uow(), "2026-03", "borrowing.received", "1", " ")
    with pytest.raises(InvalidInput, match="no figure called"):
        archive.correct(uow(), "2026-03", "borrowing.recieved", "1", "typo")
    with pytest.raises(InvalidInput, match="not a figure"):
        archive.correct(uow(), "2026-03", "borrowing.received", "many", "typo")
    with pytest.raises(InvalidInput, match="not frozen"):
        archive.correct(uow(), "2026-04", "borrowing.received", "1", "early")


def test_months_freeze_by_themselves_and_add_up_to_the_year(uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 4, 16, 9, tzinfo=UTC)  # default: 15 days after the month ends
    assert archive.freeze_due(uow()) == ["2026-03"]  # the first month with any history
    assert archive.freeze_due(uow()) == []
    stored = archive.month_report(uow(read_only=True), "2026-03")
    assert stored.automatic and stored.frozen_by == ""

    clock.at = datetime(2026, 7, 20, 9, tzinfo=UTC)
    assert archive.freeze_due(uow()) == ["2026-04", "2026-05", "2026-06"]
    year = years.fiscal_year(lambda: uow(read_only=True), 2026)  # July 2025 to June 2026
    assert len(year.months) == 12 and year.frozen == 4
    for key in ("borrowing.requests", "borrowing.received", "lending.returned", "lending.filled"):
        assert year.figures.value(key) == sum(m.figures.value(key) or 0 for m in year.months), key
    assert year.figures.value("borrowing.requests") == 5
    assert year.figures.value("lending.returned") == 1


def test_freezing_correcting_and_staff_figures_need_a_supervisor(db, uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 4, 2, 9, tzinfo=UTC)
    nobody = Actor(None, "ILL Desk (command line)", "DESK-1")
    boss = directory.add_staff(UnitOfWork(db, nobody), "Dana Whitfield", role="supervisor")
    student = directory.add_staff(UnitOfWork(db, nobody), "Sam Student", role="student")
    sam = Actor(student.id, student.name, "DESK-1")
    dana = Actor(boss.id, boss.name, "DESK-1")
    with pytest.raises(PermissionRefused, match="Sam Student is a student assistant"):
        archive.freeze_month(UnitOfWork(db, sam, clock), "2026-03")
    with pytest.raises(PermissionRefused, match="who processed how much"):
        figures.breakdown(
            UnitOfWork(db, sam, clock, read_only=True), date(2026, 3, 1), date(2026, 4, 1), "staff"
        )
    archive.freeze_month(UnitOfWork(db, dana, clock), "2026-03")
    with pytest.raises(PermissionRefused):
        archive.correct(UnitOfWork(db, sam, clock), "2026-03", "borrowing.sent", "4", "typo")
    # Automatic freezing is ILL Desk's own, whoever happens to look at a report.
    clock.at = datetime(2026, 5, 20, 9, tzinfo=UTC)
    assert archive.freeze_due(UnitOfWork(db, sam, clock)) == ["2026-04"]
    # Any breakdown but staff and workstation is everyone's.
    figures.breakdown(
        UnitOfWork(db, sam, clock, read_only=True), date(2026, 3, 1), date(2026, 4, 1), "format"
    )
