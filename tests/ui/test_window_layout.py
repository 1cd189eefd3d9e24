"""The first layout at 1600x900 shows the queues whole and leaves the scanning desk a third of
the height (issue 9: the desk took 60% and names were cut); the panes keep their minimum
widths and the buttons their places; Help opens the user guide."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QPoint

from illdesk.app import attach_scan_desk
from illdesk.ui import window_actions
from illdesk.ui.facade import facade_for
from illdesk.ui.layout_state import PANE_MIN_WIDTHS
from tests.ui.conftest import ANN
from tests.ui.helpers import TIMEOUT


# Qt Multimedia's complaints about a missing sound server belong to the desk's sounds (issue 9,
# fixed on its own branch); this test is about the layout.
@pytest.mark.qt_log_ignore(
    "PulseAudioService.*", "Couldn't (load|resolve) .*", "Using Qt multimedia.*"
)
def test_at_1600_by_900_the_queues_show_whole_above_a_third_high_desk(qtbot, demo_db) -> None:
    from illdesk.ui.main_window import MainWindow

    # The size is set before the queues are counted, as at a start on a 1600x900 screen (the
    # test's own virtual screen is smaller, and the window is fitted to it at first).
    win = MainWindow(facade_for(demo_db, ANN))
    qtbot.addWidget(win)
    win.resize(1600, 870)
    win.show()
    desk = attach_scan_desk(win, win.services)
    qtbot.waitExposed(win)
    qtbot.waitUntil(lambda: win.tree.width() > 300, timeout=TIMEOUT)
    assert win.scan_dock is not None
    dock = win.scan_dock
    qtbot.waitUntil(lambda: dock.height() >= dock.minimumSizeHint().height(), timeout=TIMEOUT)
    qtbot.wait(200)  # the layout settles
    dock_share = win.scan_dock.height() / win.height()
    assert dock_share <= 0.4, dock_share
    tree = win.tree
    names_need = tree.sizeHintForColumn(0)
    assert tree.header().sectionSize(0) >= names_need, (tree.header().sectionSize(0), names_need)
    # at least a dozen queue rows visible above the desk
    row = tree.visualItemRect(tree.topLevelItem(0)).height()
    assert tree.viewport().height() >= 12 * row
    desk.shutdown()


def test_the_user_guide_is_found_and_help_offers_it(window) -> None:
    path = window_actions.user_guide_path()
    assert path is not None and path.name == "user-guide.md" and path.is_file()
    help_menu = next(m for m in window.menuBar().actions() if m.text() == "&Help").menu()
    assert window.act_user_guide in help_menu.actions()


def test_without_any_copy_the_user_guide_is_said_where_to_find(window, monkeypatch) -> None:
    monkeypatch.setattr(window_actions, "user_guide_path", lambda: None)
    window_actions.open_user_guide(window)
    assert "docs/user-guide.md" in window.dialog.text()
    assert isinstance(window_actions.USER_GUIDE_ONLINE, str)
    window.dialog.close()


def test_help_shows_the_guide_inside_the_desk_with_its_pictures_and_a_find_box(
    window, qtbot, tmp_path
) -> None:
    window.act_user_guide.trigger()
    viewer = window.guide_viewer
    qtbot.waitUntil(viewer.isVisible, timeout=5_000)
    text = viewer.browser.toPlainText()
    assert "ILL Desk" in text and "](" not in text[:2000]  # Markdown rendered, not shown raw
    images = viewer.browser.document().allFormats()
    pictures = [f for f in images if f.isImageFormat()]
    assert pictures, "the guide's screenshots are shown"
    first = pictures[0].toImageFormat().name()
    loaded = viewer.browser.document().resource(3, first)  # QTextDocument.ImageResource
    assert loaded is not None and not loaded.isNull(), first
    viewer.find_box.setText("scanning desk")
    assert viewer.find_next()
    assert viewer.browser.textCursor().selectedText().lower() == "scanning desk"
    viewer.find_box.setText("no such words in any guide")
    assert not viewer.find_next() and viewer.status.text() == "Not found"
    widths = [f.toImageFormat().width() for f in viewer.browser.document().allFormats()]
    assert pictures and max(widths) <= 820  # screenshots fit: no sideways scrolling
    viewer.grab().save(str(tmp_path / "guide.png"))
    viewer.close()


def _pane_widths(win) -> list[int]:
    return win.splitter.sizes()


def _at_least_minimum(win) -> bool:
    return all(s >= m for s, m in zip(_pane_widths(win), PANE_MIN_WIDTHS, strict=True))


def test_the_queue_list_is_never_squeezed_away_and_a_wider_window_goes_to_the_lists(
    qtbot, window
) -> None:
    win = window
    win.resize(1600, 870)
    qtbot.waitUntil(lambda: sum(_pane_widths(win)) > 1500, timeout=TIMEOUT)
    queue_list = max(win.tree.width(), 260)
    # The detail pane dragged as wide as it goes: both lists keep their minimum widths.
    win.splitter.moveSplitter(0, 2)
    qtbot.wait(50)
    assert _at_least_minimum(win), _pane_widths(win)
    win.splitter.moveSplitter(win.splitter.width(), 1)  # the request list as wide as it goes
    qtbot.wait(50)
    assert _at_least_minimum(win), _pane_widths(win)
    win.splitter.setSizes([queue_list, 700, 480])
    before = _pane_widths(win)
    win.resize(1900, 870)  # a wider window: both lists grow, the queue names stay as they are
    qtbot.waitUntil(lambda: _pane_widths(win) != before, timeout=TIMEOUT)
    after = _pane_widths(win)
    assert after[0] == before[0] and after[1] > before[1] and after[2] > before[2], after
    win.resize(1100, 870)  # narrower than the panes' first widths
    qtbot.waitUntil(lambda: sum(_pane_widths(win)) < 1100, timeout=TIMEOUT)
    assert _at_least_minimum(win), _pane_widths(win)


def _numbers(db, status: str) -> list[str]:
    with db.reading() as session:
        found = session.execute(
            sa.text("SELECT number FROM requests WHERE status = :s ORDER BY number"), {"s": status}
        )
        return [str(n) for (n,) in found]


def _places(win) -> dict[str, QPoint]:
    panel = win.detail_panel
    buttons = {
        "undo": panel.undo_button,
        "edit": panel.edit_button,
        "reload": panel.reload_button,
        "first action": panel.actions_grid.itemAtPosition(0, 0).widget(),
    }
    return {name: b.mapTo(win, QPoint(0, 0)) for name, b in buttons.items()}


def test_the_request_buttons_keep_their_place_from_one_request_to_the_next(
    qtbot, window, demo_db
) -> None:
    """A request with a long title, a warning and ten actions, then one with two: the
    buttons under the mouse do not move (a second click must not land on another action)."""
    win = window
    win.resize(1600, 870)
    qtbot.waitExposed(win)
    many = _numbers(demo_db, "on_hold_shelf")[0]
    few = _numbers(demo_db, "shipped")[0]
    with demo_db.writing() as session:  # a title long enough to wrap, on the busy request
        session.execute(
            sa.text("UPDATE requests SET title = :t WHERE number = :n"),
            {"t": "A very long title " * 12, "n": many},
        )
        session.commit()
    seen = {}
    for number in (many, few, many):
        win.open_request(number)
        qtbot.waitUntil(
            lambda n=number: win.detail is not None and win.detail.row.number == n,
            timeout=TIMEOUT,
        )
        qtbot.waitUntil(lambda: bool(win.detail_panel.action_buttons), timeout=TIMEOUT)
        qtbot.wait(100)  # the old buttons are gone and the layout settled
        places = _places(win)
        for name, place in places.items():
            seen.setdefault(name, place)
            assert place == seen[name], (number, name, place, seen[name])
    assert len(win.detail_panel.action_buttons) >= 2
    heading = win.detail_panel.heading  # the last one shown is the long title, shortened
    assert heading.full_text().startswith(many) and heading.toolTip() == heading.full_text()
    assert heading.text().endswith("…") and len(heading.text()) < len(heading.full_text())


def test_no_toolbar_button_moves_when_printing_joins_the_window(qtbot, demo_db) -> None:
    from PySide6.QtWidgets import QToolButton

    from illdesk.ui.main_window import MainWindow

    win = MainWindow(facade_for(demo_db, ANN), database_later=True)
    qtbot.addWidget(win)
    win.resize(1400, 800)
    win.show()
    qtbot.waitExposed(win)

    def places() -> dict[str, int]:
        return {
            b.text(): b.mapTo(win, QPoint(0, 0)).x()
            for b in win.toolbar.findChildren(QToolButton)
            if b.isVisible() and b.text()
        }

    before = places()
    assert "Print" in before and not win.print_button.isEnabled()
    win.attach_printing()
    qtbot.wait(50)
    assert places() == before
    assert win.print_button.isEnabled() and win.print_button.menu().actions()
