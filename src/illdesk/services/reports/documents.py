"""Reports as printable documents (PDF with a chart): a month's figures, and a measure over
months or years as the Reports window shows it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from illdesk.printing.report_pdf import ChartData, ReportDocument, ReportTable, render_report
from illdesk.services.admin import settings as library_settings
from illdesk.services.reports.archive import MonthReport
from illdesk.services.reports.exports import shown, write_bytes
from illdesk.services.reports.figures import Line, Value, split_label
from illdesk.services.reports.splits import MonthSplit
from illdesk.store.unit_of_work import UnitOfWork

# The counts that borrowing and lending share, compared side by side in a month's chart.
COMPARED = (
    ("requests", "Requests"),
    ("filled", "Filled"),
    ("unfilled", "Unfilled"),
    ("cancelled", "Cancelled"),
    ("returned", "Returned"),
    ("overdue", "Overdue"),
    ("lost", "Lost"),
)


def _status(report: MonthReport) -> str:
    if report.frozen_at is None:
        return "counted from the history now; not frozen"
    by = "automatically" if report.automatic else f"by {report.frozen_by or 'ILL Desk'}"
    return f"frozen {report.frozen_at:%d %b %Y} {by}"


def month_document(report: MonthReport, library: str = "") -> ReportDocument:
    """A month's figures: borrowing and lending compared in a chart, then every line."""
    values = report.figures.as_dict()
    chart = ChartData(
        "Borrowing and lending",
        tuple(label for _key, label in COMPARED),
        tuple(
            (direction.capitalize(), tuple(values.get(f"{direction}.{key}") for key, _ in COMPARED))
            for direction in ("borrowing", "lending")
        ),
    )
    rows: list[tuple[str, ...]] = []
    headings: set[int] = set()
    heading = ""
    for line in report.figures.lines:
        direction = line.key.split(".", 1)[0].capitalize()
        if direction != heading:
            heading = direction
            headings.add(len(rows))
            rows.append((direction, ""))
        rows.append((f"  {line.label}", shown(line.value) or "-"))
    notes = [
        f"Correction {fix.made_at:%d %b %Y} by {fix.made_by or 'ILL Desk'}: {fix.measure} "
        f"{fix.old_value} -> {fix.new_value} ({fix.reason})"
        for fix in report.corrections
    ]
    notes.append("Counted from the events of the month (UTC days); '-' means nothing to divide by.")
    title = f"ILL statistics {report.month}"
    subtitle = ", ".join(part for part in (library, _status(report)) if part)
    return ReportDocument(
        title, subtitle, ReportTable(("Measure", "Value"), tuple(rows), frozenset(headings)),
        chart, tuple(notes),
    )  # fmt: skip


# The counts a split's chart compares for each value (those that are not all zero).
SPLIT_CHART = ("borrowing.requests", "lending.requests")


def split_document(found: MonthSplit, library: str = "") -> ReportDocument:
    """A month split one way: requests per value in a chart, then each value with the counts
    that are not zero under it (a table that stays readable however many values there are)."""
    split = found.breakdown
    rows: list[tuple[str, ...]] = []
    headings: set[int] = set()
    for value, counts in split.rows:
        headings.add(len(rows))
        rows.append((value, ""))
        shown_counts = [(k, c) for k, c in zip(split.keys, counts, strict=True) if c]
        rows.extend((f"  {split_label(k)}", str(c)) for k, c in shown_counts)
        if not shown_counts:
            rows.append(("  nothing counted", ""))
    charted = [
        i
        for i, key in enumerate(split.keys)
        if key in SPLIT_CHART and any(counts[i] for _value, counts in split.rows)
    ]
    chart = ChartData(
        f"Requests by {split.heading.lower()}",
        tuple(value for value, _counts in split.rows),
        tuple(
            (split_label(split.keys[i]), tuple(counts[i] for _value, counts in split.rows))
            for i in charted
        ),
    )
    subtitle = ", ".join(part for part in (library, found.status) if part)
    notes = ("Counted from the events of the month (UTC days); '(none)': not recorded.",)
    return ReportDocument(
        f"ILL statistics {found.month} by {split.heading.lower()}",
        subtitle,
        ReportTable((split.heading, "Count"), tuple(rows), frozenset(headings)),
        chart if charted else None,
        notes,
    )


def write_split_pdf(uow: UnitOfWork, found: MonthSplit, path: Path) -> None:
    """`report monthly --by ... --pdf`: a month split one way, as a PDF file."""
    write_pdf(path, split_document(found, library_name(uow)))


def series_document(
    title: str,
    subtitle: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Value]]],
    definition: str = "",
) -> ReportDocument:
    """One measure over periods (month by month, or one series per year): chart and table."""
    header = ("Period", *(name for name, _ in series))
    rows = tuple(
        (category, *(shown(values[i]) or "-" for _name, values in series))
        for i, category in enumerate(categories)
    )
    chart = ChartData(
        title, tuple(categories), tuple((name, tuple(values)) for name, values in series)
    )
    notes = (definition,) if definition else ()
    return ReportDocument(title, subtitle, ReportTable(header, rows), chart, notes)


def library_name(uow: UnitOfWork) -> str:
    """The library's name as its settings give it, for the top of a report."""
    with uow:
        return library_settings.load(uow).home.name


def write_month_pdf(uow: UnitOfWork, report: MonthReport, path: Path) -> None:
    """`report monthly --pdf`: the month's figures with their chart, as a PDF file."""
    write_pdf(path, month_document(report, library_name(uow)))


def write_pdf(path: Path, document: ReportDocument) -> None:
    """Render and write the document (whole or not at all)."""
    write_bytes(path, render_report(document))


def lines_table(lines: Sequence[Line]) -> list[tuple[object, ...]]:
    """Figures as (measure, label, value, definition) rows for CSV and XLSX."""
    return [(line.key, line.label, line.value, line.definition) for line in lines]
