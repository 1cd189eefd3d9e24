"""The application key filter that catches keyboard-wedge scans (pytest-qt, offscreen)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from illdesk.devices.wedge import WedgeSettings
from illdesk.ui.scan_filter import ScanKeyFilter, mark_barcode_field

# The offscreen platform warns that it cannot propagate size hints whenever a window is shown;
# that says nothing about this code. (A project-wide qt_log_ignore would make this unnecessary.)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.scan_bar = QLineEdit(objectName="scan_bar")
        self.note = QLineEdit(objectName="note")
        self.other = QLineEdit(objectName="other")
        layout = QVBoxLayout(self)
        for field in (self.scan_bar, self.note, self.other):
            layout.addWidget(field)
        self.returns: list[str] = []
        self.edits: list[str] = []
        self.note.returnPressed.connect(lambda: self.returns.append(self.note.text()))
        self.note.textEdited.connect(self.edits.append)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitActive(widget)
    widget.note.setFocus()
    qtbot.waitUntil(widget.note.hasFocus)
    return widget


@pytest.fixture
def scan_filter(form: Form, clock: FakeClock) -> Iterator[ScanKeyFilter]:
    key_filter = ScanKeyFilter(clock=clock, use_event_timestamps=False)
    key_filter.set_scan_field(form.scan_bar)
    key_filter.install()
    yield key_filter
    key_filter.uninstall()


def type_timed(widget: QWidget, text: str, clock: FakeClock, gap: float) -> None:
    for char in text:
        clock.now += gap
        if char == "\r":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        else:
            QTest.keyClicks(widget, char)


def test_fast_burst_in_another_field_is_a_scan_and_leaves_the_field_alone(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    form.note.setText("Smith")
    form.note.setCursorPosition(2)
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        type_timed(form.note, "B-26-000123\r", clock, gap=0.006)
    assert blocker.args == ["B-26-000123"]
    assert form.note.text() == "Smith"
    assert form.note.cursorPosition() == 2
    assert form.returns == []
    assert form.edits == []
    assert not scan_filter.holding


def test_slow_typing_goes_into_the_field_untouched(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    with qtbot.assertNotEmitted(scan_filter.scanned, wait=100):
        type_timed(form.note, "Hello, ILL 2026\r", clock, gap=0.12)
    assert form.note.text() == "Hello, ILL 2026"
    assert form.returns == ["Hello, ILL 2026"]


def test_real_time_slow_typing_and_fast_burst(qtbot: QtBot, form: Form) -> None:
    # Real clock and real delays: qtbot.keyClicks waits between keys, letting the timer run.
    key_filter = ScanKeyFilter()
    key_filter.install()
    scans: list[str] = []
    key_filter.scanned.connect(scans.append)
    try:
        qtbot.keyClicks(form.note, "abc", delay=120)
        qtbot.waitUntil(lambda: not key_filter.holding, timeout=1000)
        assert form.note.text() == "abc"
        qtbot.wait(200)
        qtbot.keyClicks(form.note, "31234000012342")
        qtbot.keyClick(form.note, Qt.Key.Key_Return)
        assert scans == ["31234000012342"]
        assert form.note.text() == "abc"
        assert form.returns == []
    finally:
        key_filter.uninstall()


def test_held_keys_come_out_after_a_pause_in_order(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    # Fast but with no terminator: a fast typist's roll-over, or a scanner without Enter.
    type_timed(form.note, "abcdef", clock, gap=0.01)
    assert form.note.text() == ""
    assert scan_filter.holding
    qtbot.waitUntil(lambda: form.note.text() == "abcdef", timeout=1000)
    assert not scan_filter.holding


def test_short_fast_run_then_enter_is_typing(
    form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    scans: list[str] = []
    scan_filter.scanned.connect(scans.append)
    type_timed(form.note, "ok\r", clock, gap=0.01)
    assert scans == []
    assert form.note.text() == "ok"
    assert form.returns == ["ok"]


def test_scan_bar_keys_are_never_held(
    form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    form.scan_bar.setFocus()
    type_timed(form.scan_bar, "B-26", clock, gap=0.005)
    assert form.scan_bar.text() == "B-26"
    assert not scan_filter.holding


def test_shortcut_keys_release_held_keys_first(
    form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    type_timed(form.note, "abc", clock, gap=0.01)
    clock.now += 0.01
    QTest.keyClick(form.note, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # select all
    clock.now += 0.2
    QTest.keyClicks(form.note, "Z")
    scan_filter.release_held()
    # "abc" arrived before Ctrl+A selected it, so typing Z replaced all of it.
    assert form.note.text() == "Z"


def test_backspace_is_not_held_and_keeps_order(
    form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    type_timed(form.note, "abx", clock, gap=0.01)
    clock.now += 0.01
    QTest.keyClick(form.note, Qt.Key.Key_Backspace)
    assert form.note.text() == "ab"


def test_focus_change_delivers_held_keys_to_the_field_they_were_typed_in(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    type_timed(form.note, "xy", clock, gap=0.01)
    form.other.setFocus()
    qtbot.waitUntil(form.other.hasFocus)
    assert form.note.text() == "xy"
    assert form.other.text() == ""


def test_disabled_filter_lets_everything_through(
    form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    scan_filter.set_enabled(False)
    type_timed(form.note, "B-26-000123\r", clock, gap=0.005)
    assert form.note.text() == "B-26-000123"
    assert form.returns == ["B-26-000123"]


def test_prefix_configured_scanner(qtbot: QtBot, form: Form, clock: FakeClock) -> None:
    key_filter = ScanKeyFilter(WedgeSettings(prefix="$"), clock=clock, use_event_timestamps=False)
    key_filter.install()
    try:
        with qtbot.waitSignal(key_filter.scanned, timeout=1000) as blocker:
            type_timed(form.note, "$L-26-000456\r", clock, gap=0.004)
        assert blocker.args == ["L-26-000456"]
        type_timed(form.note, "L-26-000457\r", clock, gap=0.004)
        assert form.note.text() == "L-26-000457"
    finally:
        key_filter.uninstall()


def test_enter_ending_a_scan_does_not_fire_a_window_shortcut(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    fired: list[bool] = []
    shortcut = QShortcut(QKeySequence(Qt.Key.Key_Return), form)
    shortcut.activated.connect(lambda: fired.append(True))
    window = form.windowHandle()
    assert window is not None
    scans: list[str] = []
    scan_filter.scanned.connect(scans.append)
    # Sent to the window, so the keys take the real route: shortcut map, then focus widget.
    for char in "B-26-000123":
        clock.now += 0.005
        QTest.keyClick(window, char)
    clock.now += 0.005
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert scans == ["B-26-000123"]
    assert fired == []
    assert form.note.text() == ""
    # Typing Enter by hand still fires the shortcut.
    clock.now += 1.0
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert fired == [True]


def test_a_scan_into_a_field_that_asks_for_a_barcode_stays_there(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    # The new request form's "Scan the library card" and the patron directory's search box.
    mark_barcode_field(form.note)
    scans: list[str] = []
    scan_filter.scanned.connect(scans.append)
    type_timed(form.note, "21234000012345\r", clock, gap=0.004)
    assert form.note.text() == "21234000012345"
    assert form.returns == ["21234000012345"]
    assert scans == []
    assert not scan_filter.holding


def test_quick_even_typing_at_30_ms_is_text(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    scans: list[str] = []
    scan_filter.scanned.connect(scans.append)
    type_timed(form.note, "report-final\r", clock, gap=0.03)
    assert scans == []
    assert form.note.text() == "report-final"
    assert form.returns == ["report-final"]


def test_new_limits_apply_at_once(
    qtbot: QtBot, form: Form, scan_filter: ScanKeyFilter, clock: FakeClock
) -> None:
    scan_filter.apply_settings(WedgeSettings(max_gap=0.08, max_median_gap=0.05))
    with qtbot.waitSignal(scan_filter.scanned, timeout=1000) as blocker:
        type_timed(form.note, "B-26-000123\r", clock, gap=0.03)
    assert blocker.args == ["B-26-000123"]
    assert form.note.text() == ""


# The desk's sounds may warn where a sound library is present but no sound server runs; that
# is another matter (the desk then beeps), not this test's.
@pytest.mark.qt_log_ignore(
    "This plugin does not support propagateSizeHints",
    "Couldn't (load|resolve)",
    "PulseAudioService",
    "Using Qt multimedia",
)
def test_a_card_scanned_into_the_forms_stays_there_with_the_desk_hidden(qtbot, window) -> None:
    from illdesk.app import attach_scan_desk
    from illdesk.ui.patron_directory import PatronDirectory
    from illdesk.ui.request_form import RequestForm

    desk = attach_scan_desk(window, window.services)
    desk.install_wedge_filter()
    results: list[object] = []
    desk.result_shown.connect(results.append)
    try:
        assert window.scan_dock is not None
        window.scan_dock.hide()
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        form = window.dialog
        assert isinstance(form, RequestForm)
        form.patron_input.setFocus()
        # QTest keys come microseconds apart: a scanner's burst, not typing.
        QTest.keyClicks(form.patron_input, "21234000012345")
        QTest.keyClick(form.patron_input, Qt.Key.Key_Return)
        assert form.patron_input.text() == "21234000012345"
        form.close()
        window.open_patrons()
        patrons = window.dialog
        assert isinstance(patrons, PatronDirectory)
        QTest.keyClicks(patrons.search, "21234000012345")
        QTest.keyClick(patrons.search, Qt.Key.Key_Return)
        assert patrons.search.text() == "21234000012345"
        qtbot.wait(200)
        assert results == []  # nothing went to the scanning desk's log
    finally:
        desk.shutdown()
