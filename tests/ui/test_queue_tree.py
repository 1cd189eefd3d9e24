"""Queue counts after scans: only the queues the scan's action can change, at most once a
second however many scans come (issue 10)."""

from __future__ import annotations

import time

from illdesk.core.queues import BUILT_IN
from illdesk.core.workflow import Action, Status
from illdesk.services.desk import queues as queue_service
from illdesk.ui.queue_tree import SCAN_RECOUNT_MS, queues_affected, statuses_touched
from tests.ui.helpers import TIMEOUT


def test_a_receive_touches_the_borrowing_queues_it_moves_between_and_no_lending_one() -> None:
    touched = statuses_touched(Action.RECEIVE.value)
    assert touched is not None and Status.ON_HOLD_SHELF in touched
    keys = {q.key for q in queues_affected(BUILT_IN, touched)}
    assert {"b-transit", "b-hold", "r-borrowed"} <= keys
    assert not {k for k in keys if k.startswith("l-")}
    assert "b-new" not in keys and "b-completed" not in keys


def test_an_undo_or_an_unknown_action_may_touch_anything() -> None:
    assert statuses_touched("undo") is None
    assert statuses_touched("no-such-action") is None


def test_many_scans_make_one_recount_of_the_queues_they_touch(qtbot, window, monkeypatch) -> None:
    win = window
    asked: list[list[str]] = []
    real = queue_service.queue_counts

    def counting(uow, queues=None):
        asked.append([q.key for q in queues] if queues is not None else ["*"])
        return real(uow, queues)

    monkeypatch.setattr(queue_service, "queue_counts", counting)
    changed: list[float] = []
    win.tree.counts_changed.connect(lambda: changed.append(time.monotonic()))
    start = time.monotonic()
    for _ in range(10):  # ten receives in quick succession
        win.refresh_after_scan(Action.RECEIVE.value)
    qtbot.waitUntil(lambda: bool(changed), timeout=TIMEOUT)
    qtbot.wait(SCAN_RECOUNT_MS + 300)
    assert len(asked) == 1 and len(changed) == 1
    assert changed[0] - start >= SCAN_RECOUNT_MS / 1000 * 0.9
    assert "b-transit" in asked[0] and "l-new" not in asked[0] and "*" not in asked[0]
