"""The installed PySide6 keeps Python's reference counts: a desk makes millions of Qt calls.

PySide6 6.12.0 lost one reference to None on every call returning nothing (and to True/False
on some calls returning them); under Python 3.11 the interpreter aborted after a few thousand
calls. pyproject.toml keeps that release out; this test fails if such a release comes back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel


def test_thousands_of_qt_calls_keep_none_true_and_false_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(2000):
        label.setText("B-26-000123")
        label.isVisible()
        label.update()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    # Other code may take or drop a few references meanwhile; a leak per call would be 2000.
    assert all(abs(a - b) < 200 for a, b in zip(after, before, strict=True)), (before, after)
