"""Before Qt starts: is there a screen, and are the system libraries Qt needs installed?

Without them Qt aborts with "could not load the Qt platform plugin", often naming the wrong
library, and a new user is left guessing. This check names what is missing and the Debian or
Ubuntu package to install, or says in words that there is no screen at all.

Only the standard library is used and Qt is not imported, so the check can run before anything
else (and as `python -m illdesk.ui.platform_check` on a machine being set up).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

# Platform plugins that draw into memory, a framebuffer or a VNC client: no desktop needed.
HEADLESS_PLATFORMS = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
)

# Each shared library a Qt platform plugin loads, and the Debian/Ubuntu package that ships it.
# Made from `ldd` on the PySide6 xcb and wayland plugins and `dpkg -S` on Debian 12.
DEBIAN_PACKAGES: dict[str, str] = {
    "libGL.so.1": "libgl1",
    "libGLX.so.0": "libglx0",
    "libGLdispatch.so.0": "libglvnd0",
    "libEGL.so.1": "libegl1",
    "libOpenGL.so.0": "libopengl0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libwayland-client.so.0": "libwayland-client0",
    "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
    "libpng16.so.16": "libpng16-16",
}

_DISPLAY_SETTING = {"xcb": "DISPLAY", "wayland": "WAYLAND_DISPLAY"}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)

NO_SCREEN = (
    "ILL Desk cannot open its window: there is no screen to show it on "
    "(neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "Start it from a desktop session, or over SSH with `ssh -X`. Everything else works without "
    "a screen: `illdesk queue list`, `illdesk print ... --pdf FILE`, `illdesk --help`."
)


def requested_platforms(env: Mapping[str, str]) -> list[str]:
    """The Qt platform plugins Qt will try, in order (QT_QPA_PLATFORM, else Qt's default)."""
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        # "xcb;wayland" lists fallbacks; "vnc:size=800x600" carries options after a colon.
        return [part.split(":", 1)[0].strip() for part in chosen.split(";") if part.strip()]
    if env.get("XDG_SESSION_TYPE") == "wayland":
        return ["wayland", "xcb"]
    return ["xcb"]


def qt_folder() -> Path | None:
    """PySide6's copy of Qt, found without importing PySide6 (which would load Qt)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    return folder if folder.is_dir() else None


def missing_libraries(library: Path, env: Mapping[str, str] | None = None) -> list[str]:
    """Shared libraries that `library` (or anything it loads) needs and the system lacks.

    Asks the system's dynamic loader through `ldd`, so the answer is the loader's own, with the
    same search path Qt would get. Returns [] when `ldd` is not there to ask.
    """
    ldd = shutil.which("ldd")
    if ldd is None or not library.is_file():
        return []
    done = subprocess.run(
        [ldd, str(library)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        env=dict(env if env is not None else os.environ),
    )
    return list(dict.fromkeys(_NOT_FOUND.findall(done.stdout + done.stderr)))


def install_advice(missing: list[str]) -> str:
    """What to say about missing libraries: the packages, and the command that installs them."""
    packages = sorted({DEBIAN_PACKAGES[name] for name in missing if name in DEBIAN_PACKAGES})
    unknown = [name for name in missing if name not in DEBIAN_PACKAGES]
    lines = [
        "ILL Desk cannot open its window: the system libraries Qt needs to draw it are missing: "
        + ", ".join(missing)
        + "."
    ]
    if packages:
        lines.append(
            "On Debian or Ubuntu install them with:\n    sudo apt install " + " ".join(packages)
        )
    if unknown:
        lines.append("Also install the packages that provide " + ", ".join(unknown) + ".")
    lines.append(
        "On other systems install the packages that provide these files, then start ILL Desk "
        "again. The command line (`illdesk --help`) works without them."
    )
    return "\n".join(lines)


def _x_display_answers(display: str) -> bool:
    """True when an X server listens for `display` (":0", "unix:1", "localhost:10.0")."""
    match = re.fullmatch(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?", display)
    if match is None:
        return True  # a form this check does not know: let Qt decide
    host, number = match["host"], int(match["number"])
    if host in ("", "unix"):
        addresses: list[tuple[int, object]] = [
            (socket.AF_UNIX, f"\0/tmp/.X11-unix/X{number}"),  # Linux abstract socket
            (socket.AF_UNIX, f"/tmp/.X11-unix/X{number}"),
        ]
    elif host.startswith("/"):
        return True  # a launchd or similar socket path (macOS): nothing to check here
    else:
        addresses = [(socket.AF_INET, (host, 6000 + number))]
    for family, address in addresses:
        try:
            with socket.socket(family, socket.SOCK_STREAM) as probe:
                probe.settimeout(3)
                probe.connect(address)  # type: ignore[arg-type]
                return True
        except OSError:
            continue
    return False


def startup_problem(
    env: Mapping[str, str] | None = None, *, platform: str = sys.platform
) -> str | None:
    """Why the window cannot open on this machine, in words for staff; None when it can.

    Only Linux is checked: on Windows and macOS the PySide6 wheel carries everything Qt needs.
    """
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    platforms = requested_platforms(env)
    if any(name in HEADLESS_PLATFORMS for name in platforms):
        return None
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return NO_SCREEN if {"xcb", "wayland"} & set(platforms) else None
    # Qt takes the first platform in its list whose display is there.
    usable = [name for name in platforms if env.get(_DISPLAY_SETTING.get(name, ""))]
    if not usable:
        return None  # a platform this check does not know: let Qt decide
    chosen = usable[0]
    qt = qt_folder()
    if qt is not None:
        plugin = qt / "plugins" / "platforms" / f"libq{chosen}.so"
        missing = missing_libraries(plugin, env)
        if missing:
            return install_advice(missing)
    if chosen == "xcb" and not _x_display_answers(env["DISPLAY"]):
        return (
            f"ILL Desk cannot open its window: the screen {env['DISPLAY']} (the DISPLAY setting) "
            "does not answer. Log in to the desktop again, or check that the X server is running."
        )
    return None


if __name__ == "__main__":
    problem = startup_problem()
    print(problem or "Everything the ILL Desk window needs is installed, and there is a screen.")
    sys.exit(1 if problem else 0)
