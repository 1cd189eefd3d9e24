"""The Linux bundle, as an IT person uses it: build it with `installers/build.py`, unpack the
archive, install it for one user with its `install.sh`, then start the installed program (no
Python, no checkout) on a demo workspace: the window opens offscreen and exits 0, a mailing
label prints to a PDF whose barcode decodes, a backup is made and restored; a workspace left by
the first version is saved aside, then upgraded.

About three minutes on a quiet machine, most of it PyInstaller; CI runs it (marked slow).
"""

from __future__ import annotations

import configparser
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from illdesk.store.database import head_revision
from tests.integration.helpers import OLD_REQUEST_NUMBER, make_old_workspace
from tests.integration.test_print_service import all_barcodes

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"),
]

ROOT = Path(__file__).resolve().parents[2]
APP_ID = "org.illdesk.IllDesk"
MAX_BYTES = 250 * 1000 * 1000  # the ceiling for the unpacked program


def _run(command: list[str | Path], env: dict[str, str], timeout: int = 300) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    return done.stdout


def _desk_env(home: Path) -> dict[str, str]:
    """A user of their own; nothing of the checkout or of the test run's Python."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "ILLDESK_", "VIRTUAL_ENV", "XDG_"))
    }
    env.update(HOME=str(home), PATH=f"{home}/.local/bin:/usr/bin:/bin")
    env.update(QT_QPA_PLATFORM="offscreen")
    return env


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run(
        [sys.executable, str(ROOT / "installers" / "build.py"), "--dist", str(dist)],
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    (built,) = dist.glob("illdesk-*-linux-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def installed(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The archive unpacked and installed for one user; returns that user's home."""
    work = tmp_path_factory.mktemp("bundle")
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="tar")
    (unpacked,) = work.glob("illdesk-*")
    home = work / "home"
    home.mkdir()
    _run(["sh", unpacked / "install.sh"], _desk_env(home))
    shutil.rmtree(unpacked)  # nothing the installed copy could still be reading from
    return home


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def test_installed_for_one_user_with_a_menu_entry(installed: Path) -> None:
    program = installed / ".local" / "opt" / "illdesk"
    assert _size(program) <= MAX_BYTES, f"{_size(program) / 1e6:.0f} MB"
    share = installed / ".local" / "share"
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(share / "applications" / f"{APP_ID}.desktop")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == f'"{program / "illdesk"}"'
    assert desktop["Icon"] == APP_ID
    for size in (16, 32, 48, 64, 128, 256, 512):
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()
    validate = shutil.which("desktop-file-validate")
    if validate:
        _run([validate, share / "applications" / f"{APP_ID}.desktop"], _desk_env(installed))


def test_the_installed_program_starts_prints_and_backs_up(installed: Path, tmp_path: Path) -> None:
    env = _desk_env(installed)
    illdesk = installed / ".local" / "bin" / "illdesk"
    assert _run([illdesk, "--version"], env).startswith("ILL Desk ")
    _run([illdesk, "demo", "--requests", "40", "--patrons", "10", "--libraries", "4"], env)
    # The window: opens offscreen on the demo workspace, its database ready, then closes.
    _run([illdesk], dict(env, ILLDESK_QUIT_WHEN_READY="1"), timeout=120)
    data = installed / ".local" / "share" / "illdesk"
    assert list(data.glob("workspace.backup-daily-*.sqlite"))  # the window's daily copy
    # A label for a partner library, decoded from the PDF's pixels.
    symbol = _first_library(data / "workspace.sqlite")
    label = tmp_path / "label.pdf"
    _run([illdesk, "print", "label", "--library", symbol, "--pdf", label], env)
    assert all_barcodes(label.read_bytes(), 203) == [symbol]
    # Back up and restore with the bundled program.
    copy = tmp_path / "copy.sqlite"
    assert "40 requests" in _run([illdesk, "backup", copy], env)
    assert "kept aside" in _run([illdesk, "restore", "--yes", copy], env)
    assert "All checks passed." in _run([illdesk, "db", "check"], env)
    # An ISO 18626 message is read and checked against the bundled schema (lxml), and a
    # confirmation is written, even for a message the desk refuses to take in.
    confirmation = tmp_path / "confirmation.xml"
    message = ROOT / "tests" / "integration" / "iso18626" / "reqmsg-ok.xml"
    done = subprocess.run(
        [str(illdesk), "lending", "receive", str(message), "--confirmation", str(confirmation)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "Nothing was entered" in done.stdout + done.stderr
    assert b"MessageConfirmation" in confirmation.read_bytes()


def test_the_installed_program_saves_then_upgrades_an_older_workspace(
    installed: Path, tmp_path: Path
) -> None:
    """A newer version installed over the first one: the data it finds is copied aside, then
    upgraded by the migrations the bundle carries, and every request is still there."""
    old = tmp_path / "workspace.sqlite"
    make_old_workspace(old)
    (tmp_path / "home").mkdir()
    env = _desk_env(tmp_path / "home")
    illdesk = installed / ".local" / "bin" / "illdesk"
    database = ["--database", f"sqlite:///{old}"]
    assert "Added Ana Hughes" in _run([illdesk, *database, "staff", "add", "Ana Hughes"], env)
    shown = _run(
        [illdesk, *database, "--staff", "Ana Hughes", "request", "show", OLD_REQUEST_NUMBER], env
    )
    assert "Glaciers" in shown
    (saved,) = tmp_path.glob("workspace.backup-rev0001-*.sqlite")
    assert _revision(saved) == "0001"
    assert _revision(old) == head_revision()


def _revision(workspace: Path) -> str:
    with sqlite3.connect(workspace) as conn:
        (revision,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    return str(revision)


def _first_library(workspace: Path) -> str:
    with sqlite3.connect(workspace) as conn:
        (symbol,) = conn.execute("SELECT symbol FROM libraries ORDER BY symbol LIMIT 1").fetchone()
    conn.close()
    return str(symbol)
