"""A batch of scans acted on one by one, as the scanning desk would (`illdesk scan`).

Each scan is its own transaction, so a batch that stops part-way keeps what was done. When the
database goes away in the middle (the network drops, the server restarts, the file turns out
to be damaged) the batch stops at once and says, scan by scan, what was done, what was not,
and which one scan cannot be known: the one whose COMMIT was on its way when the connection
went. That one may have been saved or not, so it is never repeated blindly (a second scan of
the same barcode can take the next step); the person is told to look it up first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from illdesk.core.control_chars import make_visible
from illdesk.core.vocabulary import DeliveryMethod
from illdesk.interop.scan_file import ScanFileError
from illdesk.interop.scan_file import read_scan_file as _read_file
from illdesk.services.desk.scan import DeskMode, DeskState, ScanResult, close_package, handle_scan
from illdesk.services.errors import InvalidInput
from illdesk.store.database import Database, DatabaseError
from illdesk.store.unit_of_work import Actor, UnitOfWork

DONE, WARNED, FAILED = "OK", "WARN", "FAIL"
NOT_SAVED, UNSURE, NOT_REACHED = "LOST", "CHECK", "SKIP"


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One line of the batch's report: a mark, the scan as typed, and what happened."""

    mark: str
    scan: str
    text: str

    def __str__(self) -> str:
        # Control characters in a scan (GS in a GS1 barcode, a stray ESC) are shown by name:
        # printed raw they would act on the terminal instead of being seen.
        return make_visible(f"{self.mark:<5} {self.scan.strip(' '):<20} {self.text}")


@dataclass(slots=True)
class BatchReport:
    """What a batch did: every line, the counts, and why it stopped early (if it did)."""

    lines: list[BatchLine] = field(default_factory=list)
    done: int = 0
    not_done: int = 0
    unknown: int = 0  # the scan whose COMMIT was under way when the connection went
    scans: int = 0
    stopped: str = ""

    @property
    def all_done(self) -> bool:
        return self.not_done == 0 and not self.stopped

    def summary(self) -> str:
        """The closing line."""
        text = f"{self.scans} scan(s): {self.done} done, {self.not_done} not done"
        if not self.stopped:
            return text + "."
        text += f", {self.unknown} not known." if self.unknown else "."
        text += " The batch stopped part-way because the database could not be used."
        if self.not_done:
            text += (
                f" Scan those marked {NOT_SAVED} or {NOT_REACHED} again when the database is back."
            )
        if self.unknown:
            text += f" Look up the one marked {UNSURE} before scanning it again."
        return text


def read_scan_file(path: Path) -> list[str]:
    """The scans in a cordless scanner's upload file (raises InvalidInput)."""
    try:
        return _read_file(path)
    except ScanFileError as exc:
        raise InvalidInput(str(exc)) from exc


def run_batch(
    db: Database,
    actor: Actor,
    scans: Sequence[str],
    mode: DeskMode,
    method: DeliveryMethod | None = None,
    on_line: Callable[[BatchLine], None] | None = None,
) -> BatchReport:
    """Act on every scan in turn; in pack mode close the package at the end (by `method`, or
    by the library's own delivery method when None).

    `on_line` hears each line as soon as it is known (so a long batch shows its progress).
    Never raises for the database going away: the report says what was and was not done.
    """
    report = BatchReport(scans=len(scans))

    def add(line: BatchLine) -> None:
        report.lines.append(line)
        if on_line is not None:
            on_line(line)

    state = DeskState(mode=mode)
    for index, raw in enumerate(scans):
        sent_before = db.commits_sent()
        try:
            result, state = handle_scan(UnitOfWork(db, actor), raw, state)
        except DatabaseError as exc:
            _stop(report, add, scans[index:], exc, unsure=db.commits_sent() > sent_before)
            return report
        add(BatchLine(_mark(result), raw, _words(result)))
        if result.ok:
            report.done += 1
        else:
            report.not_done += 1
    if state.mode is DeskMode.PACK and state.package_numbers:
        sent_before = db.commits_sent()
        try:
            result, state = close_package(UnitOfWork(db, actor), state, method)
        except DatabaseError as exc:
            _stop(report, add, ["package"], exc, unsure=db.commits_sent() > sent_before)
            return report
        add(BatchLine(DONE if result.ok else FAILED, "package", _words(result)))
        if not result.ok:
            report.not_done += 1
    return report


def _stop(
    report: BatchReport,
    add: Callable[[BatchLine], None],
    left: Sequence[str],
    exc: DatabaseError,
    *,
    unsure: bool,
) -> None:
    report.stopped = str(exc)
    first, rest = left[0], left[1:]
    if unsure:
        add(
            BatchLine(
                UNSURE,
                first,
                "The connection was lost while this scan was being saved: it may or may not "
                "have been done. Look it up (illdesk request show NUMBER, or the queue in the "
                "window) before scanning it again.",
            )
        )
    else:
        add(BatchLine(NOT_SAVED, first, "Not done: the database could not be used."))
    for raw in rest:
        add(BatchLine(NOT_REACHED, raw, "Not done: the batch stopped before this scan."))
    report.unknown += 1 if unsure else 0
    report.not_done += len(left) - (1 if unsure else 0)


def _mark(result: ScanResult) -> str:
    if result.ok:
        return DONE
    return WARNED if result.level == "warning" else FAILED


def _words(result: ScanResult) -> str:
    return " — ".join(filter(None, [result.headline, result.detail, result.next_step]))
