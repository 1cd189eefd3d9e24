"""Window layout remembered between runs: geometry, splitters, table columns.

Only pure layout lives here (it is worthless on another screen, so it stays out of the library's
settings and the workstation file). It is kept in one INI file beside the workstation settings,
so tests, which point the config folder elsewhere, never touch the real user's layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QMainWindow, QSplitter

from illdesk.services.admin import workstation

# Bumped when the window's structure changes, so an old saved state is not applied to it.
LAYOUT_VERSION = 2


def _store() -> QSettings:
    path = workstation.config_dir() / "window-layout.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


def _key(name: str) -> str:
    return f"v{LAYOUT_VERSION}/{name}"


def save_window(window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
    store = _store()
    store.setValue(_key("geometry"), window.saveGeometry())
    store.setValue(_key("state"), window.saveState(LAYOUT_VERSION))
    for name, splitter in splitters.items():
        store.setValue(_key(f"splitter/{name}"), splitter.saveState())
    store.sync()


def restore_window(window: QMainWindow, splitters: dict[str, QSplitter]) -> bool:
    """Apply the saved layout; False when there is none yet (first run)."""
    store = _store()
    geometry = store.value(_key("geometry"))
    if not isinstance(geometry, QByteArray):
        return False
    window.restoreGeometry(geometry)
    state = store.value(_key("state"))
    if isinstance(state, QByteArray):
        window.restoreState(state, LAYOUT_VERSION)
    for name, splitter in splitters.items():
        saved = store.value(_key(f"splitter/{name}"))
        if isinstance(saved, QByteArray):
            splitter.restoreState(saved)
    return True


def save_columns(name: str, header: QHeaderView) -> None:
    """Column order, widths and hidden columns of one table."""
    store = _store()
    store.setValue(_key(f"columns/{name}"), header.saveState())
    store.sync()


def restore_columns(name: str, header: QHeaderView) -> bool:
    saved = _store().value(_key(f"columns/{name}"))
    if isinstance(saved, QByteArray):
        return bool(header.restoreState(saved))
    return False
