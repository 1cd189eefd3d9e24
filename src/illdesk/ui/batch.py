"""One action applied to many selected requests, in the background, with progress and Cancel.

Each request is its own transaction: one refusal (a guard, a change made meanwhile) does not
stop the others, and every refusal is listed at the end with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from illdesk.core.workflow import ACTION_LABELS, Action
from illdesk.services.desk.views import RequestRow
from illdesk.services.errors import ServiceError
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.tasks import Cancelled, Progress


@dataclass(frozen=True, slots=True)
class BatchOutcome:
    """What a batch did: the numbers done, the refusals (number, reason), and whether the
    person stopped it before the end."""

    action: Action
    done: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    stopped: bool
    total: int

    def summary(self) -> str:
        label = ACTION_LABELS[self.action]
        lines = [f"“{label}”: {len(self.done)} of {self.total} requests done."]
        if self.stopped:
            lines.append("Stopped before the end: the remaining requests were not touched.")
        if self.failed:
            lines.append(f"{len(self.failed)} could not be done:")
            lines += [f"  {number}: {reason}" for number, reason in self.failed]
        return "\n".join(lines)


class BatchRunner(QObject):
    """Runs one batch with a progress dialog.

    Signals:
        finished(object): the BatchOutcome.
    """

    finished = Signal(object)

    def __init__(
        self, services: ServiceFacade, parent_widget: QWidget, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.parent_widget = parent_widget
        self.dialog: QProgressDialog | None = None
        self._progress: Progress | None = None

    def start(self, rows: list[RequestRow], action: Action, params: dict[str, Any]) -> None:
        label = ACTION_LABELS[action]
        dialog = QProgressDialog(
            f"{label}: 0 of {len(rows)} requests…", "Stop", 0, len(rows), self.parent_widget
        )
        dialog.setWindowTitle(f"{label} — {len(rows)} requests")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAccessibleName("Batch progress")
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._on_dialog_canceled)
        self.dialog = dialog
        done: list[str] = []
        failed: list[tuple[str, str]] = []

        def work(session: DeskSession, progress: Progress) -> BatchOutcome:
            from illdesk.services.desk import requests as request_service  # noqa: PLC0415

            try:
                for i, row in enumerate(rows):
                    progress.report(i, len(rows))
                    try:
                        request_service.perform(
                            session.write(),
                            row.number,
                            action,
                            params,
                            expected_version=row.version,
                        )
                    except ServiceError as exc:
                        failed.append((row.number, str(exc)))
                    else:
                        done.append(row.number)
                progress.report(len(rows), len(rows))
            except Cancelled:
                return BatchOutcome(action, tuple(done), tuple(failed), True, len(rows))
            return BatchOutcome(action, tuple(done), tuple(failed), False, len(rows))

        self._progress = self.services.long_change(
            work, self._on_progress, self._on_finished, self._on_error
        )
        dialog.show()

    def cancel(self) -> None:
        if self._progress is not None:
            self._progress.cancel()

    def _on_dialog_canceled(self) -> None:
        self.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Stopping after the current request…")

    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        # A window-modal progress dialog processes events in setValue, so the batch may
        # finish (and the dialog go) inside this call.
        dialog.setValue(done)
        if self.dialog is dialog and not dialog.wasCanceled():
            dialog.setLabelText(f"{done} of {total} requests…")

    def _on_finished(self, outcome: BatchOutcome) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self.finished.emit(outcome)

    def _on_error(self, exc: Exception) -> None:
        self._on_finished(BatchOutcome(Action.UNDO, (), (("—", str(exc)),), True, 0))
