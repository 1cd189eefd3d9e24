"""The window's one way to the services: queries answered on the GUI thread, changes made one
at a time on one writer thread, in the order asked (the scanning desk's included)."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QLabel

from illdesk.services.directory import entries as directory
from illdesk.ui.facade import ServiceFacade, facade_for
from tests.ui.conftest import ANN
from tests.ui.helpers import TIMEOUT


class Receiver(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.got: list[object] = []
        self.threads: list[str] = []

    def on_done(self, value: object) -> None:
        self.threads.append(threading.current_thread().name)
        self.got.append(value)

    def on_error(self, exc: Exception) -> None:
        self.got.append(exc)


def test_a_query_reads_through_the_session_and_answers_on_the_gui_thread(qtbot, demo_db) -> None:
    services = facade_for(demo_db, ANN)
    receiver = Receiver()
    qtbot.addWidget(receiver)
    services.query(lambda s: directory.list_libraries(s.read()), receiver.on_done)
    qtbot.waitUntil(lambda: bool(receiver.got), timeout=TIMEOUT)
    assert receiver.got[0] and receiver.threads == [threading.main_thread().name]


def test_changes_never_run_side_by_side_and_keep_their_order(qtbot, demo_db) -> None:
    services: ServiceFacade = facade_for(demo_db, ANN)
    receiver = Receiver()
    qtbot.addWidget(receiver)
    running = 0
    most = 0
    writers: set[str] = set()
    lock = threading.Lock()

    def change(number: int):
        def work(_session) -> int:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
                writers.add(threading.current_thread().name)
            time.sleep(0.01)  # long enough for a second worker to overlap, were there one
            with lock:
                running -= 1
            return number

        return work

    for number in range(12):
        services.change(change(number), receiver.on_done, receiver.on_error)
    qtbot.waitUntil(lambda: len(receiver.got) == 12, timeout=TIMEOUT)
    assert receiver.got == list(range(12))
    assert most == 1 and len(writers) == 1


def test_a_query_cannot_change_anything(qtbot, demo_db) -> None:
    services = facade_for(demo_db, ANN)
    receiver = Receiver()
    qtbot.addWidget(receiver)
    services.query(
        lambda s: directory.add_staff(s.write(), "Zed Query"), receiver.on_done, receiver.on_error
    )
    qtbot.waitUntil(lambda: bool(receiver.got), timeout=TIMEOUT)
    assert isinstance(receiver.got[0], RuntimeError)
    assert all(p.name != "Zed Query" for p in directory.list_staff(services.session.read()))
