"""The scan desk's sounds: success, warning, error — or the system beep where there is no audio.

Qt Multimedia needs the system's sound libraries (PulseAudio on Linux) and a sound server to
talk to; a desk machine has both, a server, a CI machine or a test run may have neither, or the
library without the server. Without them, warnings and errors still beep (once and twice) so a
problem is never silent, and nothing is printed: Qt Multimedia is not even loaded when there is
no sound server, because loading it prints a dozen warnings about libraries it may use.
"""

from __future__ import annotations

import logging
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLoggingCategory, QObject, QTimer, QUrl
from PySide6.QtWidgets import QApplication

from illdesk import resources

log = logging.getLogger(__name__)

SOUND_DIR = resources.path(resources.SOUNDS)
LEVELS = ("success", "info", "warning", "error")

# Qt Multimedia reports every optional library it looks for and does not find (PipeWire, VA-API)
# as a warning, and its FFmpeg version as information: not for staff's terminal.
QUIET_MULTIMEDIA_RULES = "qt.multimedia.symbolsresolver=false\nqt.multimedia.ffmpeg.info=false"


def _unix_socket_answers(path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1)
            probe.connect(path)
            return True
    except OSError:
        return False


def sound_server_reachable(
    env: Mapping[str, str] | None = None, *, platform: str = sys.platform
) -> bool:
    """Whether a PulseAudio (or PipeWire's PulseAudio) server answers on this Linux desktop.

    Looks where the PulseAudio library looks: PULSE_SERVER, then the session's socket in
    XDG_RUNTIME_DIR (or /run/user/UID), then the system-wide one. Other systems have their
    own sound service and always count as reachable.
    """
    if not platform.startswith("linux"):
        return True
    env = os.environ if env is None else env
    if env.get("PULSE_SERVER"):
        return True  # set on purpose (a remote or a custom server): let Qt use it
    runtime = env.get("XDG_RUNTIME_DIR") or f"/run/user/{os.getuid()}"
    candidates = [Path(runtime) / "pulse" / "native", Path("/var/run/pulse/native")]
    return any(path.exists() and _unix_socket_answers(str(path)) for path in candidates)


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
        if not sound_server_reachable():
            log.info("No sound server: the desk will beep instead")
            return
        QLoggingCategory.setFilterRules(QUIET_MULTIMEDIA_RULES)
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
