"""Screenshots for docs/user-guide.md, made from a fresh demo workspace (offscreen).

Usage: python docs/make_screenshots.py [NAME ...]   (writes docs/images/screens/*.png; with
names, only those pictures, e.g. `print-menu print-settings`)

Everything runs in a temporary folder: the real workstation settings and window layout are
never touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QPoint, QRect, QThreadPool  # noqa: TID251
from PySide6.QtGui import QPainter, QPixmap  # noqa: TID251
from PySide6.QtWidgets import QApplication, QWidget  # noqa: TID251

from illdesk.core.workflow import Action, Status
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.directory import entries as directory
from illdesk.services.directory import lender_groups
from illdesk.services.printing.documents import DocumentType
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import Actor, UnitOfWork
from illdesk.ui import tasks
from illdesk.ui.action_dialog import ActionDialog
from illdesk.ui.app_fonts import register_bundled_fonts
from illdesk.ui.facade import facade_for
from illdesk.ui.library_directory import LibraryDirectory, LibraryEditor
from illdesk.ui.main_window import MainWindow
from illdesk.ui.patron_directory import PatronDirectory, PatronEditor
from illdesk.ui.print_settings import PrintSettingsDialog
from illdesk.ui.reports_window import ReportsWindow
from illdesk.ui.request_form import RequestForm
from illdesk.ui.setup_wizard import SetupWizard
from illdesk.ui.ship_dialog import ShipDialog
from illdesk.ui.tasks import process_events

OUT = Path(__file__).with_name("images") / "screens"
ONLY = set(sys.argv[1:])  # names of the pictures to make; empty means all of them
PRINT_SHOTS = {"print-menu", "print-settings"}
# Settings, layout and the demo go to a temporary folder (read when first used, so setting
# them here, before anything runs, is enough).
TEMP = Path(tempfile.mkdtemp(prefix="illdesk-shots-"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ILLDESK_CONFIG_DIR"] = str(TEMP / "config")
os.environ["ILLDESK_DATA_DIR"] = str(TEMP / "data")
ARTICLE_OPENURL = (
    "https://ill.riverbend.example.edu/openurl?url_ver=Z39.88-2004&rft.genre=article"
    "&rft.atitle=Salmon+runs+of+the+lower+Columbia%2C+1880-1930"
    "&rft.jtitle=Oregon+Historical+Quarterly&rft.issn=0030-4727&rft.volume=112&rft.issue=3"
    "&rft.spage=210&rft.epage=231&rft.date=2011&rft.aulast=Hughes&rft.aufirst=Ana"
    "&rft_id=info:doi/10.5403/oregonhistq.112.3.0210"
)
BOOK_OPENURL = (
    "rft.genre=book&rft.btitle=Quilts+of+the+Oregon+Trail&rft.au=Bresenhan%2C+Karoline"
    "&rft.isbn=0764314181&rft.pub=Schiffer&rft.place=Atglen%2C+PA&rft.date=2001"
)


def wait(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        process_events()
        if condition():
            break
        time.sleep(0.01)
    else:
        raise TimeoutError("the window did not get there in time")
    settle()


def settle() -> None:
    for _ in range(20):
        QThreadPool.globalInstance().waitForDone(2000)
        process_events()
        if not tasks.busy():
            break
    for _ in range(5):
        process_events()


def save(widget: QWidget | QPixmap, name: str) -> None:
    if ONLY and name not in ONLY:
        return
    settle()
    path = OUT / f"{name}.png"
    (widget if isinstance(widget, QPixmap) else widget.grab()).save(str(path))
    print("wrote", path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


def open_queue(win: MainWindow, key: str, row: int | None = 0) -> None:
    win.select_queue(key)
    wait(
        lambda: win.model.queue is not None and win.model.queue.key == key and not win.model.loading
    )
    if row is not None and win.model.rowCount() > row:
        win.queue_view.table.selectRow(row)
        number = win.model.rows[row].number
        wait(lambda: win.detail is not None and win.detail.row.number == number)


def print_shots(win: MainWindow) -> None:
    """The Print menu open over two selected pull-slip requests, and the Print settings."""
    open_queue(win, "l-pull", None)
    selection = win.queue_view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 1):
        selection.select(win.model.index(row, 0), flags)
    bar = win.menuBar()
    menu = win.print_menu
    below = bar.actionGeometry(menu.menuAction()).bottomLeft()
    menu.popup(bar.mapToGlobal(below))
    settle()
    # A popup is a window of its own, so paint it onto the picture of the desk where it opened.
    origin = win.mapToGlobal(QPoint(0, 0))
    shot = win.grab(QRect(0, 0, 1100, 560))
    painter = QPainter(shot)
    painter.drawPixmap(menu.pos() - origin, menu.grab())
    painter.end()
    menu.hide()
    save(shot, "print-menu")

    dialog = PrintSettingsDialog(win, printers=["Office_Laser", "Zebra_GK420d"])
    dialog.show()
    label = dialog.forms[DocumentType.MAILING_LABEL]
    label.printer.setCurrentIndex(label.printer.findData("Zebra_GK420d"))
    label.offset_x.setValue(1.5)
    label.offset_y.setValue(-0.5)
    dialog.show_document(DocumentType.MAILING_LABEL)
    save(dialog, "print-settings")
    dialog.reject()


def reports_shots(win: MainWindow) -> None:
    """The Reports window: a measure month by month, then year over year."""
    if ONLY and not ONLY & {"reports-months", "reports-years", "reports-split"}:
        return
    reports = ReportsWindow(win.services, win)
    reports.resize(1100, 620)
    reports.show()
    reports.select_measure("borrowing.requests")
    reports.show_button.click()
    wait(lambda: reports.report is not None)
    save(reports, "reports-months")
    reports.mode.setCurrentIndex(reports.mode.findData("years"))
    reports.select_measure("lending.filled")
    reports.report = None
    reports.show_button.click()
    wait(lambda: reports.report is not None)
    save(reports, "reports-years")
    reports.mode.setCurrentIndex(reports.mode.findData("split"))
    reports.split.setCurrentIndex(reports.split.findData("library"))
    reports.select_measure("borrowing.filled")
    reports.report = None
    reports.show_button.click()
    wait(lambda: reports.report is not None)
    save(reports, "reports-split")
    reports.close()


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    register_bundled_fonts()  # as the window does: CJK without system fonts
    OUT.mkdir(parents=True, exist_ok=True)
    db = open_database(f"sqlite:///{TEMP / 'demo.sqlite'}", create=True)
    print("making the demo workspace…")
    make_demo(db, size=DemoSize(libraries=30, patrons=120, requests=700, months=12))
    staff = Actor(None, "Dana Whitfield", "DESK-1")
    symbols = [lib.symbol for lib in directory.list_libraries(UnitOfWork(db, read_only=True))]
    lender_groups.save_group(UnitOfWork(db), "Orbis Cascade (free)", symbols[:4])
    win = MainWindow(facade_for(db, staff))
    # The pictures show where a workstation keeps its local file, not this script's temporary
    # folder.
    win.database_label.setText("Database: Local file ~/.local/share/illdesk/workspace.sqlite")
    win.resize(1600, 940)
    win.show()
    wait(lambda: win.tree.topLevelItemCount() >= 4)

    print_shots(win)
    if ONLY and ONLY <= PRINT_SHOTS:
        win.close()
        settle()
        db.dispose()
        return 0

    open_queue(win, "b-waiting", 0)
    win.detail_panel.tabs.setCurrentIndex(0)
    save(win, "main-window")
    save(win.detail_panel, "detail-borrowing-summary")
    win.detail_panel.tabs.setCurrentIndex(2)
    save(win.detail_panel, "detail-borrowing-lenders")
    win.detail_panel.tabs.setCurrentIndex(3)
    save(win.detail_panel, "detail-borrowing-history")
    win.detail_panel.tabs.setCurrentIndex(1)
    save(win.detail_panel, "detail-borrowing-citation")
    win.detail_panel.tabs.setCurrentIndex(0)

    wait(lambda: bool(win.shipping_groups))
    busiest = max(win.shipping_groups, key=lambda g: g.count).queue.key
    for key, name in (
        ("b-overdue", "queue-borrowing-overdue"),
        ("l-pull", "queue-lending-pull"),
        ("r-borrowed", "queue-receiving"),
        (busiest, "queue-shipping"),
    ):
        open_queue(win, key, 0)
        save(win, name)
    # Shipping one library's group in one package.
    open_queue(win, busiest, None)
    win.queue_view.table.clearSelection()  # nothing selected: the library's whole group
    win.ship_package()
    wait(lambda: isinstance(win.dialog, ShipDialog))
    win.dialog.tracking.setText("1Z 999 AA1 01 2345 6784")
    save(win.dialog, "ship-package")
    win.dialog.reject()
    open_queue(win, "l-ship", 0)
    save(win.detail_panel, "detail-lending-summary")

    # Several rows selected and the batch menu.
    open_queue(win, "l-pull", None)
    table = win.queue_view.table
    for i in range(min(4, win.model.rowCount())):
        table.selectionModel().select(
            win.model.index(i, 0),
            table.selectionModel().SelectionFlag.Select | table.selectionModel().SelectionFlag.Rows,
        )
    save(win.queue_view, "queue-batch-selection")

    # Action dialogs.
    open_queue(win, "b-transit", 0)
    win._on_detail_action_clicked(next(c for c in win.detail.actions if c.action is Action.RECEIVE))
    assert isinstance(win.dialog, ActionDialog)
    dialog = win.dialog
    dialog.fields["restrictions"].setText("Library use only")
    save(dialog, "action-receive")
    dialog.reject()
    open_queue(win, "b-waiting", 0)
    win._on_detail_action_clicked(
        next(c for c in win.detail.actions if c.action is Action.LENDER_UNFILLED)
    )
    dialog = win.dialog
    dialog.fields["reason"].setCurrentIndex(dialog.fields["reason"].findText("Not on shelf"))
    save(dialog, "action-lender-cannot-supply")
    dialog.reject()
    open_queue(win, "b-ready", 0)
    choice = next(c for c in win.detail.actions if c.action is Action.SET_LENDERS)
    win._on_detail_action_clicked(choice)
    dialog = win.dialog
    picker = dialog.fields["lenders"]
    wait(lambda: bool(picker.libraries))
    picker.set_symbols(symbols[4:7])
    picker.group_box.setCurrentIndex(0)
    save(dialog, "action-set-lenders")
    dialog.reject()
    open_queue(win, "b-copyright", 0)
    win._on_detail_action_clicked(
        next(c for c in win.detail.actions if c.action is Action.CLEAR_COPYRIGHT)
    )
    save(win.dialog, "action-clear-copyright")
    win.dialog.reject()

    # The edit dialog.
    open_queue(win, "b-new", 0)
    win.edit_request()
    save(win.dialog, "edit-request")
    win.dialog.reject()

    # A supervisor's own queue.
    win.add_custom_queue()
    dialog = win.dialog
    dialog.title.setText("Loans held for patrons")
    dialog.check_status(Status.ON_HOLD_SHELF)
    dialog.check_status(Status.CHECKED_OUT)
    dialog.service.setCurrentIndex(dialog.service.findData("loan"))
    save(dialog, "custom-queue")
    dialog.reject()

    # Entering work.
    patron = directory.search_patrons(UnitOfWork(db, read_only=True), "")[3]
    for kind, link, name in (
        ("loan", BOOK_OPENURL, "form-new-loan"),
        ("copy", ARTICLE_OPENURL, "form-new-copy"),
        ("lending", BOOK_OPENURL, "form-new-lending"),
    ):
        form = RequestForm(win.services, kind, win)
        form.show()
        form.openurl.setText(link)
        form._on_openurl_fill()
        if kind == "lending":
            wait(lambda f=form: f.library_box.count() > 0)
            form.library_box.setCurrentIndex(2)
            form.reference.setText("WAU-2026-00417")
            form.call_number.setText("NK9112 .B74 2001")
            form.location.setText("Main stacks, 3rd floor")
        else:
            form.choose_patron(patron)
            wait(lambda f=form: bool(f.lenders.libraries))
            form.lenders.set_symbols(symbols[:3])
            form.need_before.set_value(date.today() + timedelta(days=30))
        save(form, name)
        form.close()

    # Directories.
    patrons = PatronDirectory(win.services, win)
    patrons.show()
    patrons.search.setText(patron.surname[:2])
    patrons.run_search()
    wait(lambda: patrons.table.rowCount() > 0)
    save(patrons, "patrons")
    editor = PatronEditor(patrons.services, patrons.found[0], patrons)
    editor.show()
    save(editor, "patron-edit")
    editor.close()
    patrons.close()
    libraries = LibraryDirectory(win.services, win)
    libraries.show()
    wait(lambda: libraries.table.rowCount() > 0)
    save(libraries, "libraries")
    lib_editor = LibraryEditor(libraries.services, libraries.libraries[1], libraries)
    lib_editor.show()
    save(lib_editor, "library-edit")
    lib_editor.close()
    libraries.close()
    reports_shots(win)

    # First run.
    wizard = SetupWizard()
    wizard.show()
    save(wizard, "setup-welcome")
    wizard.next()
    for key, text in (
        ("name", "Riverbend Community College Library"),
        ("symbol", "RVB"),
        ("email", "ill@riverbend.example.edu"),
        ("department", "Interlibrary Loan"),
        ("street", "1200 River Road"),
        ("city", "Portland"),
        ("region", "OR"),
        ("postal_code", "97219"),
    ):
        wizard.library.edits[key].setText(text)
    save(wizard, "setup-library")
    wizard.next()
    # What a workstation offers on Linux, not this script's temporary folder.
    wizard.database.path.setText("/home/dana/.local/share/illdesk/workspace.sqlite")
    save(wizard, "setup-database")
    wizard.reject()

    win.close()
    settle()
    db.dispose()
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
