"""Scanner bursts and people typing, sent as real X keystrokes to the real ILL Desk window.

Xvfb is the X server; xdotool types through the XTEST extension, so the keys reach Qt the way a
USB keyboard-wedge scanner's do, with the X server's own timestamps. The application runs as a
subprocess on a small demo database and writes the timing of every key it sees to a log
(``ILLDESK_KEY_TIMING_LOG``: timestamps and verdicts, never characters); the assertions are on
those measured gaps, not on the delays asked of xdotool (``type --delay N`` sends a key every
N/2 ms, ``key --delay N`` every N ms, and a busy machine stretches both).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from illdesk.devices.burst import BurstLimits, classify_burst, measure_scanner

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "xdotool")
# Letters and digits only, so that the same keysyms work on any keyboard map the server has.
TEXT = "report2026final"
SCAN = "31234000056786"


def _require_tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    reason = f"{' and '.join(missing)} not installed (apt-get install xvfb xdotool)"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must run the real-keyboard test, but {reason}")
    pytest.skip(reason)


@dataclass
class Desk:
    """The running application, its X display and its key timing log."""

    display: str
    log: Path
    window: str
    env: dict[str, str]
    screenshots: Path

    def xdotool(self, *args: str) -> None:
        subprocess.run(["xdotool", *args], env=self.env, check=True, timeout=60)

    def entries_after(self, offset: int) -> list[dict[str, object]]:
        if not self.log.exists():  # a slow machine: the first key is not handled yet
            return []
        with self.log.open(encoding="utf-8") as handle:
            handle.seek(offset)
            return [json.loads(line) for line in handle if line.strip()]

    def offset(self) -> int:
        return self.log.stat().st_size if self.log.exists() else 0

    def send(self, *xdotool_args: str, keys: int) -> list[dict[str, object]]:
        """Send keys, wait until the application logged all ``keys`` of them and a run's end."""
        start = self.offset()
        self.xdotool(*xdotool_args)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            entries = self.entries_after(start)
            if sum(1 for e in entries if "t" in e) >= keys and any("run" in e for e in entries):
                time.sleep(0.3)  # let held keys expire before the next trial
                return self.entries_after(start)
            time.sleep(0.05)
        raise AssertionError(f"the application logged only {self.entries_after(start)}")

    def screenshot(self, name: str) -> Path:
        target = self.screenshots / f"{name}.png"
        if shutil.which("import"):
            subprocess.run(
                ["import", "-window", "root", str(target)], env=self.env, check=True, timeout=30
            )
        return target


def _start_xvfb(tmp: Path) -> tuple[subprocess.Popen[bytes], str]:
    read, write = os.pipe()
    with (tmp / "xvfb.log").open("wb") as log:  # the server keeps its own copy
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stderr=log,
        )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        raise AssertionError("Xvfb did not start: see xvfb.log")
    return server, f":{number}"


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    _require_tools()
    tmp = tmp_path_factory.mktemp("real-x")
    server, display = _start_xvfb(tmp)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("QT_QPA")},
        "DISPLAY": display,
        "PYTHONPATH": str(ROOT / "src"),
        "ILLDESK_CONFIG_DIR": str(tmp / "config"),
        "ILLDESK_DATA_DIR": str(tmp / "data"),
        "ILLDESK_KEY_TIMING_LOG": str(tmp / "keys.jsonl"),
        "QT_QPA_PLATFORM": "xcb",
    }
    url = f"sqlite:///{tmp / 'desk.sqlite'}"
    base = [sys.executable, "-m", "illdesk", "--database", url]
    subprocess.run(
        [*base, "demo", "--requests", "40", "--patrons", "10", "--libraries", "6"],
        env=env,
        check=True,
        timeout=300,
        capture_output=True,
    )
    with (tmp / "app.out").open("wb") as output:
        app = subprocess.Popen(
            [*base, "--staff", "Test Desk"], env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        found = subprocess.run(
            ["xdotool", "search", "--sync", "--onlyvisible", "--name", "ILL Desk"],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        )
        window = found.stdout.split()[0]
        # The window shows before its database is open; the scanning desk (and with it the
        # key log) joins it once the database is open. Keys typed before then reach the
        # window without the scanner filter, so the trials wait for it.
        ready_by = time.monotonic() + 120
        while not (tmp / "keys.jsonl").exists():
            assert time.monotonic() < ready_by, "the scanning desk never joined the window"
            assert app.poll() is None, (tmp / "app.out").read_text(errors="replace")
            time.sleep(0.05)
        desk = Desk(display, tmp / "keys.jsonl", window, env, tmp)
        desk.xdotool("windowfocus", "--sync", window)
        time.sleep(1.0)  # the first paint and the queue counts
        desk.xdotool("key", "ctrl+f")  # the queue filter: an ordinary text field
        time.sleep(0.3)
        yield desk
    finally:
        app.terminate()
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
        server.terminate()
        server.wait(timeout=20)


def key_gaps(entries: list[dict[str, object]]) -> list[float]:
    """Measured gaps (ms) between the keys the application received, Enter included."""
    stamps = [int(str(e["t"])) for e in entries if "t" in e]
    return [b - a for a, b in itertools.pairwise(stamps)]


def report(what: str, gaps: list[float]) -> None:
    """Print the measured gaps (shown with -s, and kept in the test's output on failure)."""
    print(
        f"{what}: median {statistics.median(gaps):.0f} ms, mean {statistics.mean(gaps):.0f} ms,"
        f" min {min(gaps):.0f}, max {max(gaps):.0f}, gaps {gaps}"
    )


def delivered(entries: list[dict[str, object]]) -> int:
    """Keys that reached the text field: passed at once or released after being held."""
    passed = sum(1 for e in entries if e.get("fate") == "pass" and not e.get("enter"))
    return passed + sum(int(str(e.get("released", 0))) for e in entries)


def runs(entries: list[dict[str, object]]) -> list[str]:
    return [str(e["run"]) for e in entries if "run" in e]


def clear_field(desk: Desk) -> None:
    desk.xdotool("key", "ctrl+a", "BackSpace")
    # Wait until the application has logged those keys too (a busy machine is late), so
    # that they are not counted with the next trial's.
    size, deadline = -1, time.monotonic() + 10
    while time.monotonic() < deadline:
        time.sleep(0.3)
        if desk.offset() == size:
            return
        size = desk.offset()


@pytest.mark.parametrize("delay_ms", [30, 45, 60, 120])
def test_even_typing_arrives_as_text(desk: Desk, delay_ms: int) -> None:
    clear_field(desk)
    keys = [*TEXT, "Return"]
    entries = desk.send("key", "--delay", str(delay_ms), *keys, keys=len(keys))
    gaps = key_gaps(entries)
    report(f"even typing, asked {delay_ms} ms", gaps)
    assert statistics.median(gaps) >= delay_ms * 0.8, gaps  # what was really sent
    # A stall of the machine mid-word may split the typing into two runs; never a scan.
    assert set(runs(entries)) == {"typing"}, entries
    assert not any(e.get("fate") == "swallow" for e in entries)
    assert delivered(entries) == len(TEXT)
    if delay_ms == 30:
        desk.screenshot("typed-at-30ms")


def test_uneven_human_typing_with_quick_pairs_arrives_as_text(desk: Desk) -> None:
    clear_field(desk)
    rng = random.Random(5)
    # Every third pair rolled quickly, the rest 40-90 ms (xdotool adds a few ms to each pause).
    pauses = [
        rng.uniform(0.008, 0.022) if i % 3 == 1 else rng.uniform(0.04, 0.085)
        for i in range(len(TEXT))
    ]
    args: list[str] = []
    for char, pause in zip([*TEXT, "Return"], [0.0, *pauses], strict=True):
        if pause:
            args += ["sleep", f"{pause:.3f}"]
        args += ["key", char]
    entries = desk.send(*args, keys=len(TEXT) + 1)
    gaps = key_gaps(entries)
    report("uneven typing", gaps)
    assert 45 <= statistics.mean(gaps) <= 80, gaps  # about 60 ms on average
    assert sum(1 for gap in gaps if gap < 40) >= 3, gaps
    assert set(runs(entries)) == {"typing"}, entries
    assert delivered(entries) == len(TEXT)


@pytest.mark.parametrize("delay_ms", [1, 5, 10, 15])
def test_scanner_bursts_are_scans(desk: Desk, delay_ms: int) -> None:
    clear_field(desk)
    keys = [*SCAN, "Return"]
    entries = desk.send("key", "--delay", str(delay_ms), *keys, keys=len(keys))
    gaps = key_gaps(entries)
    report(f"scanner burst, asked {delay_ms} ms", gaps)
    assert statistics.median(gaps) <= 20, gaps
    assert runs(entries) == ["scan"], (entries, gaps)
    assert delivered(entries) == 0  # nothing reached the text field
    if delay_ms == 5:
        desk.screenshot("scanned-into-the-filter")


def test_measuring_the_scanner_from_real_bursts_keeps_typing_apart(desk: Desk) -> None:
    """What "Test your scanner" proposes from real bursts still tells them from typing."""
    bursts = []
    for _ in range(3):
        clear_field(desk)
        keys = [*SCAN, "Return"]
        bursts.append(key_gaps(desk.send("key", "--delay", "8", *keys, keys=len(keys))))
    clear_field(desk)
    keys = [*TEXT, "Return"]
    typed = key_gaps(desk.send("key", "--delay", "30", *keys, keys=len(keys)))
    bursts_in_seconds = [[gap / 1000 for gap in burst] for burst in bursts]
    measured = measure_scanner(bursts_in_seconds, BurstLimits())
    print(measured.summary, measured.proposed)
    for burst in bursts_in_seconds:
        assert classify_burst(burst, len(SCAN), True, measured.proposed).is_scan
    typed_in_seconds = [gap / 1000 for gap in typed]
    assert not classify_burst(typed_in_seconds, len(TEXT), True, measured.proposed).is_scan
