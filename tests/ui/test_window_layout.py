"""The first layout at 1600x900 shows the queues whole and leaves the scanning desk a third of
the height (issue 9: the desk took 60% and names were cut); Help opens the user guide."""

from __future__ import annotations

import pytest

from illdesk.app import attach_scan_desk
from illdesk.ui import window_actions
from tests.ui.helpers import TIMEOUT


# Qt Multimedia's complaints about a missing sound server belong to the desk's sounds (issue 9,
# fixed on its own branch); this test is about the layout.
@pytest.mark.qt_log_ignore(
    "PulseAudioService.*", "Couldn't (load|resolve) .*", "Using Qt multimedia.*"
)
def test_at_1600_by_900_the_queues_show_whole_above_a_third_high_desk(qtbot, window) -> None:
    win = window
    win.resize(1600, 870)
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
