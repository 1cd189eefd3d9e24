#!/usr/bin/env python3
"""Set up ILL Desk in a private virtual environment, then start it or test it.

    python3 dev.py start [illdesk arguments...]   set up, then start the application
    python3 dev.py test  [pytest arguments...]    set up, then run ruff (lint and format),
                                                  mypy and all the tests

Only the Python standard library is used here, so this works on a machine that has nothing
but Python 3.11 or newer. The environment lives in `.venv/` next to this file and is rebuilt
whenever `pyproject.toml` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / "illdesk-setup.stamp"
LINTED = ("src", "tests", "benchmarks", "docs", "installers")


def _bin(name: str) -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    suffix = ".exe" if os.name == "nt" else ""
    return VENV / folder / f"{name}{suffix}"


def _wanted_stamp() -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest} {sys.version_info.major}.{sys.version_info.minor}"


def setup() -> None:
    """Create or refresh .venv with ILL Desk and its test tools installed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file must run on any Python to say so
        sys.exit("ILL Desk needs Python 3.11 or newer; this is " + sys.version.split()[0])
    if not _bin("python").exists():
        print("Creating the private Python environment in .venv ...", flush=True)
        try:
            venv.EnvBuilder(with_pip=True, upgrade_deps=False).create(VENV)
        except Exception as exc:  # explain the usual Debian/Ubuntu cause
            sys.exit(
                f"Could not create the Python environment ({exc}).\n"
                "On Debian or Ubuntu install the venv module first: sudo apt install python3-venv"
            )
    if STAMP.exists() and STAMP.read_text() == _wanted_stamp():
        return
    print("Installing ILL Desk (the first run takes a few minutes) ...", flush=True)
    py = str(_bin("python"))
    quiet = ["--quiet"] if os.environ.get("CI") else []
    subprocess.run([py, "-m", "pip", "install", *quiet, "--upgrade", "pip"], check=True)
    subprocess.run(
        [py, "-m", "pip", "install", *quiet, "--editable", f"{ROOT}[test]"], check=True, cwd=ROOT
    )
    STAMP.write_text(_wanted_stamp())


def start(args: list[str]) -> int:
    """Start the application (the GUI when no sub-command is given)."""
    return subprocess.call([str(_bin("illdesk")), *args], cwd=ROOT)


def _existing(*folders: str) -> list[str]:
    return [folder for folder in folders if (ROOT / folder).is_dir()]


def _parallel(args: list[str]) -> list[str]:
    """Run the tests in several processes unless the caller chose (-n, -p no:xdist or --pdb).

    Many tests wait on a subprocess, a disk flush or a server, so one more worker than there are
    cores keeps the cores busy. ILLDESK_TEST_WORKERS overrides the number (1 runs in-process).
    """
    chosen = {"-n", "--numprocesses", "--pdb"}
    if any(arg in chosen or arg.startswith(("-n", "--numprocesses=")) for arg in args):
        return []
    if "no:xdist" in args:
        return []
    wanted = os.environ.get("ILLDESK_TEST_WORKERS", "")
    workers = int(wanted) if wanted.isdigit() else min(8, (os.cpu_count() or 1) + 1)
    return ["-n", str(workers)] if workers > 1 else []


def test(args: list[str]) -> int:
    """Run the linters, the type checker and the whole test suite."""
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    py = str(_bin("python"))
    steps = [
        (
            "ruff",
            [py, "-m", "ruff", "check", *_existing(*LINTED), "dev.py", "setup.py"],
        ),
        (
            "ruff format",
            [
                py,
                "-m",
                "ruff",
                "format",
                "--check",
                *_existing(*LINTED),
                "dev.py",
                "setup.py",
            ],
        ),
        ("mypy", [py, "-m", "mypy"]),
        ("pytest", [py, "-m", "pytest", *_parallel(args), *args]),
    ]
    for name, command in steps:
        print(f"== {name} ==", flush=True)
        code = subprocess.call(command, cwd=ROOT, env=env)
        if code != 0:
            print(f"== {name} failed (exit {code}) ==", flush=True)
            return code
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test", "setup"}:
        print(__doc__)
        return 2
    setup()
    command, rest = sys.argv[1], sys.argv[2:]
    if command == "start":
        return start(rest)
    if command == "test":
        return test(rest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
