"""Starting the desk window on a database it cannot use: a message in words, nothing changed."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from illdesk.app import run_gui


def _answer_the_message(seen: list[str]) -> None:
    """Read the message box the window shows, as a person would, and close it."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
            return
        QTimer.singleShot(20, look)

    QTimer.singleShot(20, look)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (random.Random(1).randbytes(20_000), "not a database file at all"),
        (b"SQLite format 3\x00" + random.Random(2).randbytes(8_000), "is damaged"),
    ],
    ids=["random bytes", "damaged"],
)
def test_the_window_explains_a_bad_database_file(
    qtbot, tmp_path: Path, content: bytes, words: str
) -> None:
    path = tmp_path / "desk.sqlite"
    path.write_bytes(content)
    seen: list[str] = []
    _answer_the_message(seen)
    assert run_gui(f"sqlite:///{path}") == 1
    assert len(seen) == 1 and words in seen[0], seen
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == ["desk.sqlite"]


def test_the_window_says_a_mistyped_database_does_not_exist(qtbot, tmp_path: Path) -> None:
    seen: list[str] = []
    _answer_the_message(seen)
    assert run_gui(f"sqlite:///{tmp_path / 'mistyped' / 'desk.sqlite'}") == 1
    assert len(seen) == 1 and "There is no ILL Desk database at" in seen[0]
    assert list(tmp_path.iterdir()) == []
