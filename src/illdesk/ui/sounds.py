"""The scan desk's sounds: success, warning, error — or the system beep where there is no audio.

Qt Multimedia needs the system's sound libraries (PulseAudio on Linux); a desk machine has
them, a server or a test run may not. Without them, warnings and errors still beep (once and
twice) so a problem is never silent.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from illdesk import resources

log = logging.getLogger(__name__)

SOUND_DIR = resources.path(resources.SOUNDS)
LEVELS = ("success", "info", "warning", "error")


class DeskSounds(QObject):
    """Plays one short sound per scan result level."""

    def __init__(self, parent: QObject | None = None, *, enabled: bool = True) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.played: list[str] = []  # what was asked for, newest last (shown in tests)
        self._effects: dict[str, Any] = {}
        self.backend = "beep"
        # One timer for the error's second beep, made once: PySide6's singleShot with a Python
        # callable, called thousands of times, was part of a reference-count crash we hit.
        self._second_beep = QTimer(self)
        self._second_beep.setSingleShot(True)
        self._second_beep.setInterval(180)
        self._second_beep.timeout.connect(QApplication.beep)
        try:
            from PySide6.QtMultimedia import (  # noqa: PLC0415 - optional system libraries
                QMediaDevices,
                QSoundEffect,
            )
        except ImportError as exc:
            log.info("No audio library (%s): the desk will beep instead", exc)
            return
        if not QMediaDevices.audioOutputs():
            return
        for level in ("success", "warning", "error"):
            path = SOUND_DIR / f"{level}.wav"
            if path.exists():
                effect = QSoundEffect(self)
                effect.setSource(QUrl.fromLocalFile(str(path)))
                self._effects[level] = effect
        if self._effects:
            self.backend = "audio"

    def play(self, level: str) -> None:
        """Sound the result of a scan."""
        self.played.append(level)
        if not self.enabled:
            return
        effect = self._effects.get("success" if level == "info" else level)
        if effect is not None:
            effect.play()
            return
        if level in {"warning", "error"}:
            QApplication.beep()
            if level == "error":
                self._second_beep.start()
