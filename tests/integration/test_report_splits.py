"""A frozen month keeps its splits (by facility, format, partner library ...) as well as its
totals: they stay as frozen when requests or patrons change later, on their own and added up
over several months; `illdesk report monthly --by` shows them, and labels read in words."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from illdesk.services.access.permissions import PermissionRefused
from illdesk.services.desk import requests
from illdesk.services.directory import entries as directory
from illdesk.services.reports import archive, figures, series, splits
from illdesk.services.rules import facilities
from illdesk.store.report_schema import FrozenMonth
from illdesk.store.unit_of_work import Actor, UnitOfWork
from tests.integration.helpers import CARD
from tests.integration.reports_history import make_history
from tests.integration.test_cli import illdesk

MADE = figures.SPLIT_KEYS.index("borrowing.requests")


def place_in_attica(uow) -> None:
    facilities.save_facility(
        uow(),
        facilities.FacilityInput(
            "ACF",
            "Attica Correctional Facility",
            street="639 Exchange Street",
            city="Attica",
            region="NY",
            postal_code="14011",
            inmate_number_format="DOCCS",
        ),
    )
    facilities.place_patron(uow(), CARD, "ACF", "98-A-0004")


def made_by(split: figures.Breakdown) -> dict[str, int]:
    return {value: counts[MADE] for value, counts in split.rows if counts[MADE]}


def test_a_frozen_month_keeps_its_splits_when_patrons_and_requests_change(uow, clock) -> None:
    made = make_history(uow, clock)
    clock.at = datetime(2026, 4, 2, 9, tzinfo=UTC)
    read = lambda: uow(read_only=True)  # noqa: E731
    live = splits.month_split(read(), "2026-03", "facility")
    assert live.frozen_at is None and made_by(live.breakdown) == {"(none)": 5}
    archive.freeze_month(uow(), "2026-03")

    # Later the patron is placed in a facility and a March receipt is undone.
    place_in_attica(uow)
    for _ in range(4):
        requests.undo_last(uow(), made["r4"])
    counted_now = figures.breakdown(read(), date(2026, 3, 1), date(2026, 4, 1), "facility")
    assert made_by(counted_now) == {"Attica Correctional Facility": 5}
    frozen = splits.month_split(read(), "2026-03", "facility")
    assert frozen.frozen_at is not None and frozen.status.startswith("as frozen")
    assert made_by(frozen.breakdown) == {"(none)": 5}
    by_format = splits.month_split(read(), "2026-03", "format").breakdown
    received = figures.SPLIT_KEYS.index("borrowing.received")
    assert dict(by_format.rows)["book"][received] == 2  # R4's receipt still counts, as frozen

    # Several months: March as frozen, April counted now (the patron is inside by then).
    over = series.split_by(read, "2026-03", "2026-04", "borrowing.requests", "facility")
    assert dict(zip(over.categories, over.series[0][1], strict=True)) == {"(none)": 5}
    assert (over.frozen, over.months) == (1, 2)


def test_a_month_frozen_before_splits_were_kept_counts_them_and_says_so(uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 4, 2, 9, tzinfo=UTC)
    archive.freeze_month(uow(), "2026-03")
    with uow() as w:  # as a month frozen by an earlier version stored it
        row = w.session.get(FrozenMonth, "2026-03")
        w.session.execute(
            sa.update(FrozenMonth)
            .where(FrozenMonth.month == "2026-03")
            .values(figures={"lines": row.figures["lines"]})
        )
        w.commit()
    found = splits.month_split(uow(read_only=True), "2026-03", "format")
    assert found.counted_now_though_frozen and "counted from the history now" in found.status
    assert made_by(found.breakdown) == {"book": 4, "article": 1}
    over = series.split_by(
        lambda: uow(read_only=True), "2026-03", "2026-03", "borrowing.requests", "format"
    )
    assert over.frozen == 0 and over.series[0][1] == (4, 1)


def test_staff_splits_of_a_frozen_month_are_for_supervisors(db, uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 4, 2, 9, tzinfo=UTC)
    archive.freeze_month(uow(), "2026-03")
    nobody = Actor(None, "ILL Desk (command line)", "DESK-1")
    student = directory.add_staff(UnitOfWork(db, nobody), "Sam Student", role="student")
    sam = UnitOfWork(db, Actor(student.id, student.name, "DESK-1"), clock, read_only=True)
    with pytest.raises(PermissionRefused, match="who processed how much"):
        splits.month_split(sam, "2026-03", "staff")
    staff = splits.month_split(uow(read_only=True), "2026-03", "staff")
    assert sum(made_by(staff.breakdown).values()) == 5


def test_frozen_labels_read_in_todays_words_and_rates_say_per_cent(uow, clock) -> None:
    make_history(uow, clock)
    clock.at = datetime(2026, 4, 2, 9, tzinfo=UTC)
    archive.freeze_month(uow(), "2026-03")
    with uow() as w:  # labels as an older version wrote them when the month froze
        row = w.session.get(FrozenMonth, "2026-03")
        old = [
            [key, key.split(".", 1)[1].replace("_", " ").capitalize(), value, ""]
            for key, _label, value, _definition in row.figures["lines"]
        ]
        w.session.execute(
            sa.update(FrozenMonth)
            .where(FrozenMonth.month == "2026-03")
            .values(figures={**row.figures, "lines": old})
        )
        w.commit()
    shown = archive.month_report(uow(read_only=True), "2026-03").figures
    labels = {line.key: line.label for line in shown.lines}
    assert labels["borrowing.to_fill.48_72h"] == "Sent to filled: 48 to 72 hours"
    assert labels["borrowing.fill_rate"] == "Fill rate (%)"
    assert labels["lending.supply_rate"] == "Supply rate (%)"
    assert all("_" not in label and "72h" not in label for label in labels.values())
    assert figures.split_label("lending.overdue") == "Lending: overdue"


def test_report_monthly_by_facility_on_the_command_line(db_url, uow, clock, tmp_path) -> None:
    make_history(uow, clock)
    place_in_attica(uow)
    out = tmp_path / "by-facility.csv"
    shown = illdesk(
        "--database", db_url, "report", "monthly", "2026-03", "--by", "facility",
        "--csv", str(out), "--pdf", str(tmp_path / "by-facility.pdf"),
    )  # fmt: skip
    assert "ILL statistics for 2026-03 by correctional facility" in shown.stdout
    assert "Attica Correctional Facility" in shown.stdout
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["facility"]: row for row in csv.DictReader(handle)}
    assert rows["Attica Correctional Facility"]["Borrowing: requests made"] == "5"
    assert (tmp_path / "by-facility.pdf").read_bytes().startswith(b"%PDF")
    wrong = illdesk("--database", db_url, "report", "monthly", "2026-03", "--by", "x", check=False)
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr


def test_the_split_pdf_lists_every_value_with_its_counts(tmp_path: Path) -> None:
    from illdesk.services.reports.documents import split_document

    found = splits.MonthSplit(
        "2026-03",
        figures.Breakdown(
            date(2026, 3, 1),
            date(2026, 4, 1),
            "facility",
            "Correctional facility",
            figures.SPLIT_KEYS,
            (("Attica", tuple(3 if i == MADE else 0 for i in range(len(figures.SPLIT_KEYS)))),),
        ),
    )
    document = split_document(found, "Riverbend")
    assert ("Attica", "") in document.table.rows
    assert ("  Borrowing: requests made", "3") in document.table.rows
    assert document.chart is not None and document.chart.categories == ("Attica",)
