"""Background results come back on the GUI thread, and are dropped for a window that closed
while the work ran (a late result must not touch destroyed widgets)."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel

from illdesk.ui.tasks import run_task
from tests.ui.helpers import TIMEOUT, settle


class Receiver(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[object] = []

    def on_done(self, value: object) -> None:
        self.setText(str(value))  # a Qt call: would raise on a destroyed widget
        self.got.append(value)

    def on_error(self, exc: Exception) -> None:
        self.got.append(exc)


def test_a_result_reaches_a_live_widget(qtbot) -> None:
    receiver = Receiver()
    qtbot.addWidget(receiver)
    run_task(lambda: 42, receiver.on_done, receiver.on_error)
    qtbot.waitUntil(lambda: receiver.got == [42], timeout=TIMEOUT)
    assert receiver.text() == "42"


def test_a_result_for_a_destroyed_widget_is_dropped(qtbot) -> None:
    gate = threading.Event()
    receiver = Receiver()
    got = receiver.got

    def work() -> int:
        gate.wait(10)
        return 7

    run_task(work, receiver.on_done, receiver.on_error)
    shiboken6.delete(receiver)  # the window closes while the work runs
    assert not shiboken6.isValid(receiver)
    gate.set()
    settle()  # pytest-qt fails the test if the late result raised in the event loop
    assert got == []
