"""The scanning desk on screen: key bursts, a serial scanner on a real pty, modes, undo."""

from __future__ import annotations

import os
import tty

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from illdesk.devices.serial_scanner import SerialScannerSettings
from illdesk.services.desk import requests
from illdesk.services.desk.scan import Level
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.facade import facade_for
from illdesk.ui.scan_desk import COLOURS, ScanDesk
from tests.conftest import ANN
from tests.integration.helpers import borrow, seed_directory


@pytest.fixture
def desk(qtbot, sqlite_url, clock):
    db = open_database(sqlite_url)

    def uow(actor=ANN, read_only=False):
        return UnitOfWork(db, actor, clock, read_only=read_only)

    seed_directory(uow)
    numbers = []
    for title in ("Glaciers", "Ferries", "Missions"):
        row = borrow(uow, title, allow_duplicate=True)
        requests.perform(uow(), row.number, "approve")
        requests.perform(uow(), row.number, "send")
        numbers.append(row.number)
    host = QWidget()
    box = QVBoxLayout(host)
    other_field = QLineEdit()
    other_field.setObjectName("note field")
    box.addWidget(other_field)
    widget = ScanDesk(facade_for(db, ANN))
    box.addWidget(widget)
    qtbot.addWidget(host)
    host.show()
    widget.wait_idle()
    yield widget, numbers, other_field, uow
    widget.shutdown()
    db.dispose()


def frame_colour(widget: ScanDesk) -> str:
    """The colour the answer panel is painted in (what the person at the desk sees)."""
    return widget.result_frame.palette().color(QPalette.ColorRole.Window).name()


def status(uow, number: str) -> str:
    return requests.get_detail(uow(read_only=True), number).row.status


def scan_into(qtbot, desk: ScanDesk, text: str) -> object:
    with qtbot.waitSignal(desk.result_shown, timeout=10_000) as blocker:
        QTest.keyClicks(desk.scan_field, text)
        QTest.keyClick(desk.scan_field, Qt.Key.Key_Return)
    return blocker.args[0]


def test_scan_field_receives_and_shows_it_big_and_green(qtbot, desk) -> None:
    widget, numbers, _, uow = desk
    result = scan_into(qtbot, widget, numbers[0])
    assert result.level is Level.SUCCESS and status(uow, numbers[0]) == "on_hold_shelf"
    assert "Received" in widget.headline.text()
    assert widget.next_step.text() == "Band it, then to the hold shelf"
    assert frame_colour(widget) == COLOURS[Level.SUCCESS][0]
    assert widget.log.rowCount() == 1 and widget.log.item(0, 3).text() == numbers[0]
    assert widget.sounds.played[-1] == "success"
    assert widget.scan_field.text() == ""


def test_unknown_barcode_is_red_and_changes_nothing(qtbot, desk) -> None:
    widget, numbers, _, uow = desk
    result = scan_into(qtbot, widget, "NO-SUCH-THING")
    assert result.level is Level.ERROR
    assert frame_colour(widget) == COLOURS[Level.ERROR][0]
    assert widget.sounds.played[-1] == "error"
    assert [status(uow, n) for n in numbers] == ["sent", "sent", "sent"]


def test_mode_keys_and_undo_key(qtbot, desk) -> None:
    widget, numbers, _, uow = desk
    with qtbot.waitSignal(widget.mode_changed):
        QTest.keyClick(widget.scan_field, Qt.Key.Key_F3)
    assert widget.mode_label.text() == "Mode: Receive"
    scan_into(qtbot, widget, numbers[1])
    assert status(uow, numbers[1]) == "on_hold_shelf"
    with qtbot.waitSignal(widget.result_shown, timeout=10_000) as blocker:
        QTest.keyClick(widget.scan_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].headline == "Last scan undone" and status(uow, numbers[1]) == "sent"


def test_burst_typed_into_another_field_is_taken_as_a_scan(qtbot, desk) -> None:
    widget, numbers, other_field, uow = desk
    widget.install_wedge_filter()
    other_field.setFocus()
    qtbot.waitUntil(other_field.hasFocus)
    with qtbot.waitSignal(widget.result_shown, timeout=10_000):
        QTest.keyClicks(other_field, numbers[2])  # no delay: a scanner's burst
        QTest.keyClick(other_field, Qt.Key.Key_Return)
    assert other_field.text() == ""
    assert status(uow, numbers[2]) == "on_hold_shelf"


def test_serial_scanner_on_a_real_pty(qtbot, desk) -> None:
    widget, numbers, _, uow = desk
    master, slave = os.openpty()
    tty.setraw(slave)
    try:
        states: list[str] = []
        widget.scanner_state.connect(states.append)
        widget.attach_serial_scanner(SerialScannerSettings(port=os.ttyname(slave)))
        qtbot.waitUntil(lambda: "connected" in states, timeout=5_000)
        with qtbot.waitSignal(widget.result_shown, timeout=10_000) as blocker:
            os.write(master, f"]C0{numbers[0]}".encode()[:6])
            os.write(master, f"]C0{numbers[0]}\r\n".encode()[6:])
        assert blocker.args[0].headline == "Received"
        assert status(uow, numbers[0]) == "on_hold_shelf"
    finally:
        if widget.serial is not None:
            widget.serial.stop()
        os.close(master)
        os.close(slave)


def test_received_items_make_one_pdf_of_book_bands(qtbot, desk, monkeypatch) -> None:
    import pypdfium2
    import zxingcpp

    widget, numbers, _, _uow = desk
    monkeypatch.setattr(widget, "_preview", lambda pdf, count: None)
    for number in numbers[:2]:
        scan_into(qtbot, widget, number)
    assert widget.bands_button.isEnabled() and "Print 2 book bands" in widget.bands_button.text()
    widget.window().activateWindow()
    widget.scan_field.setFocus()
    qtbot.waitUntil(widget.scan_field.hasFocus)
    with qtbot.waitSignal(widget.bands_ready, timeout=20_000) as blocker:
        QTest.keyClick(widget.scan_field, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    pdf = pypdfium2.PdfDocument(blocker.args[0])
    found = set()
    for page in pdf:
        image = page.render(scale=300 / 72).to_pil()
        found.update(code.text for code in zxingcpp.read_barcodes(image))
    assert set(numbers[:2]) <= found
    assert widget.bands_to_print == [] and not widget.bands_button.isEnabled()


def test_undoing_a_check_out_keeps_the_band_of_the_item_still_received(qtbot, desk) -> None:
    from tests.integration.helpers import CARD

    widget, numbers, _, uow = desk
    scan_into(qtbot, widget, numbers[0])
    assert widget.bands_to_print == [numbers[0]] and widget.bands_button.isEnabled()
    with qtbot.waitSignal(widget.mode_changed):
        QTest.keyClick(widget.scan_field, Qt.Key.Key_F4)
    scan_into(qtbot, widget, CARD)
    scan_into(qtbot, widget, numbers[0])
    assert status(uow, numbers[0]) == "checked_out"
    with qtbot.waitSignal(widget.result_shown, timeout=10_000) as blocker:
        QTest.keyClick(widget.scan_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args[0].headline == "Last scan undone"
    assert status(uow, numbers[0]) == "on_hold_shelf"  # still received
    assert widget.bands_to_print == [numbers[0]] and widget.bands_button.isEnabled()
    # Undoing a receive does take its band away.
    with qtbot.waitSignal(widget.mode_changed):
        QTest.keyClick(widget.scan_field, Qt.Key.Key_F3)
    scan_into(qtbot, widget, numbers[1])
    with qtbot.waitSignal(widget.result_shown, timeout=10_000):
        QTest.keyClick(widget.scan_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert status(uow, numbers[1]) == "sent"
    assert widget.bands_to_print == [numbers[0]]


def test_due_date_and_restrictions_set_at_the_desk_go_with_the_receive(qtbot, desk) -> None:
    from datetime import date

    from PySide6.QtCore import QDate

    widget, numbers, _, uow = desk
    widget.due_check.setChecked(True)
    widget.due_edit.setDate(QDate(2026, 4, 27))
    widget.restrictions_box.setCurrentIndex(1)  # Library use only
    result = scan_into(qtbot, widget, numbers[0])
    assert "Library use only" in result.detail
    detail = requests.get_detail(uow(read_only=True), numbers[0])
    assert detail.row.lender_due_date == date(2026, 4, 27)
    assert detail.restrictions == "Library use only"
    widget.due_check.setChecked(False)
    widget.restrictions_box.setCurrentIndex(0)
    scan_into(qtbot, widget, numbers[1])
    other = requests.get_detail(uow(read_only=True), numbers[1])
    assert other.restrictions == "" and other.row.lender_due_date != date(2026, 4, 27)


def test_not_found_and_closing_a_package_at_the_desk(qtbot, desk, monkeypatch) -> None:
    import pypdfium2
    import zxingcpp

    from illdesk.services.desk.scan import DeskMode
    from tests.integration.helpers import lend

    widget, _numbers, _, uow = desk
    monkeypatch.setattr(widget, "_preview", lambda *args, **kwargs: None)
    loans = []
    for title in ("Quilts", "Jazz"):
        row = lend(uow, title)
        requests.perform(uow(), row.number, "accept")
        requests.perform(uow(), row.number, "print_pull_slip")
        loans.append(row.number)
    widget.set_mode(DeskMode.STACKS_SEARCH)
    widget.not_found.setChecked(True)  # "Not on shelf" is the first reason
    result = scan_into(qtbot, widget, loans[0])
    assert result.headline == "Not found: unfilled"
    widget.not_found.setChecked(False)
    assert scan_into(qtbot, widget, loans[1]).headline == "Found"
    from dataclasses import replace as copy_with

    from illdesk.core.address import PostalAddress
    from illdesk.services.admin import settings as library_settings

    with uow() as work:  # a label needs our own return address
        ours = library_settings.load(work)
        home = copy_with(
            ours.home,
            name="Riverbend Library",
            address=PostalAddress(
                name="Riverbend Library",
                street="1200 River Rd",
                city="Portland",
                region="OR",
                postal_code="97219",
            ),
        )
        library_settings.save(work, copy_with(ours, home=home))
        work.commit()
    # This desk prints labels on a 4 x 3 in thermal printer (Desk ▸ Print settings).
    from illdesk.printing.model import Stock
    from illdesk.services.printing import profiles as print_profiles
    from illdesk.services.printing.documents import DocumentType

    print_profiles.save(
        DocumentType.MAILING_LABEL, print_profiles.DocumentProfile(Stock.THERMAL_4X3, 203)
    )
    widget.set_mode(DeskMode.PACK)
    scan_into(qtbot, widget, loans[1])
    with qtbot.waitSignal(widget.package_documents, timeout=20_000) as blocker:
        widget.close_package()
    package, label, slip = blocker.args
    assert package.startswith("P-26-")
    document = pypdfium2.PdfDocument(label)
    try:
        size = tuple(round(x) for x in document[0].get_size())
    finally:
        document.close()
    assert size == (288, 216)  # the desk's own label stock, not the default
    for pdf, expected in ((label, {package}), (slip, {loans[1]})):
        found = set()
        for page in pypdfium2.PdfDocument(pdf):
            image = page.render(scale=300 / 72).to_pil()
            found.update(code.text for code in zxingcpp.read_barcodes(image))
        assert expected <= found, (expected, found)
    assert status(uow, loans[0]) == "unfilled" and status(uow, loans[1]) == "on_loan"
