"""A guard against a PySide6 6.12 defect under Python 3.11: calls drop references to None.

Every call of a PySide6 method that returns nothing (`label.setText`, `widget.update`,
`QCoreApplication.processEvents`...) gives back `None` without taking the reference it hands
over, so None's reference count falls by one per call. Python 3.12 made None, True and False
immortal, so there it does no harm; under 3.11 the interpreter aborts ("deallocating None")
after a few thousand calls, i.e. minutes into a working day at the desk. Seen with PySide6
6.12.0 on CPython 3.11.7; True/False are lost the same way, more slowly.

The real fix is a PySide6 without the defect or Python 3.12+. Until then this gives the three
singletons a reference count no session can use up, which is what 3.12 does by design.
"""

from __future__ import annotations

import ctypes
import sys

_RESERVE = 1 << 40  # far more than a process can ever lose (one per call)
_done = False


def make_singletons_immortal() -> None:
    """Apply the guard once, on CPython before 3.12 only."""
    global _done  # noqa: PLW0603 - once per process, whoever calls first
    if _done or sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython's release builds.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _RESERVE
    _done = True
