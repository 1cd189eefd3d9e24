"""Print settings of this workstation: for each document, the printer, the stock, the printer's
resolution and the calibration offsets, saved in the print profiles
(`illdesk.services.printing.profiles`).

A test page prints a sample of the document with the values on screen, before they are
saved, so staff can adjust the offsets until the label comes out where it should (the
preview offers the printer last saved for the document; its Print… dialog can pick another).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from illdesk.printing import samples
from illdesk.printing.book_band import book_bands_pdf
from illdesk.printing.hold_slip import hold_slips_pdf
from illdesk.printing.mailing_label import mailing_labels_pdf
from illdesk.printing.model import PrintProfile, Stock
from illdesk.printing.packing_slip import packing_slip_pdf
from illdesk.printing.pull_slip import pull_slips_pdf
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import DocumentType
from illdesk.services.printing.profiles import STOCKS, DocumentProfile, InvalidProfile
from illdesk.ui.print_preview import PrintPreviewDialog
from illdesk.ui.tasks import run_task

STOCK_LABELS = {
    Stock.THERMAL_4X6: "Thermal label, 4 × 6 in",
    Stock.THERMAL_4X3: "Thermal label, 4 × 3 in",
    Stock.THERMAL_2X6: "Thermal label, 2 × 6 in",
    Stock.LETTER: "Letter paper",
    Stock.A4: "A4 paper",
    Stock.LETTER_LABELS_2X5: "Letter label sheet, 10 labels of 4 × 2 in",
    Stock.A4_LABELS_2X4: "A4 label sheet, 8 labels of 99.1 × 67.7 mm",
}
RESOLUTIONS = (203, 300, 600)
ASK_EACH_TIME = "Ask each time"


def test_page(document: DocumentType, profile: PrintProfile) -> bytes:
    """A sample of `document` laid out with `profile` (no database: made-up requests)."""
    if document is DocumentType.MAILING_LABEL:
        return mailing_labels_pdf([samples.mailing_label()], profile)
    if document is DocumentType.PACKING_SLIP:
        return packing_slip_pdf(samples.packing_slip(), profile)
    if document is DocumentType.BOOK_BAND:
        return book_bands_pdf([samples.book_band()], profile)
    if document is DocumentType.PULL_SLIPS:
        return pull_slips_pdf(samples.pull_slips(), profile)
    return hold_slips_pdf([samples.hold_slip()], profile)


def printer_names() -> list[str]:
    """Printers the system offers (through CUPS on Linux and macOS), default first."""
    names = QPrinterInfo.availablePrinterNames()
    default = QPrinterInfo.defaultPrinterName()
    return sorted(names, key=lambda name: (name != default, name.casefold()))


class ProfileForm(QWidget):
    """The fields of one document's profile."""

    def __init__(
        self, document: DocumentType, printers: list[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.printer = QComboBox()
        self.printer.setAccessibleName(f"Printer for the {document.label.lower()}")
        self.printer.addItem(ASK_EACH_TIME, "")
        for name in printers:
            self.printer.addItem(name, name)
        self.stock = QComboBox()
        self.stock.setAccessibleName(f"Paper or labels for the {document.label.lower()}")
        for stock in STOCKS[document]:
            self.stock.addItem(STOCK_LABELS[stock], stock.value)
        self.dpi = QComboBox()
        self.dpi.setAccessibleName("Printer resolution")
        self.dpi.setToolTip(
            "On the printer's own label: most thermal label printers are 203 dpi, some 300; "
            "office laser printers 300 or 600."
        )
        for dpi in RESOLUTIONS:
            self.dpi.addItem(f"{dpi} dpi", dpi)
        self.offset_x = self._offset("Move right by", "Negative moves the print left")
        self.offset_y = self._offset("Move up by", "Negative moves the print down")

        form = QFormLayout(self)
        form.addRow("Printer:", self.printer)
        form.addRow("Paper or labels:", self.stock)
        form.addRow("Resolution:", self.dpi)
        form.addRow("Move right by:", self.offset_x)
        form.addRow("Move up by:", self.offset_y)
        hint = QLabel(
            "If the print lands off the label, print a test page, measure how far it is off "
            "and enter that here."
        )
        hint.setWordWrap(True)
        form.addRow(hint)

    @staticmethod
    def _offset(name: str, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox()
        box.setRange(-print_profiles.MAX_OFFSET_MM, print_profiles.MAX_OFFSET_MM)
        box.setDecimals(1)
        box.setSingleStep(0.5)
        box.setSuffix(" mm")
        box.setMaximumWidth(140)  # a few characters: a full-width box reads as a text field
        box.setAccessibleName(name)
        box.setToolTip(tip)
        return box

    def set_profile(self, profile: DocumentProfile) -> None:
        index = self.printer.findData(profile.printer)
        if index < 0:
            # A printer that is switched off or unplugged today is still the one to use.
            self.printer.addItem(f"{profile.printer} (not found now)", profile.printer)
            index = self.printer.count() - 1
        self.printer.setCurrentIndex(index)
        self.stock.setCurrentIndex(max(0, self.stock.findData(profile.stock.value)))
        self.dpi.setCurrentIndex(max(0, self.dpi.findData(profile.dpi)))
        self.offset_x.setValue(profile.offset_x_mm)
        self.offset_y.setValue(profile.offset_y_mm)

    def profile(self) -> DocumentProfile:
        return DocumentProfile(
            stock=Stock(self.stock.currentData()),
            dpi=int(self.dpi.currentData()),
            printer=str(self.printer.currentData() or ""),
            offset_x_mm=round(self.offset_x.value(), 1),
            offset_y_mm=round(self.offset_y.value(), 1),
        )


class PrintSettingsDialog(QDialog):
    """One tab per document; Save writes every profile at once.

    Signals:
        saved(): the profiles were written to this workstation's print profiles.
    """

    saved = Signal()

    def __init__(self, parent: QWidget | None = None, printers: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print settings for this workstation")
        self.setObjectName("print-settings")
        self.preview: PrintPreviewDialog | None = None
        self.resize(640, 380)  # wide enough for all five tabs side by side
        names = printer_names() if printers is None else printers
        self.tabs = QTabWidget()
        self.forms: dict[DocumentType, ProfileForm] = {}
        stored = print_profiles.load_all()
        for document in DocumentType:
            form = ProfileForm(document, names)
            form.set_profile(stored[document])
            self.forms[document] = form
            self.tabs.addTab(form, document.label)
        intro = QLabel(
            "Each document can go to its own printer: labels to the thermal printer, slips "
            "to the office printer. These settings belong to this computer only."
        )
        intro.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        palette = self.problem_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#a40000"))
        self.problem_label.setPalette(palette)
        self.test_button = QPushButton("Print a test page…")
        self.test_button.setToolTip(
            "A sample of this document with the values above, to check where it lands"
        )
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_label)
        # The test page sits apart from Save and Cancel: it prints, it does not close.
        bottom = QHBoxLayout()
        bottom.addWidget(self.test_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)
        self.problem_label.hide()

    def current_document(self) -> DocumentType:
        form = self.tabs.currentWidget()
        assert isinstance(form, ProfileForm)
        return form.document

    def show_document(self, document: DocumentType) -> None:
        self.tabs.setCurrentWidget(self.forms[document])

    def profiles(self) -> dict[DocumentType, DocumentProfile]:
        return {document: form.profile() for document, form in self.forms.items()}

    def _show_problem(self, text: str) -> None:
        self.problem_label.setText(text)
        self.problem_label.setVisible(bool(text))

    def accept(self) -> None:
        profiles = self.profiles()
        try:
            print_profiles.save_all(profiles)
        except InvalidProfile as exc:
            self._show_problem(str(exc))
            return
        except OSError as exc:
            self._show_problem(f"The print settings could not be saved: {exc.strerror or exc}.")
            return
        self.saved.emit()
        super().accept()

    # ------------------------------------------------------------ test page

    def _on_test_button_clicked(self) -> None:
        document = self.current_document()
        chosen = self.forms[document].profile()
        try:
            chosen.validate(document)
        except InvalidProfile as exc:
            self._show_problem(str(exc))
            return
        self._show_problem("")
        self.test_button.setEnabled(False)
        layout = chosen.print_profile()
        run_task(
            lambda: test_page(document, layout),
            lambda pdf: self._on_test_page_made(document, pdf),
            self._on_test_page_failed,
        )

    def _on_test_page_made(self, document: DocumentType, pdf: bytes) -> None:
        if not shiboken6.isValid(self):
            return
        self.test_button.setEnabled(True)
        preview = PrintPreviewDialog(pdf, f"Test page — {document.label}", document.value, self)
        preview.setObjectName("print-test-page")
        self.preview = preview
        preview.open()

    def _on_test_page_failed(self, exc: Exception) -> None:
        if shiboken6.isValid(self):
            self.test_button.setEnabled(True)
            self._show_problem(f"The test page could not be made: {exc}")
