"""The desk window's actions, menus, toolbar and status bar.

Built here so that `main_window` keeps to the layout and to what happens to requests. Every
action calls a method of the window; nothing here talks to the services.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QStyle, QToolBar, QToolButton

from illdesk import resources
from illdesk.ui import window_dialogs
from illdesk.ui.elided_label import ElidedLabel
from illdesk.ui.queue_tree import SHIP_KEY
from illdesk.ui.server_banner import ServerBanner

if TYPE_CHECKING:
    from illdesk.ui.main_window import MainWindow

USER_GUIDE_ONLINE = "docs/user-guide.md in ILL Desk's source"


class WindowParts:
    """The window's parts built here (declared for the type checker; a plain mix-in)."""

    act_new_loan: QAction
    act_new_copy: QAction
    act_new_lending: QAction
    act_refresh: QAction
    act_filter: QAction
    act_undo: QAction
    act_edit: QAction
    act_reload: QAction
    act_patrons: QAction
    act_libraries: QAction
    act_money: QAction
    act_notices: QAction
    act_rules: QAction
    act_copyright: QAction
    act_purchases: QAction
    act_facilities: QAction
    act_reports: QAction
    act_focus_queues: QAction
    act_focus_list: QAction
    act_focus_detail: QAction
    act_custom_queue: QAction
    act_ship: QAction
    act_print_settings: QAction
    act_quit: QAction
    act_user_guide: QAction
    act_about: QAction
    actions_menu: QMenu
    print_menu: QMenu
    view_menu: QMenu
    print_button: QToolButton
    scanner_label: QLabel
    who_label: QLabel
    server_banner: ServerBanner
    workstation_label: QLabel
    database_label: ElidedLabel


def user_guide_path() -> Path | None:
    """The user guide installed with ILL Desk (package data), else the one of a source
    checkout, else None (`illdesk.resources.user_guide`)."""
    return resources.user_guide()


def make_action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    tip: str = "",
) -> QAction:
    """An action of the window with its shortcut shown in the tooltip."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    plain = text.replace("&", "").rstrip("…")
    shortcut_text = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip or plain} ({shortcut_text})" if shortcut_text else tip or plain)
    action.setStatusTip(tip or plain)
    action.triggered.connect(lambda _=False: slot())
    return action


def build_actions(w: MainWindow) -> None:
    """Every action of the window, as attributes `act_*`."""
    icon = w.style().standardIcon
    pix = QStyle.StandardPixmap
    w.act_new_loan = make_action(
        w,
        "New &loan request (book)…",
        lambda: window_dialogs.open_request_form(w, "loan"),
        "Ctrl+N",
        "Borrow a book or other returnable item for a patron",
    )
    w.act_new_loan.setIcon(icon(pix.SP_FileIcon))
    w.act_new_copy = make_action(
        w,
        "New &copy request (article, chapter)…",
        lambda: window_dialogs.open_request_form(w, "copy"),
        "Ctrl+Shift+N",
        "Ask for a copy of an article or chapter for a patron",
    )
    w.act_new_copy.setIcon(icon(pix.SP_FileDialogDetailedView))
    w.act_new_lending = make_action(
        w,
        "New l&ending request…",
        lambda: window_dialogs.open_request_form(w, "lending"),
        "Ctrl+L",
        "Enter a request another library sent us",
    )
    w.act_new_lending.setIcon(icon(pix.SP_FileDialogNewFolder))
    w.act_refresh = make_action(
        w,
        "&Refresh",
        w.refresh,
        QKeySequence.StandardKey.Refresh,
        "Recount the queues and reload the list and the request",
    )
    w.act_refresh.setIcon(icon(pix.SP_BrowserReload))
    w.act_refresh.setShortcuts([QKeySequence("F5"), QKeySequence("Ctrl+R")])
    w.act_filter = make_action(
        w, "&Filter this queue", lambda: focus_filter(w), QKeySequence.StandardKey.Find
    )
    w.act_undo = make_action(
        w, "&Undo last action on this request", w.undo_last, QKeySequence.StandardKey.Undo
    )
    w.act_undo.setIcon(icon(pix.SP_ArrowBack))
    w.act_edit = make_action(w, "&Edit request…", w.edit_request, "Ctrl+E")
    w.act_reload = make_action(w, "Re&load request", w.reload_detail, "Ctrl+Shift+R")
    w.act_patrons = make_action(
        w, "&Patrons…", w.open_patrons, "Ctrl+Shift+P", "Find, add, edit or block patrons"
    )
    w.act_patrons.setIcon(icon(pix.SP_DirHomeIcon))
    w.act_libraries = make_action(
        w,
        "Partner &libraries…",
        lambda: window_dialogs.open_libraries(w),
        "Ctrl+Shift+L",
        "Partner libraries: addresses, delivery, loan terms",
    )
    w.act_libraries.setIcon(icon(pix.SP_DriveNetIcon))
    w.act_money = make_action(
        w,
        "&Money…",
        lambda: window_dialogs.open_money(w),
        "Ctrl+Shift+M",
        "Charges to invoice, unpaid and disputed invoices, accounts and payments",
    )
    w.tree.money_chosen.connect(lambda queue: window_dialogs.open_money(w, queue))
    w.act_notices = make_action(
        w,
        "&Notices…",
        lambda: window_dialogs.open_notices(w),
        "Ctrl+Shift+O",
        "E-mails to send, failed notices, letters to print; the notice templates",
    )
    w.act_rules = make_action(
        w,
        "Lending and purchase &rules…",
        lambda: window_dialogs.open_rules(w),
        None,
        "The lending policy and the buy-instead rules, in order; a supervisor edits them",
    )
    w.act_copyright = make_action(
        w,
        "C&opyright clearance…",
        lambda: window_dialogs.open_copyright_clearance(w),
        None,
        "Clear what the rule of five allows; decide royalties, a supplier or cancelling",
    )
    w.act_reports = make_action(
        w,
        "Repor&ts…",
        lambda: window_dialogs.open_reports(w),
        "Ctrl+Shift+T",
        "Statistics over time: a measure month by month or year over year, as a table and "
        "a chart; export CSV, XLSX or PDF",
    )
    w.act_purchases = make_action(
        w,
        "&Buy instead orders…",
        lambda: window_dialogs.open_purchase_orders(w),
        None,
        "Requests the purchase rules sent to Buy instead: record the order, mark it arrived",
    )
    w.act_facilities = make_action(
        w,
        "Correctional &facilities…",
        lambda: window_dialogs.open_facilities(w),
        None,
        "Facilities with their rules and people; place a patron inside; may an item go in?",
    )
    w.act_focus_queues = make_action(w, "&Queues", w.tree.setFocus, "Alt+1")
    w.act_focus_list = make_action(
        w, "&Requests in the queue", w.queue_view.table.setFocus, "Alt+2"
    )
    w.act_focus_detail = make_action(w, "Request &detail", w.detail_panel.tabs.setFocus, "Alt+3")
    w.act_custom_queue = make_action(
        w,
        "Add a &custom queue…",
        w.add_custom_queue,
        None,
        "A saved filter of your own, shown to every workstation",
    )
    w.act_ship = make_action(
        w,
        "S&hip a package…",
        w.ship_package,
        SHIP_KEY,
        "Everything selected, or this library's whole group under Shipping, in one package",
    )
    w.act_ship.setIcon(icon(pix.SP_ArrowForward))
    w.act_print_settings = make_action(
        w,
        "Print &settings…",
        lambda: window_dialogs.open_print_settings(w),
        None,
        "Printer, paper or labels, resolution and calibration for each document",
    )
    # Ctrl+Q everywhere, as the user guide says (Windows has no standard key for quitting).
    w.act_quit = make_action(w, "&Quit", w.close, "Ctrl+Q")
    w.act_user_guide = make_action(
        w, "ILL Desk &user guide", lambda: open_user_guide(w), QKeySequence.StandardKey.HelpContents
    )
    w.act_about = make_action(w, "&About ILL Desk", w.about)
    for action in (w.act_undo, w.act_edit, w.act_reload):
        action.setEnabled(False)


def build_menus(w: MainWindow) -> None:
    """The menu bar; the Print menu is filled when printing is attached."""
    bar = w.menuBar()
    desk = bar.addMenu("&Desk")
    for action in (w.act_new_loan, w.act_new_copy, w.act_new_lending):
        desk.addAction(action)
    desk.addSeparator()
    desk.addAction(w.act_ship)
    desk.addSeparator()
    desk.addAction(w.act_refresh)
    desk.addAction(w.act_custom_queue)
    desk.addAction(w.act_print_settings)
    desk.addSeparator()
    desk.addAction(w.act_quit)
    request = bar.addMenu("&Request")
    for action in (w.act_undo, w.act_edit, w.act_reload):
        request.addAction(action)
    w.actions_menu = request.addMenu("&Actions possible now")
    w.actions_menu.setEnabled(False)
    w.print_menu = bar.addMenu("&Print")
    directory_menu = bar.addMenu("D&irectory")
    directory_menu.addAction(w.act_patrons)
    directory_menu.addAction(w.act_libraries)
    directory_menu.addSeparator()
    directory_menu.addAction(w.act_money)
    directory_menu.addAction(w.act_notices)
    directory_menu.addSeparator()
    directory_menu.addAction(w.act_copyright)
    directory_menu.addAction(w.act_rules)
    directory_menu.addAction(w.act_purchases)
    directory_menu.addAction(w.act_facilities)
    directory_menu.addAction(w.act_reports)
    w.view_menu = bar.addMenu("&View")
    w.view_menu.addAction(w.act_filter)
    w.view_menu.addSeparator()
    for action in (w.act_focus_queues, w.act_focus_list, w.act_focus_detail):
        w.view_menu.addAction(action)
    help_menu = bar.addMenu("&Help")
    help_menu.addAction(w.act_user_guide)
    help_menu.addAction(w.act_about)


def build_toolbar(w: MainWindow) -> QToolBar:
    """The main toolbar. The Print button has its place from the start (greyed until the
    database is open), so no button moves under the mouse when printing joins."""
    toolbar = QToolBar("Main toolbar")
    toolbar.setObjectName("main-toolbar")
    toolbar.setAccessibleName("Main toolbar")
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    w.act_new_loan.setIconText("New loan")
    w.act_new_copy.setIconText("New copy")
    w.act_new_lending.setIconText("New lending")
    w.act_ship.setIconText("Ship")
    w.act_undo.setIconText("Undo")
    w.act_patrons.setIconText("Patrons")
    w.act_libraries.setIconText("Libraries")
    for action in (w.act_new_loan, w.act_new_copy, w.act_new_lending):
        toolbar.addAction(action)
    toolbar.addSeparator()
    toolbar.addAction(w.act_refresh)
    toolbar.addAction(w.act_undo)
    toolbar.addSeparator()
    toolbar.addAction(w.act_ship)
    w.print_button = _print_button(w)
    toolbar.addWidget(w.print_button)
    toolbar.addSeparator()
    toolbar.addAction(w.act_patrons)
    toolbar.addAction(w.act_libraries)
    w.addToolBar(toolbar)
    return toolbar


def _print_button(w: MainWindow) -> QToolButton:
    """A "Print" button that opens the Print menu."""
    button = QToolButton(w)
    button.setText("Print")
    button.setAccessibleName("Print documents for the selected requests")
    button.setToolTip("Book bands, slips, labels for the selected requests or the queue")
    icon = QIcon.fromTheme(QIcon.ThemeIcon.DocumentPrint)
    if icon.isNull():
        icon = w.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogContentsView)
    button.setIcon(icon)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    button.setMenu(w.print_menu)
    button.setEnabled(False)  # until printing is attached
    return button


def build_status_bar(w: MainWindow) -> None:
    """Who works where, on which database, and the scanner's state."""
    bar = w.statusBar()
    w.scanner_label = QLabel("Scanner: not connected")
    w.scanner_label.setAccessibleName("Scanner state")
    w.who_label = QLabel(f"Staff: {w.services.staff_name}")
    w.who_label.setAccessibleName("Staff member at the desk")
    w.workstation_label = QLabel(f"Workstation: {w.services.workstation}")
    w.workstation_label.setAccessibleName("Workstation")
    # A long path is shortened with "…" (whole in its tooltip) instead of widening the window.
    w.database_label = ElidedLabel(f"Database: {w.services.display_name}", least=160)
    w.database_label.setAccessibleName("Database in use")
    w.server_banner = ServerBanner(w.tree.counts_changed)
    bar.addPermanentWidget(w.server_banner)
    for label in (w.scanner_label, w.who_label, w.workstation_label, w.database_label):
        label.setContentsMargins(8, 0, 8, 0)
        bar.addPermanentWidget(label)


def focus_filter(w: MainWindow) -> None:
    """Put the cursor in the queue's filter box, its text selected (Ctrl+F)."""
    w.queue_view.filter.setFocus()
    w.queue_view.filter.selectAll()


def open_user_guide(w: MainWindow) -> None:
    """Show the user guide in its own window (it ships with every copy)."""
    path = user_guide_path()
    if path is None:
        w.show_problem(
            f"The user guide is missing from this copy of ILL Desk. You find it in "
            f"{USER_GUIDE_ONLINE}."
        )
        return
    from illdesk.ui.guide_viewer import GuideViewer  # noqa: PLC0415 - loaded when first asked

    viewer = GuideViewer(path, w)
    viewer.show()
    w.guide_viewer = viewer
