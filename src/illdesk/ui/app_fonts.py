"""The fonts ILL Desk ships, made known to Qt so the window draws every script it prints.

A desk machine may have no Chinese, Japanese, Korean, Arabic or Hebrew system font; then Qt
draws boxes for a library called `国NDL`. The fonts that go into printed labels
(`illdesk.printing.fonts`, package data) are registered with Qt at start, all but the Latin
ones, so Latin text keeps the desktop's look; Qt falls back to the shipped fonts only for
characters the system fonts lack.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtGui import QFontDatabase, QFontInfo, QGuiApplication

from illdesk.printing import fonts

log = logging.getLogger(__name__)

# Every desktop has a Latin font, and registering Noto Sans would make fontconfig pick it for the
# whole window ("Sans Serif") instead of the desktop's own font.
LATIN_FACES = frozenset({"NotoSans-Regular.ttf", "NotoSans-Bold.ttf"})
# Left to itself, fontconfig's fallback draws kanji shared with Korean in the Korean font's
# Hanja forms; printed labels use Droid Sans Fallback for them, and so does the window.
CJK_ORDER = ("DroidSansFallbackFull.ttf", "NanumGothic.ttf")

_registered: dict[str, list[str]] = {}


def register_bundled_fonts() -> dict[str, list[str]]:
    """Add the shipped fonts to Qt's font database (once); returns font file -> families.

    Needs a QGuiApplication. A font that cannot be read is logged and skipped: the window then
    looks as it would have without it, which is no reason not to start.
    """
    if _registered:
        return _registered
    for path in fonts.shipped_font_files():
        if path.name in LATIN_FACES:
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Could not load the shipped font %s", path.name)
            continue
        _registered[path.name] = QFontDatabase.applicationFontFamilies(font_id)
    if sys.platform.startswith("linux"):
        _prefer_shipped_cjk_order()
    return _registered


def _prefer_shipped_cjk_order() -> None:
    """Name the CJK fonts, in print order, right after the desktop's own font.

    The desktop's font is named by what it really is ("DejaVu Sans"), not by its alias ("Sans
    Serif"): Qt would take the alias for a missing family and draw Latin in the CJK font.
    """
    app = QGuiApplication.instance()
    if not isinstance(app, QGuiApplication):
        return
    font = QGuiApplication.font()
    desktop_family = QFontInfo(font).family()
    cjk = [_registered[name][0] for name in CJK_ORDER if _registered.get(name)]
    font.setFamilies([desktop_family, *cjk])
    QGuiApplication.setFont(font)
