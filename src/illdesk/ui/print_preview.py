"""The print preview: look at a document, then print it, save it as PDF or send it to a CUPS
printer.

The dialog is given finished PDF bytes, so it never touches the database; `open_preview` makes
the PDF in the background first. Printing and sending run off the GUI thread
(`illdesk.ui.tasks.run_task`); the printer each document last went to is kept in this
workstation's print profiles and offered first next time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QSize,
    QStandardPaths,
    Signal,
)
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.devices.printers import PrinterQueue, PrintFailed, cups_available, list_queues
from illdesk.devices.printers import send_pdf as send_to_cups
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import DocumentType
from illdesk.ui.tasks import run_task

NOT_LOST = "The document is still here: try again, or save it as a PDF."


def _document_type(value: str) -> DocumentType | None:
    try:
        return DocumentType(value)
    except ValueError:
        return None


NO_PRINTER = (
    "No printer is set up on this computer, so nothing was printed. Use “Save as PDF…” and "
    "print the file from a computer with a printer, or ask IT to add this desk's printer."
)


# Printers that only write files: CUPS-PDF ("PDF", "Cups-PDF"), Windows' "Microsoft Print to
# PDF" and "Microsoft XPS Document Writer". A job there never reaches paper either.
_FILE_PRINTER_WORDS = ("pdf", "xps document writer")


def is_file_printer(name: str) -> bool:
    """True for a printer queue that writes a file instead of paper, by its name."""
    lowered = name.casefold()
    return any(word in lowered for word in _FILE_PRINTER_WORDS)


def goes_to_a_printer(printer: QPrinter) -> bool:
    """True when a job on `printer` reaches a real printer, not a file ("Print to File")."""
    return (
        printer.outputFormat() is QPrinter.OutputFormat.NativeFormat
        and not printer.outputFileName()
        and bool(printer.printerName())
        and not is_file_printer(printer.printerName())
    )


def print_pdf_to_printer(pdf: bytes, printer: QPrinter) -> int:
    """Paint every page of `pdf` onto `printer` at the printer's resolution; returns pages.

    Runs on a worker thread (Qt allows painting on a QPrinter there); it loads its own copy of
    the document so the preview's copy is never shared between threads.
    """
    document = QPdfDocument()
    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() is not QPdfDocument.Status.Ready or document.pageCount() == 0:
        raise PrintFailed(f"The document could not be read for printing. {NOT_LOST}")
    pages = document.pageCount()
    painter = QPainter()
    try:
        for page in range(pages):
            points = document.pagePointSize(page)
            # Each page sets its own paper size, and nothing is scaled: barcodes are drawn on
            # the printer's dot grid and scaling would blur them.
            printer.setPageSize(QPageSize(points, QPageSize.Unit.Point))
            printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
            if page == 0:
                if not painter.begin(printer):
                    raise PrintFailed(
                        f"The printer “{printer.printerName()}” could not be opened. {NOT_LOST}"
                    )
            elif not printer.newPage():
                raise PrintFailed(f"The printer “{printer.printerName()}” stopped. {NOT_LOST}")
            dpi = printer.resolution()
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            painter.drawImage(0, 0, document.render(page, pixels))
    finally:
        if painter.isActive():
            painter.end()
        document.close()
        buffer.close()
    return pages


class PrintPreviewDialog(QDialog):
    """A document on screen with the ways to get it onto paper.

    Signals:
        printed(str): the document went to this printer (Print… or Send to printer). Work that
            depends on a successful print (pull slips marked printed) hangs on this.
        saved(str): the document was saved as a PDF at this path (Save as PDF…, or "Print to
            File" in the print dialog, which is never a print).
    """

    printed = Signal(str)
    saved = Signal(str)

    def __init__(
        self,
        pdf_bytes: bytes,
        title: str,
        document_type: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf_bytes = pdf_bytes
        self.document_type = document_type
        self.busy = False
        self.printers_loaded = False
        self.setWindowTitle(title)
        self.resize(760, 900)

        # The buffer and its bytes must outlive the document that reads from them.
        self._data = QByteArray(pdf_bytes)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setDocument(self.document)

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.print_button = QPushButton("Print…", self)
        self.save_button = QPushButton("Save as PDF…", self)
        self.printer_box = QComboBox(self)
        self.printer_box.setToolTip("Printers set up in CUPS on this computer")
        self.send_button = QPushButton("Send to printer", self)
        self.close_button = QPushButton("Close", self)
        for widget in (self.printer_box, self.send_button):
            widget.setVisible(cups_available())
        self.send_button.setEnabled(False)

        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.printer_box)
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status_label)
        layout.addLayout(buttons)

        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.send_button.clicked.connect(self._on_send_clicked)
        self.close_button.clicked.connect(self.reject)
        self._show_pages()
        # lpstat can take a moment when CUPS is slow; the preview shows at once regardless.
        run_task(list_queues, self._on_printers_listed, self._on_printers_failed)

    # ------------------------------------------------------------ state

    def page_count(self) -> int:
        """Pages of the loaded document (0 until it is read, or if it cannot be)."""
        if self.document.status() is not QPdfDocument.Status.Ready:
            return 0
        return self.document.pageCount()

    def _profile(self) -> print_profiles.DocumentProfile | None:
        document = _document_type(self.document_type)
        return print_profiles.load(document) if document else None

    def _remember(self, printer: str) -> None:
        document = _document_type(self.document_type)
        if document is not None and printer:
            print_profiles.remember_printer(document, printer)

    def _show_pages(self) -> None:
        pages = self.page_count()
        if pages:
            self.status_label.setText(f"{pages} page{'s' if pages != 1 else ''}.")
        else:
            self.status_label.setText("This document could not be shown.")

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self.busy = busy
        for button in (self.print_button, self.send_button):
            button.setEnabled(not busy)
        self.send_button.setEnabled(not busy and self.printer_box.count() > 0)
        if message:
            self.status_label.setText(message)

    def _alive(self) -> bool:
        # A background result may arrive after the desk closed the dialog.
        return shiboken6.isValid(self)

    # ------------------------------------------------------------ printers

    def _on_printers_listed(self, queues: list[PrinterQueue]) -> None:
        if not self._alive():
            return
        self.printers_loaded = True
        self.printer_box.clear()
        for queue in queues:
            self.printer_box.addItem(
                queue.name + ("" if queue.enabled else " (paused)"), queue.name
            )
        profile = self._profile()
        wanted = profile.printer if profile else ""
        index = self.printer_box.findData(wanted) if wanted else -1
        if index < 0:
            index = next((i for i, q in enumerate(queues) if q.is_default), 0 if queues else -1)
        self.printer_box.setCurrentIndex(index)
        self.send_button.setEnabled(bool(queues) and not self.busy)

    def _on_printers_failed(self, _exc: Exception) -> None:
        if self._alive():
            self.printers_loaded = True

    # ------------------------------------------------------------ Print…

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        profile = self._profile()
        if profile and profile.printer:
            printer.setPrinterName(profile.printer)
        printer.setFullPage(True)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"Print {self.windowTitle()}")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pdf = self.pdf_bytes
        if not goes_to_a_printer(printer):
            # "Print to File" (the only choice where no printer is set up) makes a file that
            # may never reach paper: it is a save, and nothing waits on it as printed.
            path = printer.outputFileName()
            if printer.outputFormat() is QPrinter.OutputFormat.NativeFormat and not path:
                # A printer queue that makes files (CUPS-PDF, "Microsoft Print to PDF").
                name = printer.printerName()
                done = f"Sent to “{name}”, which makes a file, not paper."
            else:
                done = f"Saved to the file {path} (Print to File)."
            if not path and not printer.printerName():
                self.status_label.setText(NO_PRINTER)
                QMessageBox.warning(self, "Not printed", NO_PRINTER)
                return
            self._set_busy(True, f"Writing {path or printer.printerName()}…")
            run_task(
                lambda: print_pdf_to_printer(pdf, printer),
                lambda _pages: self._on_printed_to_file(path, done),
                self._on_print_failed,
            )
            return
        name = printer.printerName()
        self._set_busy(True, f"Printing on {name or 'the printer'}…")
        run_task(
            lambda: print_pdf_to_printer(pdf, printer),
            lambda _pages: self._on_print_done(name),
            self._on_print_failed,
        )

    def _on_printed_to_file(self, path: str, done: str) -> None:
        if not self._alive():
            return
        self._set_busy(False, f"{done} Nothing was sent to a printer.")
        self.saved.emit(path)

    def _on_print_done(self, printer: str) -> None:
        if not self._alive():
            return
        self._remember(printer)
        self._set_busy(False, f"Printed on {printer or 'the printer'}.")
        self.printed.emit(printer)

    def _on_print_failed(self, exc: Exception) -> None:
        if not self._alive():
            return
        message = (
            str(exc) if isinstance(exc, PrintFailed) else f"Printing failed: {exc}. {NOT_LOST}"
        )
        self._set_busy(False, message)
        QMessageBox.warning(self, "Not printed", message)

    # ------------------------------------------------------------ Send to printer

    def _on_send_clicked(self) -> None:
        queue = self.printer_box.currentData()
        if not queue:
            return
        self._set_busy(True, f"Sending to {queue}…")
        pdf, title = self.pdf_bytes, self.windowTitle()
        run_task(
            lambda: send_to_cups(pdf, str(queue), title=title),
            lambda _job: self._on_print_done(str(queue)),
            self._on_print_failed,
        )

    # ------------------------------------------------------------ Save as PDF…

    def _default_file_name(self) -> str:
        """Where Save as PDF starts: the user's documents folder and a name that says what the
        file holds and when it was made, e.g. `book-bands-2026-12-04.pdf`."""
        document = _document_type(self.document_type)
        what = document.label if document is not None else self.windowTitle()
        safe = "".join(c if c.isalnum() else "-" for c in what.lower()).strip("-") or "document"
        if document is not None and not safe.endswith("s"):
            safe += "s"  # "book-bands", "mailing-labels": a file may hold several
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        if not folder or not Path(folder).is_dir():
            folder = str(Path.home())
        return str(Path(folder) / f"{safe}-{date.today().isoformat()}.pdf")

    def _on_save_clicked(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save as PDF", self._default_file_name(), "PDF files (*.pdf)"
        )
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        temp = target.with_name(f".{target.name}.tmp")
        try:
            # A few hundred kilobytes at most: quick enough to write here, and atomically so a
            # full disk never leaves half a PDF under the chosen name.
            temp.write_bytes(self.pdf_bytes)
            temp.replace(target)
        except OSError as exc:
            temp.unlink(missing_ok=True)
            message = f"The PDF could not be saved to {target}: {exc.strerror or exc}."
            self.status_label.setText(message)
            QMessageBox.warning(self, "Not saved", message)
            return
        self.status_label.setText(f"Saved to {target}.")
        self.saved.emit(str(target))


def open_preview(
    parent: QWidget | None,
    make_pdf: Callable[[], bytes],
    title: str,
    document_type: str,
    on_ready: Callable[[PrintPreviewDialog], None] | None = None,
) -> None:
    """Make the PDF in the background (it reads the database), then show the preview.

    `on_ready` receives the dialog before it is shown, to connect `printed` for example.
    A failure to make the document is shown to staff in its own words.
    """

    def shown(pdf: bytes) -> None:
        dialog = PrintPreviewDialog(pdf, title, document_type, parent)
        if on_ready is not None:
            on_ready(dialog)
        dialog.open()

    def failed(exc: Exception) -> None:
        QMessageBox.warning(parent, f"{title} not made", str(exc))

    run_task(make_pdf, shown, failed)
