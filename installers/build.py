#!/usr/bin/env python3
"""Build ILL Desk as a program that runs without Python, for the system this runs on.

    python3 installers/build.py [--dist DIR] [--no-archive]

From a clean checkout: the project's private environment (`.venv`, with PyInstaller from the
`test` extra) is made first if needed, then the build runs inside it. Output in DIR (default
`dist/`):

- Linux: `illdesk-VERSION-linux-ARCH.tar.gz`, the program folder with a `.desktop` file,
  AppStream metainfo, icons and `install.sh` (for the current user, or `--system`).
- Windows: the program folder; with Inno Setup's `iscc` on PATH also the setup program
  (`installers/windows/illdesk.iss`).
- macOS: `ILL Desk.app`; `installers/macos/make_dmg.sh` then makes the disk image.

See installers/README.md. Only the standard library is used before the environment exists.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "installers"
VENV = ROOT / ".venv"
APP_ID = "org.illdesk.IllDesk"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# The one drawing of the icon: the window shows it too, so it ships inside the package.
ICON_SVG = ROOT / "src" / "illdesk" / "resources" / "icons" / "illdesk.svg"


def version() -> str:
    """The version, from the package (the one place it is written)."""
    text = (ROOT / "src" / "illdesk" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("src/illdesk/__init__.py does not say __version__.")
    return found.group(1)


def _venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _in_project_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV.resolve()


def ensure_environment(argv: list[str]) -> None:
    """Re-run this script inside .venv, making it first (dev.py setup) when needed."""
    if _in_project_venv():
        return
    subprocess.run([sys.executable, str(ROOT / "dev.py"), "setup"], check=True, cwd=ROOT)
    code = subprocess.call([str(_venv_python()), str(Path(__file__).resolve()), *argv])
    raise SystemExit(code)


def make_icons(svg: Path, out: Path) -> dict[int, Path]:
    """PNG sizes drawn from the SVG with Qt, plus .ico (Windows) and .icns (macOS)."""
    from PIL import Image  # noqa: PLC0415 - in the venv only
    from PySide6.QtCore import Qt  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: PLC0415
    from PySide6.QtSvg import QSvgRenderer  # noqa: PLC0415

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"The icon {svg} cannot be read.")
    out.mkdir(parents=True, exist_ok=True)
    pngs: dict[int, Path] = {}
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        pngs[size] = out / f"illdesk-{size}.png"
        image.save(str(pngs[size]))
    largest = Image.open(pngs[256])
    largest.save(out / "illdesk.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    Image.open(pngs[512]).save(out / "illdesk.icns")
    return pngs


def windows_version_file(out: Path, number: str) -> Path:
    """The version resource of the Windows programs (their Properties, Details tab)."""
    parts = [int(p) for p in re.findall(r"\d+", number)[:4]]
    four = tuple(parts + [0] * (4 - len(parts)))
    strings = {
        "CompanyName": "ILL Desk developers",
        "FileDescription": "ILL Desk: interlibrary loan workstation",
        "FileVersion": number,
        "InternalName": "illdesk",
        "LegalCopyright": "GNU General Public License, version 3 or later",
        "OriginalFilename": "illdesk.exe",
        "ProductName": "ILL Desk",
        "ProductVersion": number,
    }
    entries = ",\n".join(f"            StringStruct('{k}', '{v}')" for k, v in strings.items())
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([
        StringTable('040904B0', [
{entries}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
    path = out / "version_info.txt"
    path.write_text(text, encoding="utf-8")
    return path


def run_pyinstaller(build: Path, dist: Path, number: str) -> Path:
    """The one-folder program, in dist/pyinstaller/illdesk."""
    env = dict(os.environ, ILLDESK_BUILD_DIR=str(build), ILLDESK_VERSION=number)
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        str(HERE / "illdesk.spec"),
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist / "pyinstaller"),
        "--workpath",
        str(build / "work"),
    ]
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    return dist / "pyinstaller" / "illdesk"


def _metainfo(number: str) -> str:
    text = (HERE / "linux" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    return text.replace("@VERSION@", number)


def linux_archive(program: Path, icons: dict[int, Path], dist: Path, number: str) -> Path:
    """The .tar.gz: program folder, desktop entry, metainfo, icons, install script."""
    arch = platform.machine().lower() or "unknown"
    name = f"illdesk-{number}-linux-{arch}"
    stage = dist / name
    shutil.rmtree(stage, ignore_errors=True)
    shutil.copytree(program, stage / "illdesk", symlinks=True)
    share = stage / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copyfile(
        HERE / "linux" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop"
    )
    (share / "metainfo").mkdir()
    (share / "metainfo" / f"{APP_ID}.metainfo.xml").write_text(_metainfo(number), encoding="utf-8")
    for size, png in icons.items():
        folder = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copyfile(png, folder / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copyfile(ICON_SVG, scalable / f"{APP_ID}.svg")
    shutil.copyfile(HERE / "linux" / "install.sh", stage / "install.sh")
    (stage / "install.sh").chmod(0o755)
    shutil.copyfile(ROOT / "LICENSE", stage / "LICENSE")
    archive = dist / f"{name}.tar.gz"
    # gzip level 6 rather than tarfile's 9: about the same size, written in half the time.
    with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
        tar.add(stage, arcname=name)
    validate_metainfo(share / "metainfo" / f"{APP_ID}.metainfo.xml")
    return archive


def validate_metainfo(path: Path) -> None:
    """`appstreamcli validate` where it is installed (a failure stops the build)."""
    tool = shutil.which("appstreamcli")
    if tool is None:
        print("appstreamcli is not installed: the AppStream metainfo was not validated.")
        return
    subprocess.run([tool, "validate", "--no-net", "--explain", str(path)], check=True)


def windows_setup(dist: Path, number: str) -> None:
    """Inno Setup's compiler, when it is installed, makes the setup program."""
    iscc = shutil.which("iscc") or shutil.which("ISCC")
    if iscc is None:
        print("Inno Setup (iscc) is not on PATH: only the program folder was built.")
        return
    script = HERE / "windows" / "illdesk.iss"
    subprocess.run(
        [iscc, f"/DAppVersion={number}", f"/DDistDir={dist}", f"/O{dist}", str(script)],
        check=True,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Build the ILL Desk program for this system.")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where results go")
    parser.add_argument("--no-archive", action="store_true", help="only the program folder")
    args = parser.parse_args(argv)
    ensure_environment(argv)
    number = version()
    dist = args.dist.resolve()
    build = dist / "build"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    icons = make_icons(ICON_SVG, build)
    windows_version_file(build, number)
    program = run_pyinstaller(build, dist, number)
    print(f"Program folder: {program}")
    if args.no_archive:
        return 0
    if sys.platform.startswith("linux"):
        print(f"Linux archive: {linux_archive(program, icons, dist, number)}")
    elif sys.platform == "win32":
        windows_setup(dist, number)
    elif sys.platform == "darwin":
        print("Disk image: run installers/macos/make_dmg.sh")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
