"""Answers from the background for a widget that may have closed meanwhile.

A dialog opened by the window is deleted when it closes; an answer to one of its queries can
still arrive after that. `while_alive` drops such an answer instead of touching a deleted
widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtWidgets import QWidget


def while_alive(widget: QWidget, callback: Callable[[Any], None]) -> Callable[[Any], None]:
    """`callback`, called only while `widget` still exists."""

    def call(value: Any) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return call
