"""What the desk does to one request: load it, act on it, undo, edit. All in the background.

Views never call services; they ask this controller, which answers by signal. A change is
always sent with the version the person saw, so a change made meanwhile at another
workstation comes back as `conflict` instead of being overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from illdesk.core.workflow import Action
from illdesk.services.desk.views import ActionResult, RequestDetail, RequestRow
from illdesk.services.errors import Conflict
from illdesk.ui.facade import ServiceFacade

if TYPE_CHECKING:
    from illdesk.services.desk.undo_scope import UndoCandidate


def _requests() -> Any:
    """The request service, loaded on first use (it brings SQLAlchemy with it)."""
    from illdesk.services.desk import requests  # noqa: PLC0415

    return requests


def _undo_scope() -> Any:
    """Whose last action it is, loaded on first use like the request service."""
    from illdesk.services.desk import undo_scope  # noqa: PLC0415

    return undo_scope


class RequestController(QObject):
    """Signals:
    detail_loaded(object): a RequestDetail.
    acted(object): an ActionResult (an action or an undo was saved).
    edited(object): the RequestRow after an edit was saved.
    conflict(str, str): the request number and the message naming who changed it meanwhile.
    undo_question(object, int): an UndoCandidate that is not this person's own action in this
        session, and the version seen; undone only through `undo_confirmed`.
    failed(str): any other refusal or problem, in words for staff.
    """

    detail_loaded = Signal(object)
    acted = Signal(object)
    edited = Signal(object)
    conflict = Signal(str, str)
    undo_question = Signal(object, int)
    failed = Signal(str)

    def __init__(self, services: ServiceFacade, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._wanted = ""  # the request last asked for: an older answer is dropped
        # This window session: what was done since then, here, by this person, is "mine".
        self.session_started = datetime.now(UTC)

    def load(self, number: str) -> None:
        self._wanted = number

        def done(detail: RequestDetail) -> None:
            if detail.row.number == self._wanted:
                self.detail_loaded.emit(detail)

        self.services.query(
            lambda s: _requests().get_detail(s.read(), number),
            done,
            self._on_error(number),
        )

    def perform(self, number: str, action: Action, params: Mapping[str, Any], version: int) -> None:
        self.services.change(
            lambda s: _requests().perform(
                s.write(), number, action, dict(params), expected_version=version
            ),
            self._on_acted,
            self._on_error(number),
        )

    def undo(self, number: str, version: int) -> None:
        """Undo the request's last action if this person did it in this session; otherwise
        emit `undo_question` and wait for `undo_confirmed`."""

        def decide(candidate: UndoCandidate | None) -> None:
            if candidate is None:
                self.failed.emit(f"{number}: there is nothing left to undo.")
            elif candidate.mine:
                self.undo_confirmed(candidate, version)
            else:
                self.undo_question.emit(candidate, version)

        started = self.session_started
        self.services.query(
            lambda s: _undo_scope().undo_candidate(s.read(), number, started),
            decide,
            self._on_error(number),
        )

    def undo_confirmed(self, candidate: UndoCandidate, version: int) -> None:
        """Undo exactly the action the person saw (a newer one meanwhile is a conflict)."""
        self.services.change(
            lambda s: _requests().undo_last(
                s.write(),
                candidate.number,
                expected_version=version,
                expected_event_id=candidate.event_id,
            ),
            self._on_acted,
            self._on_error(candidate.number),
        )

    def edit(self, number: str, changes: Mapping[str, Any], version: int) -> None:
        self.services.change(
            lambda s: _requests().edit_request(
                s.write(), number, dict(changes), expected_version=version
            ),
            self._on_edited,
            self._on_error(number),
        )

    def _on_acted(self, result: ActionResult) -> None:
        self.acted.emit(result)

    def _on_edited(self, row: RequestRow) -> None:
        self.edited.emit(row)

    def _on_error(self, number: str) -> Any:
        def handle(exc: Exception) -> None:
            if isinstance(exc, Conflict):
                self.conflict.emit(number, str(exc))
            else:
                self.failed.emit(str(exc))

        return handle
