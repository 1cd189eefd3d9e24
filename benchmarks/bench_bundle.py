"""The built Linux bundle: its size, and its cold start against the checkout and a bare window.

    python benchmarks/bench_bundle.py PROGRAM_FOLDER [--runs 9]

PROGRAM_FOLDER is the one-folder program `installers/build.py` makes
(`dist/pyinstaller/illdesk`, or `~/.local/opt/illdesk` once installed). Three whole processes
are timed alternately, each on the same demo workspace in a temporary folder:

- the floor: a bare PySide6 window of the same size, to its first paint (the venv's Python);
- ILL Desk from the checkout (`.venv`), and the bundled ILL Desk: from launch until the window
  is up *and* its database is open and the desk ready (`ILLDESK_QUIT_WHEN_READY=1` closes it
  then), which is later than the first paint;
- with `DISPLAY` set (a real X server) and xdotool installed, also from launch until each
  window is mapped on screen, as a person sees it.

The issue's targets: at most 250 MB unpacked, at most 2 s to the window here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_cold_start import BARE  # noqa: E402

MAX_MB = 250
MAX_SECONDS = 2.0


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, timeout=120, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} did not start:\n{done.stderr.decode()[-2000:]}")
    return elapsed


FLOOR_WINDOW = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Floor window")
window.resize(1500, 900)
window.show()
app.exec()
"""


REFUSED = b"could not connect to display"
refused_launches = 0  # launches the X server turned away, tried again (see _time_to_window)


def _time_to_window(command: list[str], env: dict[str, str], title: str) -> float:
    """Launch until a visible window named `title` exists on the X server (then stop it).

    Xvfb on the shared machine turns away about one launch in five while xdotool polls it
    ("could not connect to display", the bare window as often as ILL Desk); such a launch is
    counted and made again, so a refused connection is not timed as a start-up."""
    global refused_launches  # noqa: PLW0603 - a count for the report, this script only
    for _attempt in range(5):
        try:
            return _launch_to_window(command, env, title)
        except ConnectionRefusedError:
            refused_launches += 1
    raise SystemExit(f"{command[0]}: the X server {env.get('DISPLAY')} refused five launches")


def _launch_to_window(command: list[str], env: dict[str, str], title: str) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        while True:
            found = subprocess.run(
                ["xdotool", "search", "--onlyvisible", "--name", title],
                env=env,
                capture_output=True,
                check=False,
            )
            if found.stdout.strip():
                return time.perf_counter() - start
            if process.poll() is not None or time.perf_counter() - start > 60:
                problem = process.stderr.read()
                if REFUSED in problem:
                    raise ConnectionRefusedError(problem.decode(errors="replace"))
                raise SystemExit(f"{command[0]} showed no window: {problem!r}")
            time.sleep(0.01)
    finally:
        process.terminate()
        process.wait(20)


def _to_the_window(bundled: str, checkout: str, env: dict[str, str], runs: int) -> float:
    """Under a real X server: launch to the window mapped on screen (xdotool sees it)."""
    plain = {k: v for k, v in env.items() if k != "QT_QPA_PLATFORM"}
    commands = {
        "bare PySide6 window (floor)": ([sys.executable, "-c", FLOOR_WINDOW], "^Floor window$"),
        "ILL Desk from the checkout": ([checkout], "^ILL Desk"),
        "ILL Desk bundle": ([bundled], "^ILL Desk"),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (command, title) in commands.items():
            times[name].append(_time_to_window(command, plain, title))
    floor = statistics.median(times["bare PySide6 window (floor)"])
    print(f"To the window on screen (X server {env.get('DISPLAY')}), median of {runs}:")
    for name, values in times.items():
        value = statistics.median(values)
        print(f"  {name:<28}: {value * 1000:6.0f} ms  {value / floor:5.2f}x the floor")
    if refused_launches:
        print(f"  ({refused_launches} launches refused by the X server were made again)")
    return statistics.median(times["ILL Desk bundle"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", type=Path, help="the bundle's program folder")
    parser.add_argument("--runs", type=int, default=9, help="runs of each (median reported)")
    args = parser.parse_args()
    bundled = str(args.program / "illdesk")
    checkout = str(ROOT / ".venv" / "bin" / "illdesk")
    size_mb = _size(args.program) / 1e6
    with tempfile.TemporaryDirectory(prefix="illdesk-bundle-") as temp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
        env.update(ILLDESK_CONFIG_DIR=f"{temp}/config", ILLDESK_DATA_DIR=f"{temp}/data")
        if not env.get("DISPLAY"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        subprocess.run(
            [bundled, "demo", "--requests", "500"], env=env, check=True, capture_output=True
        )
        ready = dict(env, ILLDESK_QUIT_WHEN_READY="1")
        commands = {
            "bare PySide6 window (floor)": ([sys.executable, "-c", BARE], env),
            "ILL Desk from the checkout": ([checkout], ready),
            "ILL Desk bundle": ([bundled], ready),
        }
        on_screen = None
        if env.get("DISPLAY") and shutil.which("xdotool"):
            on_screen = _to_the_window(bundled, checkout, env, args.runs)
        for command, environment in commands.values():  # warm the file cache first
            _time(command, environment)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, (command, environment) in commands.items():
                times[name].append(_time(command, environment))
    medians = {name: statistics.median(values) for name, values in times.items()}
    floor = medians["bare PySide6 window (floor)"]
    where = env.get("QT_QPA_PLATFORM") or f"xcb (DISPLAY {env.get('DISPLAY')})"
    print(f"Bundle size unpacked: {size_mb:.0f} MB (at most {MAX_MB} MB)")
    print(f"Cold start, whole process, median of {args.runs} ({where}):")
    for name, value in medians.items():
        print(f"  {name:<28}: {value * 1000:6.0f} ms  {value / floor:5.2f}x the floor")
    # The target is the window on screen; without an X server, the whole start to the
    # desk ready (later than the window) stands in for it.
    bundle = on_screen if on_screen is not None else medians["ILL Desk bundle"]
    what = "to the window on screen" if on_screen is not None else "to the desk ready"
    ok = size_mb <= MAX_MB and bundle <= MAX_SECONDS
    print(f"Targets: {'met' if ok else 'NOT met'} (bundle {what} {bundle:.2f} s, at most 2 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
