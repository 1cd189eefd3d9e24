"""The desk window's Print menu and Print settings (pytest-qt, offscreen, demo workspace).

Documents are made from the selected requests, their barcodes are decoded back to exactly those
request numbers, and pull slips move their requests to Stacks search only when the preview says
a printer took them.
"""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QItemSelectionModel
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox

from illdesk.app import attach_scan_desk
from illdesk.core.workflow import Status
from illdesk.devices.printers import PrintFailed
from illdesk.printing.model import Stock
from illdesk.services.desk import requests as request_service
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import DocumentType
from illdesk.services.shipping import packages as shipping
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui import print_preview, tasks
from illdesk.ui.print_preview import PrintPreviewDialog
from illdesk.ui.print_settings import PrintSettingsDialog
from tests.ui.conftest import ANN
from tests.ui.helpers import TIMEOUT, settle
from tests.unit.printing.conftest import PdfChecker

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def decoded(pdf: bytes, dpi: int = 300) -> list[str]:
    """Every barcode on every page, read by zxing-cpp from pixels as a scanner would."""
    checker = PdfChecker()
    document = pdfium.PdfDocument(pdf)
    try:
        found: list[str] = []
        for index in range(len(document)):
            image = document[index].render(scale=dpi / 72.0, grayscale=True).to_pil()
            found += checker.decode(image.convert("L"))
        return sorted(found)
    finally:
        document.close()


def page_size(pdf: bytes) -> tuple[float, float]:
    document = pdfium.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
        return round(width), round(height)
    finally:
        document.close()


def open_queue(qtbot, win, key: str) -> None:
    win.select_queue(key)
    qtbot.waitUntil(
        lambda: (
            win.model.queue is not None
            and win.model.queue.key == key
            and not win.model.loading
            and win.model.rowCount() > 0
        ),
        timeout=TIMEOUT,
    )


def select_rows(win, rows: list[int]) -> list[str]:
    selection = win.queue_view.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(win.model.index(row, 0), flags)
    return [r.number for r in win.queue_view.selected_rows()]


def preview_of(qtbot, win) -> PrintPreviewDialog:
    qtbot.waitUntil(lambda: isinstance(win.dialog, PrintPreviewDialog), timeout=30_000)
    dialog = win.dialog
    assert isinstance(dialog, PrintPreviewDialog)
    qtbot.waitUntil(lambda: dialog.printers_loaded, timeout=TIMEOUT)
    return dialog


def idle(qtbot) -> None:
    """Wait until every background task reported back (`settle` alone can return while a
    worker is still busy, and a "nothing changed" check would then pass too early)."""
    qtbot.waitUntil(lambda: not tasks.busy(), timeout=TIMEOUT)
    settle()


def status(win, number: str) -> str:
    detail = request_service.get_detail(
        UnitOfWork(win.services.session.database, ANN, read_only=True), number
    )
    return str(detail.row.status)


# ---------------------------------------------------------------- book bands


def test_book_bands_for_two_selected_requests_scan_to_those_numbers(qtbot, window) -> None:
    open_queue(qtbot, window, "b-hold")
    assert window.model.rowCount() >= 3
    numbers = select_rows(window, [0, 2])
    assert len(numbers) == 2
    assert window.printing.act_book_bands.isEnabled()
    assert not window.printing.act_pull_slips.isEnabled()  # pull slips are for lending
    window.printing.act_book_bands.trigger()
    dialog = preview_of(qtbot, window)
    assert dialog.document_type == DocumentType.BOOK_BAND.value
    assert dialog.windowTitle() == "Book bands — 2 requests"
    assert decoded(dialog.pdf_bytes) == sorted(numbers)
    assert dialog.page_count() == 1  # three strips to a Letter page


def test_nothing_selected_prints_the_whole_queue(qtbot, window) -> None:
    open_queue(qtbot, window, "b-hold")
    window.queue_view.table.clearSelection()
    everyone = [window.model.rows[i].number for i in range(window.model.rowCount())]
    assert window.printing.scope_action.text() == "For every request in “On hold shelf”"
    window.printing.act_hold_slips.trigger()
    dialog = preview_of(qtbot, window)
    assert decoded(dialog.pdf_bytes) == sorted(everyone)


def test_a_refusal_is_shown_in_staff_words(qtbot, window) -> None:
    open_queue(qtbot, window, "b-copies")  # copies: nothing to wrap a band around
    select_rows(window, [0])
    window.printing.act_book_bands.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=TIMEOUT)
    assert "book bands go only on items we borrow" in window.dialog.text()
    assert window.printing.making is None
    assert window.printing.act_book_bands.isEnabled()


# ---------------------------------------------------------------- pull slips


def test_printed_pull_slips_move_the_requests_to_stacks_search(qtbot, window) -> None:
    open_queue(qtbot, window, "l-pull")
    numbers = select_rows(window, [0, 1])
    stacks_before = window.counts["l-stacks"]
    window.printing.act_pull_slips.trigger()
    dialog = preview_of(qtbot, window)
    assert [n for n in decoded(dialog.pdf_bytes) if n.startswith("L-")] == sorted(numbers)
    assert {status(window, n) for n in numbers} == {Status.PULL_SLIP.value}
    dialog.printed.emit("Office_Laser")
    qtbot.waitUntil(
        lambda: {status(window, n) for n in numbers} == {Status.STACKS_SEARCH.value},
        timeout=TIMEOUT,
    )
    qtbot.waitUntil(lambda: window.counts["l-stacks"] == stacks_before + 2, timeout=TIMEOUT)
    assert "2 requests moved to Stacks search" in window.statusBar().currentMessage()


def test_pull_slips_closed_without_printing_change_nothing(
    qtbot, window, monkeypatch, tmp_path
) -> None:
    open_queue(qtbot, window, "l-pull")
    numbers = select_rows(window, [0, 1])
    window.printing.act_pull_slips.trigger()
    dialog = preview_of(qtbot, window)

    class Cancels:
        """The system print dialog, where the person presses Cancel."""

        def __init__(self, printer: QPrinter, _parent) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(print_preview, "QPrintDialog", Cancels)
    dialog.print_button.click()
    # Saved as a PDF: it may never reach paper, so it does not count as printed either.
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        staticmethod(lambda *a, **k: (str(tmp_path / "slips.pdf"), "PDF files")),
    )
    dialog.save_button.click()
    assert (tmp_path / "slips.pdf").exists()
    dialog.close_button.click()
    idle(qtbot)
    assert window.dialog is None
    assert {status(window, n) for n in numbers} == {Status.PULL_SLIP.value}


def test_pull_slips_printed_to_a_file_stay_to_print(qtbot, window, monkeypatch, tmp_path) -> None:
    open_queue(qtbot, window, "l-pull")
    numbers = select_rows(window, [0, 1])
    window.printing.act_pull_slips.trigger()
    dialog = preview_of(qtbot, window)
    out = tmp_path / "slips.pdf"

    class OnlyPrintToFile:
        """The print dialog of a desk with no printer: "Print to File (PDF)" is all it has."""

        def __init__(self, printer: QPrinter, _parent) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_preview, "QPrintDialog", OnlyPrintToFile)
    with qtbot.waitSignal(dialog.saved, timeout=60_000):
        dialog.print_button.click()
    idle(qtbot)
    assert out.exists()
    assert {status(window, n) for n in numbers} == {Status.PULL_SLIP.value}
    message = window.statusBar().currentMessage()
    assert "Printed on" not in message and "stay in “Pull slips to print”" in message
    # With no printer and no file chosen, nothing is printed and the desk is told why.
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))

    class NoPrinterNoFile(OnlyPrintToFile):
        def exec(self) -> QDialog.DialogCode:
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName("")
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_preview, "QPrintDialog", NoPrinterNoFile)
    dialog.print_button.click()
    assert warnings and "No printer is set up" in warnings[0]
    assert {status(window, n) for n in numbers} == {Status.PULL_SLIP.value}
    dialog.reject()


def test_pull_slips_that_fail_to_print_change_nothing(qtbot, window, monkeypatch) -> None:
    open_queue(qtbot, window, "l-pull")
    numbers = select_rows(window, [0])
    window.printing.act_pull_slips.trigger()
    dialog = preview_of(qtbot, window)

    class Accepts:
        def __init__(self, printer: QPrinter, _parent) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self) -> QDialog.DialogCode:
            return QDialog.DialogCode.Accepted

    def jammed(_pdf: bytes, _printer: QPrinter) -> int:
        raise PrintFailed("The printer “Office_Laser” stopped.")

    warnings: list[str] = []
    monkeypatch.setattr(print_preview, "QPrintDialog", Accepts)
    # As on a desk with a printer (this test machine may have none, and then the dialog
    # says so before trying).
    monkeypatch.setattr(print_preview, "goes_to_a_printer", lambda _printer: True)
    monkeypatch.setattr(print_preview, "print_pdf_to_printer", jammed)
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    dialog.print_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=TIMEOUT)
    idle(qtbot)
    assert "stopped" in warnings[0]
    assert status(window, numbers[0]) == Status.PULL_SLIP.value
    dialog.reject()


# ---------------------------------------------------------------- packages


def test_mailing_label_and_packing_slip_of_a_shipped_package(qtbot, window) -> None:
    open_queue(qtbot, window, "l-ship")
    by_library: dict[str, list[str]] = {}
    for row in window.model.rows:
        by_library.setdefault(row.library, []).append(row.number)
    symbol, numbers = max(by_library.items(), key=lambda item: len(item[1]))
    assert len(numbers) >= 2
    numbers = numbers[:2]

    # Not packed yet: a label addressed to the library, and no packing slip to print.
    rows = [i for i, r in enumerate(window.model.rows) if r.number in numbers]
    select_rows(window, rows)
    window.printing.act_mailing_labels.trigger()
    label = preview_of(qtbot, window)
    assert decoded(label.pdf_bytes, 203) == [symbol]
    label.reject()
    window.printing.act_packing_slip.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=TIMEOUT)
    assert "not gone out in a package yet" in window.dialog.text()
    window.dialog.close()

    package = shipping.ship_package(
        UnitOfWork(window.services.session.database, ANN),
        symbol,
        numbers,
        shipping.DeliveryMethod.COURIER,
    )
    window.printing.act_packing_slip.trigger()
    slip = preview_of(qtbot, window)
    assert decoded(slip.pdf_bytes) == sorted([package.number, *numbers])
    slip.reject()
    window.printing.act_mailing_labels.trigger()
    label = preview_of(qtbot, window)
    assert decoded(label.pdf_bytes, 203) == [package.number]


# ---------------------------------------------------------------- settings


def test_print_settings_save_reload_and_are_used(qtbot, window) -> None:
    window.act_print_settings.trigger()
    dialog = window.dialog
    assert isinstance(dialog, PrintSettingsDialog)
    band = dialog.forms[DocumentType.BOOK_BAND]
    band.stock.setCurrentIndex(band.stock.findData(Stock.A4.value))
    band.dpi.setCurrentIndex(band.dpi.findData(600))
    label = dialog.forms[DocumentType.MAILING_LABEL]
    label.stock.setCurrentIndex(label.stock.findData(Stock.THERMAL_4X3.value))
    label.offset_x.setValue(1.5)
    label.offset_y.setValue(-0.5)
    with qtbot.waitSignal(dialog.saved, timeout=TIMEOUT):
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    settle()
    assert window.dialog is None

    assert print_profiles.load(DocumentType.MAILING_LABEL) == print_profiles.DocumentProfile(
        Stock.THERMAL_4X3, 203, "", 1.5, -0.5
    )
    assert print_profiles.load(DocumentType.BOOK_BAND) == print_profiles.DocumentProfile(
        Stock.A4, 600
    )
    assert print_profiles.load(DocumentType.PULL_SLIPS) == print_profiles.default(
        DocumentType.PULL_SLIPS
    )

    window.act_print_settings.trigger()
    again = window.dialog
    assert isinstance(again, PrintSettingsDialog)
    assert again.forms[DocumentType.MAILING_LABEL].profile() == print_profiles.load(
        DocumentType.MAILING_LABEL
    )
    assert again.forms[DocumentType.BOOK_BAND].dpi.currentData() == 600
    again.reject()
    settle()

    # The menu prints with the saved profile: bands on A4 now.
    open_queue(qtbot, window, "b-hold")
    numbers = select_rows(window, [0])
    window.printing.act_book_bands.trigger()
    preview = preview_of(qtbot, window)
    assert page_size(preview.pdf_bytes) == (595, 842)
    assert decoded(preview.pdf_bytes) == numbers


def test_a_test_page_shows_the_values_on_screen(qtbot, window) -> None:
    window.act_print_settings.trigger()
    dialog = window.dialog
    assert isinstance(dialog, PrintSettingsDialog)
    dialog.show_document(DocumentType.MAILING_LABEL)
    form = dialog.forms[DocumentType.MAILING_LABEL]
    form.stock.setCurrentIndex(form.stock.findData(Stock.THERMAL_4X3.value))
    dialog.test_button.click()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=30_000)
    preview = dialog.preview
    assert preview is not None
    qtbot.waitUntil(lambda: preview.printers_loaded, timeout=TIMEOUT)
    assert page_size(preview.pdf_bytes) == (288, 216)  # 4 x 3 in
    assert len(decoded(preview.pdf_bytes, 203)) == 1
    preview.reject()
    dialog.reject()


# ---------------------------------------------------------------- keys


def test_print_shortcuts_clash_with_nothing_in_the_window(qtbot, window) -> None:
    desk = attach_scan_desk(window, window.services)
    try:
        assert window.printing.act_book_bands.shortcut() == QKeySequence("Ctrl+B")
        assert window.printing.act_pull_slips.shortcut() == QKeySequence("Ctrl+Shift+S")
        taken: list[QKeySequence] = []
        for action in window.findChildren(type(window.printing.act_book_bands)):
            if action not in (window.printing.act_book_bands, window.printing.act_pull_slips):
                taken += action.shortcuts()
        taken += [s.key() for s in window.findChildren(QShortcut)]
        for key in ("Ctrl+B", "Ctrl+Shift+S"):
            assert QKeySequence(key) not in taken, key
        assert window.print_menu.actions()[2] is window.printing.act_book_bands
    finally:
        desk.shutdown()


# ---------------------------------------------------------------- a label to the patron


def test_a_mailing_label_to_the_patron_of_one_borrowing_request(qtbot, window) -> None:
    import sqlalchemy as sa

    from illdesk.store.facility_schema import Facility
    from illdesk.store.schema import Patron, Request

    with UnitOfWork(window.services.session.database, ANN, read_only=True) as uow:
        # The demo's held requests with an address are for people inside a facility: their
        # label goes to the facility's address (a patron's own street otherwise).
        mailed, street = uow.session.execute(
            sa.select(Request.number, sa.func.coalesce(Facility.street, Patron.mail_street))
            .join(Patron, Request.patron_id == Patron.id)
            .outerjoin(Facility, Patron.facility_id == Facility.id)
            .where(
                Request.status == "on_hold_shelf",
                sa.or_(Patron.mail_street != "", Patron.facility_id.is_not(None)),
            )
            .order_by(Patron.facility_id.is_(None).desc())
            .limit(1)
        ).one()
        at_desk = uow.session.scalars(
            sa.select(Request.number)
            .join(Patron, Request.patron_id == Patron.id)
            .where(
                Request.status == "on_hold_shelf",
                Patron.mail_street == "",
                Patron.facility_id.is_(None),
            )
            .limit(1)
        ).one()
    open_queue(qtbot, window, "b-hold")
    rows = [r.number for r in window.model.rows]
    select_rows(window, [rows.index(mailed), rows.index(at_desk)])
    assert not window.printing.act_patron_label.isEnabled()  # one request at a time
    select_rows(window, [rows.index(mailed)])
    assert window.printing.act_patron_label.isEnabled()
    window.printing.act_patron_label.trigger()
    dialog = preview_of(qtbot, window)
    assert dialog.document_type == DocumentType.MAILING_LABEL.value
    assert decoded(dialog.pdf_bytes) == [mailed]
    document = pdfium.PdfDocument(dialog.pdf_bytes)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert street in text
    dialog.close()
    settle()
    # A patron who collects at the desk has no address to mail to: said, nothing made.
    select_rows(window, [rows.index(at_desk)])
    window.printing.act_patron_label.trigger()
    qtbot.waitUntil(lambda: isinstance(window.dialog, QMessageBox), timeout=TIMEOUT)
    assert "has no mailing address" in window.dialog.text()
