"""The files the installers are made from, checked without a four-minute build: one version
everywhere, the icons each system needs drawn from the one SVG, a menu entry and AppStream
metainfo that the desktop's own tools accept, and the Windows version resource."""

from __future__ import annotations

import ast
import configparser
import importlib.metadata
import importlib.util
import shutil
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import pytest
from PIL import Image

import illdesk

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "installers" / "linux"
APP_ID = "org.illdesk.IllDesk"


def _build_script() -> ModuleType:
    """installers/build.py, imported as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("illdesk_build", ROOT / "installers" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_one_version_in_the_package_its_metadata_and_the_build() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == illdesk.__version__
    # The installed package's metadata (what pip and PyInstaller see) says the same; if this
    # fails after a version change, reinstall: python3 dev.py setup.
    assert importlib.metadata.version("illdesk") == illdesk.__version__
    assert _build_script().version() == illdesk.__version__


def test_every_icon_size_is_drawn_from_the_svg(qapp, tmp_path: Path) -> None:
    build = _build_script()
    pngs = build.make_icons(build.ICON_SVG, tmp_path)
    for size in (16, 32, 48, 64, 128, 256, 512):  # Linux's hicolor theme
        with Image.open(pngs[size]) as png:
            assert png.size == (size, size)
            alpha = png.convert("RGBA").getchannel("A")
            # Drawn, not blank: some pixels opaque, the corners see-through (a round badge).
            assert alpha.getextrema() == (0, 255)
            assert alpha.getpixel((0, 0)) == 0
    with Image.open(tmp_path / "illdesk.ico") as ico:  # Windows: the sizes Explorer asks for
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(tmp_path / "illdesk.icns") as icns:  # macOS
        assert icns.format == "ICNS"
        assert (512, 512) in {size[:2] for size in icns.info["sizes"]}


def test_the_menu_entry_starts_the_program_with_its_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign] # keys are case-sensitive
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "illdesk"  # install.sh writes the installed program's path here
    assert desktop["Icon"] == APP_ID
    assert desktop["Terminal"] == "false"
    assert "Office" in desktop["Categories"].split(";")
    assert desktop["Categories"].endswith(";")
    install = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert "s|^Exec=.*|Exec=" in install


def _metainfo(tmp_path: Path) -> Path:
    path = tmp_path / f"{APP_ID}.metainfo.xml"
    path.write_text(_build_script()._metainfo(illdesk.__version__), encoding="utf-8")
    return path


def test_the_metainfo_names_the_menu_entry_and_this_version(tmp_path: Path) -> None:
    text = _metainfo(tmp_path).read_text(encoding="utf-8")
    assert f"<id>{APP_ID}</id>" in text
    assert f'<launchable type="desktop-id">{APP_ID}.desktop</launchable>' in text
    assert f'<release version="{illdesk.__version__}"' in text
    assert "@VERSION@" not in text


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_appstreamcli_accepts_the_metainfo(tmp_path: Path) -> None:
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--explain", str(_metainfo(tmp_path))],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_appstreamcli_refuses_a_broken_metainfo(tmp_path: Path) -> None:
    """The check above can fail: the same tool on the same file without its id says no."""
    path = _metainfo(tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(f"<id>{APP_ID}</id>", ""))
    done = subprocess.run(
        ["appstreamcli", "validate", "--no-net", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode != 0


def test_the_windows_programs_carry_version_information(tmp_path: Path) -> None:
    text = _build_script().windows_version_file(tmp_path, "1.2.3").read_text(encoding="utf-8")
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as one Python expression
    assert "filevers=(1, 2, 3, 0)" in text
    assert "StringStruct('FileVersion', '1.2.3')" in text
    assert "StringStruct('ProductName', 'ILL Desk')" in text
