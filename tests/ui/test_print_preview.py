"""The print preview dialog (pytest-qt, offscreen): it shows the document, saves the very same
bytes, prints through a real QPrinter (to a PDF file here) and remembers the printer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog

from illdesk.printing import samples
from illdesk.printing.model import PrintProfile, Stock
from illdesk.printing.pull_slip import pull_slips_pdf
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import DocumentType
from illdesk.ui import print_preview
from illdesk.ui.print_preview import PrintPreviewDialog
from tests.unit.printing.conftest import PdfChecker

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

SLIPS = samples.pull_slips()


@pytest.fixture
def pdf() -> bytes:
    return pull_slips_pdf(SLIPS, PrintProfile(Stock.LETTER, 300))


@pytest.fixture
def dialog(qtbot, pdf):
    shown = PrintPreviewDialog(pdf, "Pull slips", DocumentType.PULL_SLIPS.value)
    qtbot.addWidget(shown)
    # The printer list arrives from a background task; let it land before the test ends.
    qtbot.waitUntil(lambda: shown.printers_loaded, timeout=10_000)
    return shown


def decoded(pdf: bytes, dpi: int) -> list[str]:
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


def test_the_document_is_shown_page_by_page(dialog) -> None:
    # Seven slips, four to a Letter page.
    assert dialog.page_count() == 2
    assert dialog.view.document() is dialog.document
    assert "2 pages" in dialog.status_label.text()
    assert dialog.windowTitle() == "Pull slips"


def test_a_damaged_pdf_says_so(qtbot) -> None:
    shown = PrintPreviewDialog(b"%PDF-1.4 not really", "Broken", "pull-slips")
    qtbot.addWidget(shown)
    qtbot.waitUntil(lambda: shown.printers_loaded, timeout=10_000)
    assert shown.page_count() == 0
    assert "could not be shown" in shown.status_label.text()


def test_save_as_pdf_writes_the_same_bytes(qtbot, dialog, pdf, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "slips"  # no suffix typed: .pdf is added
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "PDF files"))
    )
    with qtbot.waitSignal(dialog.saved, timeout=5_000) as saved:
        dialog.save_button.click()
    assert saved.args == [str(tmp_path / "slips.pdf")]
    assert (tmp_path / "slips.pdf").read_bytes() == pdf
    assert list(tmp_path.iterdir()) == [tmp_path / "slips.pdf"]


def test_save_as_pdf_starts_in_documents_with_a_name_that_says_what_it_is(
    qtbot, pdf, tmp_path: Path, monkeypatch
) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no user-dirs.dirs there
    offered: list[str] = []

    def choose(_parent, _caption, start, _filter):
        offered.append(start)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    bands = PrintPreviewDialog(pdf, "1 book band(s)", DocumentType.BOOK_BAND.value)
    qtbot.addWidget(bands)
    qtbot.waitUntil(lambda: bands.printers_loaded, timeout=10_000)
    bands.save_button.click()
    today = date.today().isoformat()
    assert offered == [str(documents / f"book-bands-{today}.pdf")]
    slips = PrintPreviewDialog(pdf, "7 slips", DocumentType.PULL_SLIPS.value)
    qtbot.addWidget(slips)
    qtbot.waitUntil(lambda: slips.printers_loaded, timeout=10_000)
    slips.save_button.click()
    assert offered[-1] == str(documents / f"pull-slips-{today}.pdf")


def test_cancelled_save_writes_nothing(dialog, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", "")))
    dialog.save_button.click()
    assert "Saved" not in dialog.status_label.text()


def test_print_goes_through_a_real_qprinter_and_still_scans(
    qtbot, dialog, tmp_path: Path, monkeypatch
) -> None:
    out = tmp_path / "printed.pdf"

    class ChoosesPdfFile:
        """Stands in for the system print dialog: the person picks "print to file"."""

        def __init__(self, printer: QPrinter, _parent) -> None:
            self.printer = printer

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self):
            self.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.printer.setOutputFileName(str(out))
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(print_preview, "QPrintDialog", ChoosesPdfFile)
    printed_signals: list[str] = []
    dialog.printed.connect(printed_signals.append)
    # "Print to File" paints through the real QPrinter, but it is a save, not a print.
    with qtbot.waitSignal(dialog.saved, timeout=60_000) as saved:
        dialog.print_button.click()
    assert saved.args == [str(out)] and printed_signals == []
    assert "Nothing was sent to a printer" in dialog.status_label.text()
    assert "Printed" not in dialog.status_label.text()
    printed = out.read_bytes()
    assert len(pdfium.PdfDocument(printed)) == 2
    assert decoded(printed, 300) == decoded(dialog.pdf_bytes, 300)
    assert sorted(s.request_number for s in SLIPS) == [
        v for v in decoded(printed, 300) if v.startswith("L-")
    ]


def test_the_printer_is_remembered_per_document(dialog) -> None:
    dialog._on_print_done("Desk_Laser")
    assert print_profiles.load(DocumentType.PULL_SLIPS).printer == "Desk_Laser"
    assert print_profiles.load(DocumentType.MAILING_LABEL).printer == ""
    stored = json.loads(print_profiles.path().read_text(encoding="utf-8"))
    assert stored["schema_version"] == print_profiles.SCHEMA_VERSION
    assert stored["documents"]["pull-slips"]["printer"] == "Desk_Laser"


def test_profiles_survive_a_damaged_file_and_refuse_impossible_stock() -> None:
    print_profiles.path().parent.mkdir(parents=True, exist_ok=True)
    print_profiles.path().write_text("{not json", encoding="utf-8")
    assert print_profiles.load(DocumentType.MAILING_LABEL) == print_profiles.default(
        DocumentType.MAILING_LABEL
    )
    bad = print_profiles.DocumentProfile(Stock.THERMAL_4X6, 203)
    with pytest.raises(print_profiles.InvalidProfile, match="cannot be printed on thermal-4x6"):
        print_profiles.save(DocumentType.PACKING_SLIP, bad)
    calibrated = print_profiles.DocumentProfile(Stock.THERMAL_4X3, 300, "Zebra", 1.5, -0.5)
    print_profiles.save(DocumentType.MAILING_LABEL, calibrated)
    assert print_profiles.load(DocumentType.MAILING_LABEL) == calibrated
    assert calibrated.print_profile() == PrintProfile(Stock.THERMAL_4X3, 300, 1.5, -0.5)


def test_a_desk_with_no_printer_and_file_printers_never_count_as_paper() -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert not print_preview.goes_to_a_printer(printer)
    for name in ("PDF", "Cups-PDF", "Microsoft Print to PDF", "Microsoft XPS Document Writer"):
        assert print_preview.is_file_printer(name), name
    for name in ("Office_Laser", "Zebra_ZD421", "HP_LaserJet_M404"):
        assert not print_preview.is_file_printer(name), name
