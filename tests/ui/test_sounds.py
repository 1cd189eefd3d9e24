"""The scan desk's sounds degrade to the beep without a word on the terminal, whether or not
the PulseAudio library (libpulse0) is installed and whether or not a sound server runs."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from illdesk.ui.sounds import sound_server_reachable

SRC = Path(__file__).resolve().parents[2] / "src"

START_THE_DESK_SOUNDS = """
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from illdesk.ui.sounds import DeskSounds
sounds = DeskSounds()
sounds.play("error")
print(sounds.backend, "PySide6.QtMultimedia" in sys.modules)
"""


def _desk_sounds_in_a_new_process(runtime_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PULSE_SERVER"}
    env.update(PYTHONPATH=str(SRC), QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(runtime_dir))
    return subprocess.run(
        [sys.executable, "-c", START_THE_DESK_SOUNDS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PulseAudio is Linux's")
def test_without_a_sound_server_the_desk_beeps_and_prints_nothing(tmp_path: Path) -> None:
    done = _desk_sounds_in_a_new_process(tmp_path)
    assert done.stdout.split() == ["beep", "False"]  # Qt Multimedia was never loaded
    assert done.stderr == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PulseAudio is Linux's")
def test_a_sound_server_that_fails_leaves_only_its_own_line(tmp_path: Path) -> None:
    """A socket that accepts and hangs up: Qt Multimedia is loaded (if libpulse0 is there),
    its list of optional libraries it did not find is not printed, and the desk beeps."""
    (tmp_path / "pulse").mkdir()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(tmp_path / "pulse" / "native"))
    server.listen(8)

    def hang_up_on_every_caller() -> None:
        while True:
            try:
                caller, _address = server.accept()
            except OSError:
                return  # closed at the end of the test
            caller.close()

    threading.Thread(target=hang_up_on_every_caller, daemon=True).start()
    try:
        done = _desk_sounds_in_a_new_process(tmp_path)
    finally:
        server.shutdown(socket.SHUT_RDWR)  # wakes the thread waiting in accept()
        server.close()
    assert done.stdout.split()[0] == "beep"
    assert "qt.multimedia" not in done.stderr
    assert "Couldn't load" not in done.stderr and "FFmpeg" not in done.stderr


def test_a_listening_pulse_socket_counts_as_a_server(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path)}
    assert not sound_server_reachable(env, platform="linux")
    (tmp_path / "pulse").mkdir()
    path = str(tmp_path / "pulse" / "native")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    try:
        assert sound_server_reachable(env, platform="linux")
    finally:
        server.close()
    # A socket left behind by a server that has stopped is not a server.
    assert Path(path).exists()
    assert not sound_server_reachable(env, platform="linux")


def test_an_explicit_server_and_other_systems_are_trusted(tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(tmp_path), "PULSE_SERVER": "tcp:soundbox:4713"}
    assert sound_server_reachable(env, platform="linux")
    assert sound_server_reachable({"XDG_RUNTIME_DIR": str(tmp_path)}, platform="win32")
