"""Splitting a scanner byte stream into scans, and listing serial ports (no hardware)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from illdesk.devices import serial_scanner
from illdesk.devices.framing import Frame, ScanFramer, Terminator


@pytest.mark.parametrize("terminator", [Terminator.CR, Terminator.LF, Terminator.CRLF])
@pytest.mark.parametrize("ending", [b"\r", b"\n", b"\r\n"])
def test_any_line_ending_ends_a_scan_and_none_is_empty(
    terminator: Terminator, ending: bytes
) -> None:
    framer = ScanFramer(terminator)
    frames = framer.feed(b"AB1" + ending + b"CD2" + ending + ending, now=0.0)
    assert frames == [Frame(b"AB1"), Frame(b"CD2")]
    assert framer.pending == b""


def test_crlf_split_between_reads_gives_no_empty_scan() -> None:
    framer = ScanFramer(Terminator.CRLF)
    assert framer.feed(b"AB", 0.0) == []
    assert framer.feed(b"1\r", 0.01) == [Frame(b"AB1")]
    assert framer.feed(b"\n", 0.02) == []
    assert framer.feed(b"CD2\r\n", 0.03) == [Frame(b"CD2")]


def test_byte_at_a_time_is_the_same_as_all_at_once() -> None:
    stream = b"\r\nB-26-000123\r\n\r\n31234000012342\rX\n"
    whole = ScanFramer(Terminator.CRLF).feed(stream, 0.0)
    framer = ScanFramer(Terminator.CRLF)
    pieces = [f for i in range(len(stream)) for f in framer.feed(stream[i : i + 1], i * 0.001)]
    assert pieces == whole == [Frame(b"B-26-000123"), Frame(b"31234000012342"), Frame(b"X")]


def test_idle_mode_ends_a_scan_after_the_gap() -> None:
    framer = ScanFramer(Terminator.NONE, idle_timeout=0.1)
    assert framer.feed(b"AB", 1.00) == []
    assert framer.feed(b"C", 1.05) == []
    assert framer.poll(1.10) == []  # only 0.05 s since the last byte
    assert framer.poll(1.16) == [Frame(b"ABC")]
    assert framer.poll(2.00) == []


def test_idle_mode_data_after_a_long_gap_starts_a_new_scan() -> None:
    framer = ScanFramer(Terminator.NONE, idle_timeout=0.1)
    framer.feed(b"ABC", 1.0)
    # No poll in between (a busy thread): the gap itself still ends the first scan.
    assert framer.feed(b"DEF", 1.5) == [Frame(b"ABC")]
    assert framer.poll(1.7) == [Frame(b"DEF")]


def test_line_mode_gives_up_on_a_scan_without_terminator() -> None:
    framer = ScanFramer(Terminator.CR, incomplete_timeout=2.0)
    framer.feed(b"AB", 0.0)
    assert framer.poll(1.9) == []
    assert framer.poll(2.0) == [Frame(b"AB", complete=False)]


def test_overlong_input_is_cut_off_not_grown_forever() -> None:
    framer = ScanFramer(Terminator.CR, max_length=10)
    frames = framer.feed(b"x" * 25, 0.0)
    assert all(not f.complete for f in frames)
    assert len(framer.pending) <= 10
    idle = ScanFramer(Terminator.NONE, max_length=10)
    assert idle.feed(b"y" * 25, 0.0) == [Frame(b"y" * 25, complete=False)]


def test_reset_returns_what_was_pending() -> None:
    framer = ScanFramer(Terminator.CR)
    assert framer.reset() is None
    framer.feed(b"B-26", 0.0)
    assert framer.reset() == Frame(b"B-26", complete=False)
    assert framer.pending == b""


def test_list_ports_reports_present_ports_sorted(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = [
        SimpleNamespace(
            device="/dev/ttyUSB1",
            description="Honeywell Scanner",
            hwid="USB VID:PID=0C2E:0B61",
            manufacturer="Honeywell",
            serial_number="123",
            vid=0x0C2E,
            pid=0x0B61,
        ),
        SimpleNamespace(
            device="/dev/ttyS0",
            description="n/a",
            hwid="n/a",
            manufacturer=None,
            serial_number=None,
            vid=None,
            pid=None,
        ),
    ]
    monkeypatch.setattr(serial_scanner.serial_list_ports, "comports", lambda: fake)
    ports = serial_scanner.list_ports()
    assert [p.device for p in ports] == ["/dev/ttyS0", "/dev/ttyUSB1"]
    assert ports[1].vid == 0x0C2E
    assert ports[1].label == "/dev/ttyUSB1 (Honeywell Scanner)"
    assert ports[0].label == "/dev/ttyS0"


def test_list_ports_runs_on_this_machine() -> None:
    for port in serial_scanner.list_ports():
        assert port.device
