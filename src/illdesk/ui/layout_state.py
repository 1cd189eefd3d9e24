"""Window layout: the desk's panes, the window's size on the screen it opens on, and what is
remembered between runs (geometry, splitters, table columns).

The window fits the screen it is on: a laptop's 1366x768 as well as a large monitor. A first
run takes the preferred size or the screen's free area, whichever is smaller; a remembered
size and place are brought back inside the screen (it may have been saved on a larger screen,
or on one no longer attached). The three panes keep minimum widths, so neither list is ever
squeezed away by the other two, and a wider window goes to both lists, not the queue names.

Only pure layout is remembered (it is worthless on another screen, so it stays out of the library's
settings and the workstation file). It is kept in one INI file beside the workstation settings,
so tests, which point the config folder elsewhere, never touch the real user's layout.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMainWindow, QScrollArea, QSplitter, QWidget

from illdesk.services.admin import workstation

# Bumped when the window's structure changes, so an old saved state is not applied to it.
LAYOUT_VERSION = 2

PREFERRED_SIZE = QSize(1500, 900)
# The desk's panes, left to right: queue names, the queue's requests, the request's detail.
# Minimum widths (their sum, about 1,000 px, leaves room on a 1366 px wide screen) and how a
# wider or narrower window is shared (the queue names keep their width).
PANE_MIN_WIDTHS = (200, 360, 420)
PANE_STRETCH = (0, 3, 2)
PANE_FIRST_WIDTHS = (300, 720, 480)
# A window manager's frame (title bar, borders) before the window is shown and its real
# frame is known: what a common desktop adds.
GUESSED_FRAME = QMargins(4, 36, 4, 4)


def arrange_panes(splitter: QSplitter, panes: tuple[QWidget, ...]) -> None:
    """Put the panes in the splitter with their minimum widths and stretch."""
    for index, (pane, least) in enumerate(zip(panes, PANE_MIN_WIDTHS, strict=True)):
        splitter.addWidget(pane)
        width = least
        held = pane.widget() if isinstance(pane, QScrollArea) else None
        if isinstance(pane, QScrollArea) and held is not None:
            # Wide enough for what it holds beside its scroll bar: nothing is cut off.
            inner = held.minimumSizeHint().width()
            width = max(least, inner + pane.verticalScrollBar().sizeHint().width() + 2)
        pane.setMinimumWidth(width)
        splitter.setStretchFactor(index, PANE_STRETCH[index])
    splitter.setChildrenCollapsible(False)
    splitter.setSizes(list(PANE_FIRST_WIDTHS))


def scrolling_down(widget: QWidget) -> QScrollArea:
    """`widget` in a pane that scrolls up and down when the window is too low for it (a
    small screen with the scanning desk docked below), instead of making the window taller
    than the screen."""
    area = QScrollArea()
    area.setObjectName(f"{widget.objectName() or 'pane'}-scroll")
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def available_area(window: QWidget) -> QRect:
    """The free part of the window's screen (without task bars and docks)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget, wanted: QSize | None = None) -> None:
    """Size the window to `wanted` (its current size when None) or less, frame included,
    and move it wholly inside the screen's free area."""
    area = available_area(window)
    inner = window.geometry()
    frame = window.frameGeometry()
    margins = (
        QMargins(
            inner.left() - frame.left(),
            inner.top() - frame.top(),
            frame.right() - inner.right(),
            frame.bottom() - inner.bottom(),
        )
        if window.isVisible() and frame != inner
        else GUESSED_FRAME
    )
    room = area.marginsRemoved(margins)
    size = (wanted or inner.size()).boundedTo(room.size()).expandedTo(window.minimumSize())
    left = min(max(inner.left(), room.left()), room.right() + 1 - size.width())
    top = min(max(inner.top(), room.top()), room.bottom() + 1 - size.height())
    if wanted is not None:  # a first run: in the middle of the screen
        left = room.left() + max(0, (room.width() - size.width()) // 2)
        top = room.top() + max(0, (room.height() - size.height()) // 2)
    window.setGeometry(max(left, room.left()), max(top, room.top()), size.width(), size.height())


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
    """Apply the saved layout, inside the screen; False when there is none yet (first run,
    which gets the preferred size or the screen's, whichever is smaller)."""
    store = _store()
    geometry = store.value(_key("geometry"))
    if not isinstance(geometry, QByteArray):
        fit_to_screen(window, PREFERRED_SIZE)
        return False
    window.restoreGeometry(geometry)
    if not window.isMaximized() and not window.isFullScreen():
        fit_to_screen(window)
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
