"""An installed copy works like the checkout: build a wheel, install it into a fresh virtual
environment (not editable, not the development one) and print a mailing label with it.

This is what a library's IT department does, and where fonts, sounds and the user guide were
once missing because they were looked for beside the source files.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.integration.test_print_cli import Desk
from tests.integration.test_print_service import all_barcodes

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
# What a build needs: an sdist carries the same (see MANIFEST.in).
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "docs")


def _run(command: list[str | Path], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        **kwargs,
    )
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def _clean_env(home: Path) -> dict[str, str]:
    """No trace of the checkout: no PYTHONPATH, no font override, a home of its own."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTHONPATH", "ILLDESK_FONT_DIR", "VIRTUAL_ENV", "PYTHONHOME"}
    }
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with ILL Desk installed from a wheel; returns its python."""
    work = tmp_path_factory.mktemp("installed")
    source = work / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        item = ROOT / name
        if item.is_dir():
            shutil.copytree(item, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, source / name)
    wheels = work / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", wheels, source])
    (wheel,) = wheels.glob("illdesk-*.whl")
    target = work / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([python, "-m", "pip", "install", "--quiet", wheel], env=_clean_env(work))
    shutil.rmtree(source)  # nothing the installed copy could still be reading from
    return python


def test_the_installed_copy_prints_a_label_that_scans(
    installed: Path, tmp_path: Path, clock
) -> None:
    desk = Desk(f"sqlite:///{tmp_path / 'desk.sqlite'}", clock)
    desk.db.dispose()
    out = tmp_path / "label.pdf"
    env = _clean_env(tmp_path)
    code = "import illdesk; print(illdesk.__file__)"
    where = _run([installed, "-c", code], env=env, cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(installed.parents[1])
    label = ["print", "label", "--package", desk.package, "--pdf", str(out)]
    _run(
        [installed, "-m", "illdesk", "--database", desk.url, *label],
        env=env,
        cwd=tmp_path,
    )
    assert all_barcodes(out.read_bytes(), 203) == [desk.package]


def test_the_installed_copy_carries_its_sounds_and_user_guide(
    installed: Path, tmp_path: Path
) -> None:
    script = (
        "from illdesk import resources\n"
        "print(resources.path('sounds', 'error.wav'))\n"
        "print(resources.user_guide())\n"
        "from illdesk.services.admin.demo_names import demo_names\n"
        "assert demo_names().surnames\n"
    )
    done = _run([installed, "-c", script], env=_clean_env(tmp_path), cwd=tmp_path)
    sound, guide = (Path(line) for line in done.stdout.split())
    venv_root = installed.parents[1]
    assert sound.is_file() and sound.is_relative_to(venv_root)
    assert guide.is_file() and guide.is_relative_to(venv_root)
    # The guide's screenshots come with it, where its links point.
    text = guide.read_text(encoding="utf-8")
    assert "](images/screens/main-window.png)" in text
    assert (guide.parent / "images" / "screens" / "main-window.png").is_file()
