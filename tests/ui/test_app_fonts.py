"""The window draws `国NDL`, Japanese and Korean with the shipped fonts on a machine that has no
system font for them (here: a fontconfig set-up that sees only the DejaVu fonts, the usual
minimal Debian desktop; Qt cannot lay out text with no font at all)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

GLYPHS_BEFORE_AND_AFTER = """
from PySide6.QtGui import QGuiApplication, QTextLayout
from illdesk.ui.app_fonts import register_bundled_fonts

app = QGuiApplication([])

def drawn(text):
    layout = QTextLayout(text, QGuiApplication.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    boxes = sum(list(run.glyphIndexes()).count(0) for run in runs)
    return boxes, sorted({run.rawFont().familyName() for run in runs})

SAMPLES = ["国NDL", "図書館", "ひらがな", "한국", "مكتبة", "ספרייה"]
print([drawn(text)[0] for text in SAMPLES])
print("|".join(drawn("Library ILL")[1]))
register_bundled_fonts()
print("|".join(drawn("Library ILL")[1]))
for text in SAMPLES:
    print(text, *drawn(text))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fontconfig set-up is Linux's")
def test_shipped_fonts_stand_in_for_missing_system_fonts(tmp_path: Path) -> None:
    dejavu = next(iter(Path("/usr/share/fonts").glob("**/DejaVuSans.ttf")), None)
    if dejavu is None:
        pytest.skip("the DejaVu fonts (fonts-dejavu-core) are not installed")
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
        f"<fontconfig><dir>{dejavu.parent}</dir>"
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>\n",
        encoding="utf-8",
    )
    env = dict(os.environ, FONTCONFIG_FILE=str(config), QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = str(SRC)
    done = subprocess.run(
        [sys.executable, "-c", GLYPHS_BEFORE_AND_AFTER],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    before, latin_before, latin_after, *after = done.stdout.splitlines()
    # Without the shipped fonts the CJK samples are boxes: the situation the user met.
    assert [boxes > 0 for boxes in ast.literal_eval(before)][:4] == [True] * 4
    results = {line.split(" ", 1)[0]: line for line in after}
    assert len(results) == 6
    for line in results.values():
        assert line.split(" ")[1] == "0", line  # no box left
    # Kanji in the Chinese/Japanese font, as on printed labels, not in the Korean one.
    assert "Droid Sans Fallback" in results["国NDL"]
    assert results["図書館"].endswith("['Droid Sans Fallback']")
    assert results["ひらがな"].endswith("['Droid Sans Fallback']")
    assert results["한국"].endswith("['NanumGothic']")
    # Latin keeps the desktop's font.
    assert "DejaVu" in latin_before and latin_after == latin_before
