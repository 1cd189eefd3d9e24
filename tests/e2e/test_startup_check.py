"""`illdesk` with no screen, or without a system library Qt's window needs: a sentence that
names the package to install, instead of Qt's abort that names the wrong library.

The missing library is real: the test hides it from the dynamic loader with an overlay mount
in a private mount namespace (root only, so skipped elsewhere), and the loader itself then
cannot find it. What cannot be simulated that way is a library missing from a different
distribution's layout; the package names are Debian's and Ubuntu's.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from illdesk.ui import platform_check
from illdesk.ui.platform_check import (
    DEBIAN_PACKAGES,
    install_advice,
    missing_libraries,
    qt_folder,
    requested_platforms,
    startup_problem,
)

SRC = Path(__file__).resolve().parents[2] / "src"
HIDDEN = "libxcb-icccm.so.4"  # one of the two libraries the README's old list left out


def _env_without_screen() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE"}
    }
    env["PYTHONPATH"] = str(SRC)
    return env


def _xcb_plugin() -> Path:
    qt = qt_folder()
    assert qt is not None
    return qt / "plugins" / "platforms" / "libqxcb.so"


def test_without_a_screen_the_window_says_so_in_words(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "illdesk"],
        env=_env_without_screen(),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "there is no screen to show it on" in done.stderr
    assert "qt.qpa" not in done.stderr and "Traceback" not in done.stderr


def test_headless_platforms_and_other_systems_need_no_screen() -> None:
    assert startup_problem({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert startup_problem({"QT_QPA_PLATFORM": "vnc:size=800x600"}, platform="linux") is None
    assert startup_problem({}, platform="win32") is None
    assert startup_problem({}, platform="darwin") is None
    assert "no screen" in (startup_problem({}, platform="linux") or "")


def test_the_platforms_qt_will_try() -> None:
    assert requested_platforms({}) == ["xcb"]
    assert requested_platforms({"XDG_SESSION_TYPE": "wayland"}) == ["wayland", "xcb"]
    assert requested_platforms({"QT_QPA_PLATFORM": "xcb;offscreen"}) == ["xcb", "offscreen"]


def test_advice_names_the_debian_packages_once_each() -> None:
    advice = install_advice(["libxcb-icccm.so.4", "libgthread-2.0.so.0", "libglib-2.0.so.0"])
    assert "sudo apt install libglib2.0-0 libxcb-icccm4" in advice
    assert "libxcb-icccm.so.4" in advice
    strange = install_advice(["libnothing.so.3"])
    assert "sudo apt" not in strange and "provide libnothing.so.3" in strange


def test_every_library_the_xcb_plugin_loads_has_a_known_package() -> None:
    """The mapping covers what the installed PySide6 really loads (a newer PySide6 that needs
    another library makes this fail, so the table and the README are kept up to date)."""
    ldd = shutil.which("ldd")
    if ldd is None or not sys.platform.startswith("linux"):
        pytest.skip("ldd lists shared libraries on Linux only")
    listing = subprocess.run(
        [ldd, str(_xcb_plugin())], capture_output=True, text=True, check=False
    ).stdout
    needed = {line.split()[0] for line in listing.splitlines() if "=>" in line}
    system = {name for name in needed if "Qt6" not in name and not name.startswith("libicu")}
    # The C and C++ runtimes and compression libraries are on every system that runs Python.
    everywhere = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1"}
    everywhere |= {"libpthread.so.0", "libdl.so.2", "libzstd.so.1", "libbsd.so.0", "libmd.so.0"}
    everywhere |= {"libexpat.so.1", "libpcre2-8.so.0", "libbrotlidec.so.1", "libbrotlicommon.so.1"}
    everywhere |= {"libsystemd.so.0", "libcap.so.2", "libgcrypt.so.20", "libgpg-error.so.0"}
    everywhere |= {"liblzma.so.5", "liblz4.so.1"}
    assert system - everywhere - set(DEBIAN_PACKAGES) == set()


def _plugin_system_libraries() -> set[str]:
    listing = subprocess.run(
        ["ldd", str(_xcb_plugin())], capture_output=True, text=True, check=False
    ).stdout
    needed = {line.split()[0] for line in listing.splitlines() if "=>" in line}
    return {name for name in needed if "Qt6" not in name and not name.startswith("libicu")}


def test_the_readme_list_brings_every_library_the_window_needs() -> None:
    """What `sudo apt install <the README's list>` installs, with apt's dependencies, covers
    every library of the table that Qt's xcb plugin loads."""
    apt_cache = shutil.which("apt-cache")
    if apt_cache is None or shutil.which("ldd") is None:
        pytest.skip("needs Debian's apt-cache and ldd")
    readme = (SRC.parent / "README.md").read_text(encoding="utf-8")
    line = next(row for row in readme.splitlines() if row.startswith("| Linux (Debian"))
    listed = line.split("`sudo apt install ")[1].split("`")[0].split()
    only_depends = ["--no-recommends", "--no-suggests", "--no-conflicts", "--no-breaks"]
    only_depends += ["--no-replaces", "--no-enhances"]
    closure = subprocess.run(
        [apt_cache, "depends", "--recurse", *only_depends, *listed],
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    installed = {row.strip() for row in closure.splitlines() if not row.startswith(" ")}
    if not installed - set(listed):
        pytest.skip("apt's package lists are empty (run apt-get update)")
    wanted = {
        DEBIAN_PACKAGES[name] for name in _plugin_system_libraries() if name in DEBIAN_PACKAGES
    }
    assert wanted - installed == set()


def test_a_display_that_does_not_answer_is_named() -> None:
    assert not platform_check._x_display_answers(":93")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind("\0/tmp/.X11-unix/X93")
    listener.listen(1)
    try:
        assert platform_check._x_display_answers(":93")
        assert platform_check._x_display_answers("unix:93.0")
    finally:
        listener.close()


def _can_hide_libraries() -> str | None:
    if not sys.platform.startswith("linux"):
        return "Linux only"
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return "hiding a system library needs root and unshare"
    return None


@pytest.mark.skipif(_can_hide_libraries() is not None, reason=str(_can_hide_libraries()))
def test_a_really_missing_library_is_named_with_its_package(tmp_path: Path) -> None:
    folder = Path("/usr/lib/x86_64-linux-gnu")
    if not folder.is_dir():
        pytest.skip("the overlay is laid over Debian's x86-64 library folder")
    upper, scratch = tmp_path / "upper", tmp_path / "work"
    upper.mkdir()
    scratch.mkdir()
    hidden = {HIDDEN}
    if (folder / HIDDEN).exists():
        hidden.add((folder / HIDDEN).resolve().name)
    # A character device 0/0 in an overlay's upper layer hides that name in the lower one.
    whiteouts = " && ".join(f"mknod {upper / name} c 0 0" for name in sorted(hidden))
    overlay = f"lowerdir={folder},upperdir={upper},workdir={scratch}"
    script = (
        f'{whiteouts} && mount -t overlay overlay -o {overlay} {folder} && exec "$0" -m illdesk'
    )
    env = _env_without_screen()
    env["DISPLAY"] = ":0"  # a screen is set: the libraries are what is missing
    done = subprocess.run(
        ["unshare", "--mount", "sh", "-c", script, sys.executable],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if "mount" in done.stderr and "sudo apt" not in done.stderr:
        pytest.skip(f"no overlay mounts here: {done.stderr.strip()}")
    assert done.returncode == 1, done.stderr
    assert HIDDEN in done.stderr
    assert "sudo apt install" in done.stderr and "libxcb-icccm4" in done.stderr
    assert "qt.qpa" not in done.stderr and "Traceback" not in done.stderr
    # Outside the namespace the loader finds whatever is installed: nothing was changed.
    assert HIDDEN not in missing_libraries(_xcb_plugin()) or not (folder / HIDDEN).exists()
