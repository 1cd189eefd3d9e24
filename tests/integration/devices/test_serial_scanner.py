"""The serial scanner reader against a real pseudo-terminal standing in for the scanner.

The test writes to the master side of a pty exactly what a scanner sends; the reader opens the
slave side by name with pyserial, as it would open /dev/ttyUSB0. The port is reached through a
symlink so a test can make it vanish (unplug) and reappear on a fresh pty (plug back in).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from illdesk.core.scan import normalize_scan
from illdesk.devices.qt_serial import QtSerialScanner
from illdesk.devices.serial_scanner import (
    ScannerState,
    SerialPortLike,
    SerialScannerReader,
    SerialScannerSettings,
    Terminator,
    open_serial_port,
)

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX pseudo-terminals")

WAIT = 5.0


class FakeScanner:
    """A pty pair; ``path`` is a symlink to the slave, the name the reader is given."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.master_fd = -1
        self.slave_fd = -1
        self.plug_in()

    def plug_in(self) -> None:
        self.master_fd, self.slave_fd = os.openpty()
        os.symlink(os.ttyname(self.slave_fd), self.path)

    def unplug(self) -> None:
        self.path.unlink()
        os.close(self.master_fd)
        os.close(self.slave_fd)
        self.master_fd = self.slave_fd = -1

    def send(self, data: bytes) -> None:
        os.write(self.master_fd, data)

    def close(self) -> None:
        if self.master_fd >= 0:
            self.unplug()


class Events:
    """Thread-safe record of what the reader reported, with waiting helpers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self.scans: list[str] = []
        self.states: list[str] = []
        self.problems: list[str] = []
        self.threads: set[str] = set()

    def _add(self, target: list[str], value: str) -> None:
        with self._cond:
            target.append(value)
            self.threads.add(threading.current_thread().name)
            self._cond.notify_all()

    def on_scan(self, text: str) -> None:
        self._add(self.scans, text)

    def on_state(self, state: str) -> None:
        self._add(self.states, state)

    def on_problem(self, message: str) -> None:
        self._add(self.problems, message)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = WAIT) -> None:
        with self._cond:
            if not self._cond.wait_for(predicate, timeout):
                pytest.fail(
                    f"timed out; scans={self.scans} states={self.states} problems={self.problems}"
                )

    def wait_state(self, state: str, count: int = 1) -> None:
        self.wait_for(lambda: self.states.count(state) >= count)


@pytest.fixture
def scanner(tmp_path: Path) -> Iterator[FakeScanner]:
    fake = FakeScanner(tmp_path / "ttyScanner")
    yield fake
    fake.close()


@pytest.fixture
def events() -> Events:
    return Events()


@pytest.fixture
def start_reader(
    events: Events, scanner: FakeScanner
) -> Iterator[Callable[..., SerialScannerReader]]:
    readers: list[SerialScannerReader] = []

    def start(**overrides: object) -> SerialScannerReader:
        open_port = overrides.pop("open_port", open_serial_port)
        options: dict[str, object] = {"reconnect_interval": 0.2, **overrides}
        settings = SerialScannerSettings(str(scanner.path), **options)  # type: ignore[arg-type]
        reader = SerialScannerReader(
            settings,
            events.on_scan,
            events.on_state,
            events.on_problem,
            open_port=open_port,  # type: ignore[arg-type]
        )
        readers.append(reader)
        reader.start()
        return reader

    yield start
    for reader in readers:
        reader.stop()
        assert not reader.is_running


@pytest.mark.parametrize(
    ("terminator", "ending"),
    [(Terminator.CR, b"\r"), (Terminator.LF, b"\n"), (Terminator.CRLF, b"\r\n")],
)
def test_each_terminator_splits_scans_without_empty_ones(
    start_reader: Callable[..., SerialScannerReader],
    scanner: FakeScanner,
    events: Events,
    terminator: Terminator,
    ending: bytes,
) -> None:
    start_reader(terminator=terminator)
    events.wait_state("connected")
    scanner.send(b"B-26-000123" + ending + b"31234000012342" + ending)
    scanner.send(b"L-26-000456" + ending)
    events.wait_for(lambda: len(events.scans) >= 3)
    time.sleep(0.2)  # a stray empty scan from CR LF would show up now
    assert events.scans == ["B-26-000123", "31234000012342", "L-26-000456"]
    assert events.problems == []
    assert "MainThread" not in events.threads


def test_aim_identifiers_arrive_and_normalise(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader()
    events.wait_state("connected")
    scanner.send(b"]C0B-26-000123\r]F0A31234000012342B\r]E09780306406157\r")
    events.wait_for(lambda: len(events.scans) >= 3)
    cleaned = [normalize_scan(raw) for raw in events.scans]
    assert [(s.text, s.symbology) for s in cleaned] == [
        ("B-26-000123", "Code 128"),
        ("31234000012342", "Codabar"),
        ("9780306406157", "EAN/UPC"),
    ]


def test_bursts_split_across_writes_are_joined(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader(terminator=Terminator.CRLF)
    events.wait_state("connected")
    for piece in (b"B-26-", b"000123\r", b"\n3123", b"4000012342\r\nL-2", b"6-000456", b"\r\n"):
        scanner.send(piece)
        time.sleep(0.08)  # longer than the reader's read timeout, so each piece is its own read
    events.wait_for(lambda: len(events.scans) >= 3)
    time.sleep(0.1)
    assert events.scans == ["B-26-000123", "31234000012342", "L-26-000456"]


def test_garbage_bytes_are_a_problem_not_a_crash(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader()
    events.wait_state("connected")
    scanner.send(b"\xff\xfe\x80B-26\r")
    events.wait_for(lambda: len(events.problems) >= 1)
    assert "not readable text" in events.problems[0]
    assert "ff fe 80" in events.problems[0]
    assert "baud rate" in events.problems[0]
    scanner.send(b"B-26-000123\r")
    events.wait_for(lambda: len(events.scans) >= 1)
    assert events.scans == ["B-26-000123"]


def test_prefix_and_suffix_are_removed(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader(prefix="~", suffix="#")
    events.wait_state("connected")
    scanner.send(b"~B-26-000123#\rB-26-000124\r")
    events.wait_for(lambda: len(events.scans) >= 2)
    assert events.scans == ["B-26-000123", "B-26-000124"]


def test_idle_timeout_ends_scans_without_terminator(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader(terminator=Terminator.NONE, idle_timeout=0.15)
    events.wait_state("connected")
    scanner.send(b"B-26-")
    time.sleep(0.03)
    scanner.send(b"000123")
    time.sleep(0.5)
    scanner.send(b"31234000012342")
    events.wait_for(lambda: len(events.scans) >= 2)
    assert events.scans == ["B-26-000123", "31234000012342"]


def test_missing_terminator_is_reported_after_a_while(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader(terminator=Terminator.CR, incomplete_timeout=0.3)
    events.wait_state("connected")
    scanner.send(b"B-26-000123")
    events.wait_for(lambda: len(events.problems) >= 1)
    assert events.scans == []
    assert "cut off" in events.problems[0]


def test_device_vanishing_and_coming_back(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    attempts: list[float] = []

    def counting_open(settings: SerialScannerSettings) -> SerialPortLike:
        attempts.append(time.monotonic())
        return open_serial_port(settings)

    reader = start_reader(open_port=counting_open)
    events.wait_state("connected")
    scanner.send(b"B-26-000123\r")
    events.wait_for(lambda: events.scans == ["B-26-000123"])

    scanner.unplug()
    events.wait_state("disconnected")
    assert reader.state is ScannerState.DISCONNECTED
    opened_before = len(attempts)
    time.sleep(0.9)
    retries = len(attempts) - opened_before
    assert 2 <= retries <= 6  # every 0.2 s in this test

    scanner.plug_in()
    events.wait_state("connected", count=2)
    scanner.send(b"L-26-000456\r")
    events.wait_for(lambda: len(events.scans) >= 2)
    assert events.scans == ["B-26-000123", "L-26-000456"]
    assert events.states == ["connecting", "connected", "disconnected", "connected"]
    assert reader.is_running


def test_unplugged_mid_scan_reports_the_cut_off_scan(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    start_reader()
    events.wait_state("connected")
    scanner.send(b"B-26-00")
    time.sleep(0.2)
    scanner.unplug()
    events.wait_state("disconnected")
    assert events.scans == []
    assert len(events.problems) == 1 and "cut off" in events.problems[0]


def test_port_absent_at_start_connects_when_it_appears(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    scanner.unplug()
    start_reader()
    events.wait_state("disconnected")
    scanner.plug_in()
    events.wait_state("connected")
    scanner.send(b"B-26-000123\r")
    events.wait_for(lambda: events.scans == ["B-26-000123"])


def test_a_failing_callback_does_not_stop_the_reader(
    scanner: FakeScanner, events: Events, caplog: pytest.LogCaptureFixture
) -> None:
    def fussy(text: str) -> None:
        if text == "BAD":
            raise RuntimeError("listener bug")
        events.on_scan(text)

    reader = SerialScannerReader(
        SerialScannerSettings(str(scanner.path)), fussy, events.on_state, events.on_problem
    )
    reader.start()
    try:
        events.wait_state("connected")
        scanner.send(b"BAD\rGOOD\r")
        events.wait_for(lambda: events.scans == ["GOOD"])
        assert "callback failed" in caplog.text
    finally:
        reader.stop()


def test_stop_closes_the_port_and_reports_stopped(
    start_reader: Callable[..., SerialScannerReader], scanner: FakeScanner, events: Events
) -> None:
    reader = start_reader()
    events.wait_state("connected")
    reader.stop()
    assert not reader.is_running
    assert events.states[-1] == "stopped"
    # With the reader gone, the slave is closed: writes to the master just buffer, nothing reads.
    scanner.send(b"B-26-000123\r")
    time.sleep(0.2)
    assert events.scans == []


@pytest.mark.parametrize(
    "bad",
    [
        {"port": ""},
        {"baudrate": 0},
        {"bytesize": 9},
        {"parity": "X"},
        {"stopbits": 3},
        {"encoding": "no-such-codec"},
        {"reconnect_interval": 0},
    ],
)
def test_settings_refuse_impossible_values(bad: dict[str, object]) -> None:
    options: dict[str, object] = {"port": "/dev/ttyS0", **bad}
    with pytest.raises((ValueError, LookupError)):
        SerialScannerSettings(**options)  # type: ignore[arg-type]


# --- Qt adapter ------------------------------------------------------------------------------


def test_qt_adapter_delivers_signals_on_the_gui_thread(qtbot: QtBot, scanner: FakeScanner) -> None:
    adapter = QtSerialScanner(SerialScannerSettings(str(scanner.path), reconnect_interval=0.2))
    seen: list[tuple[str, str, bool]] = []

    def record(kind: str) -> Callable[[str], None]:
        def slot(value: str) -> None:
            seen.append((kind, value, threading.current_thread() is threading.main_thread()))

        return slot

    adapter.scanned.connect(record("scan"))
    adapter.state_changed.connect(record("state"))
    adapter.problem.connect(record("problem"))

    def is_state(wanted: str) -> Callable[[str], bool]:
        return lambda state: state == wanted

    try:
        with qtbot.waitSignal(
            adapter.state_changed, timeout=5000, check_params_cb=is_state("connected")
        ):
            adapter.start()
        with qtbot.waitSignal(adapter.scanned, timeout=5000):
            scanner.send(b"]C0B-26-000123\r")
        with qtbot.waitSignal(adapter.problem, timeout=5000):
            scanner.send(b"\xff\r")
        with qtbot.waitSignal(
            adapter.state_changed, timeout=5000, check_params_cb=is_state("disconnected")
        ):
            scanner.unplug()
    finally:
        adapter.stop()
    assert ("scan", "]C0B-26-000123", True) in seen
    assert any(kind == "problem" and on_gui for kind, _, on_gui in seen)
    assert all(on_gui for _, _, on_gui in seen)
    assert adapter.state == "stopped"
