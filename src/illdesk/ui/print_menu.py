"""The desk window's Print menu: documents for the selected requests, or for the whole queue.

Each document is made in the background from the database with this workstation's print
profile, then shown in the print preview. Pull slips are the one document that moves requests
on, and only once the preview reports that a printer took them: a slip saved as a PDF, a
cancelled print dialog or a jammed printer leaves the requests in "Pull slips to print".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from illdesk.core.queues import QueueFilter
from illdesk.core.vocabulary import Direction
from illdesk.printing.model import PrintProfile
from illdesk.services.errors import InvalidInput, NotFound
from illdesk.services.printing import documents as printing
from illdesk.services.printing import package_documents, slips
from illdesk.services.printing import profiles as print_profiles
from illdesk.services.printing.documents import DocumentType
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.print_preview import PrintPreviewDialog
from illdesk.ui.queue_view import QueueView

# Ctrl+P belongs to the scanning desk docked in the same window (the bands of a receiving
# batch); a second Ctrl+P would make both ambiguous, so the menu's bands take Ctrl+B.
BOOK_BANDS_KEY = "Ctrl+B"
PULL_SLIPS_KEY = "Ctrl+Shift+S"

Maker = Callable[[Any, tuple[str, ...], PrintProfile], bytes]  # (read unit of work, ...)


def _packing_slip(uow: Any, numbers: tuple[str, ...], profile: PrintProfile) -> bytes:
    packages = package_documents.packages_of(uow, numbers)
    if not packages:
        raise InvalidInput(
            "These requests have not gone out in a package yet, so there is no packing slip. "
            "Pack them at the scanning desk (Pack mode); the slip can then be printed here."
        )
    if len(packages) > 1:
        raise InvalidInput(
            f"These requests went out in {len(packages)} packages ({', '.join(packages)}): "
            "select the requests of one package for its packing slip."
        )
    return package_documents.packing_slip(uow, packages[0], profile)


MAKERS: dict[DocumentType, Maker] = {
    DocumentType.BOOK_BAND: lambda u, n, p: slips.book_bands(u, n, profile=p),
    DocumentType.HOLD_SLIP: lambda u, n, p: slips.hold_slips(u, n, profile=p),
    DocumentType.PULL_SLIPS: lambda u, n, p: slips.pull_slips(u, n, profile=p),
    DocumentType.MAILING_LABEL: package_documents.labels_for_requests,
    DocumentType.PACKING_SLIP: _packing_slip,
}

# What each document is called in a title or a status line, in the plural where it can be.
_TITLES = {
    DocumentType.BOOK_BAND: "Book bands",
    DocumentType.HOLD_SLIP: "Hold-shelf slips",
    DocumentType.PULL_SLIPS: "Pull slips",
    DocumentType.MAILING_LABEL: "Mailing labels",
    DocumentType.PACKING_SLIP: "Packing slip",
}


@dataclass(frozen=True, slots=True)
class PrintScope:
    """What a document is printed for: the selected requests, or (no numbers) a whole queue."""

    numbers: tuple[str, ...]
    queue_key: str
    queue_title: str
    direction: Direction | None
    queue: QueueFilter | None = None

    def describe(self) -> str:
        if self.numbers:
            count = len(self.numbers)
            return f"For the {count} selected request{'s' if count != 1 else ''}"
        return f"For every request in “{self.queue_title}”"


class PrintMenu(QObject):
    """The Print menu and its toolbar button, acting on the queue view's selection.

    Signals:
        preview_ready(object): a PrintPreviewDialog to open; the window opens and tracks it.
        message(str): a line for the status bar.
        problem(str): a document could not be made or recorded; the words say why.
        requests_changed(): pull slips were recorded as printed: recount and reload.
    """

    preview_ready = Signal(object)
    message = Signal(str)
    problem = Signal(str)
    requests_changed = Signal()

    def __init__(self, services: ServiceFacade, queue_view: QueueView, window: QWidget) -> None:
        super().__init__(window)
        self.services = services
        self.queue_view = queue_view
        self.window = window
        self.making: DocumentType | None = None

        self.act_book_bands = self._action(
            DocumentType.BOOK_BAND,
            "&Book bands…",
            BOOK_BANDS_KEY,
            "Bands to wrap around borrowed books",
        )
        self.act_hold_slips = self._action(
            DocumentType.HOLD_SLIP,
            "&Hold-shelf slips…",
            None,
            "Slips that stick out of books waiting on the hold shelf",
        )
        self.act_pull_slips = self._action(
            DocumentType.PULL_SLIPS,
            "&Pull slips…",
            PULL_SLIPS_KEY,
            "Slips for the stacks, sorted by location and call number; printing them moves "
            "the requests to Stacks search",
        )
        self.act_mailing_labels = self._action(
            DocumentType.MAILING_LABEL,
            "&Mailing label…",
            None,
            "The label of the package these requests went in, or of the library they go to",
        )
        self.act_packing_slip = self._action(
            DocumentType.PACKING_SLIP,
            "Pac&king slip…",
            None,
            "What is in the package these requests went in",
        )
        self.act_patron_label = QAction("Mailing label to the pa&tron…", self)
        tip = (
            "For an item mailed to a distance learner or a correctional facility: the "
            "patron's name and mailing address (select one borrowing request)"
        )
        self.act_patron_label.setToolTip(tip)
        self.act_patron_label.setStatusTip(tip)
        self.act_patron_label.triggered.connect(lambda _=False: self.print_patron_label())
        self.documents: dict[DocumentType, QAction] = {
            DocumentType.BOOK_BAND: self.act_book_bands,
            DocumentType.HOLD_SLIP: self.act_hold_slips,
            DocumentType.PULL_SLIPS: self.act_pull_slips,
            DocumentType.MAILING_LABEL: self.act_mailing_labels,
            DocumentType.PACKING_SLIP: self.act_packing_slip,
        }
        self.scope_action = QAction("", self)
        self.scope_action.setEnabled(False)

        queue_view.table.selectionModel().selectionChanged.connect(self.update_actions)
        queue_view.model.modelReset.connect(self.update_actions)
        self.update_actions()

    def _action(self, document: DocumentType, text: str, shortcut: str | None, tip: str) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            native = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{tip} ({native})")
        else:
            action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _=False, d=document: self.print_document(d))
        return action

    # ------------------------------------------------------------ building

    def build_menu(self, menu: QMenu, settings: QAction | None = None) -> QMenu:
        """Fill the window's Print menu (the scope line on top says what will print)."""
        menu.addAction(self.scope_action)
        menu.addSeparator()
        for action in (self.act_book_bands, self.act_hold_slips, self.act_pull_slips):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.act_mailing_labels)
        menu.addAction(self.act_packing_slip)
        menu.addAction(self.act_patron_label)
        if settings is not None:
            menu.addSeparator()
            menu.addAction(settings)
        menu.aboutToShow.connect(self.update_actions)
        self.menu = menu
        return menu

    # ------------------------------------------------------------ scope

    def scope(self) -> PrintScope | None:
        """The selected requests, or the open queue when nothing is selected."""
        queue = self.queue_view.model.queue
        rows = self.queue_view.selected_rows()
        if rows:
            directions = {Direction(r.direction) for r in rows}
            return PrintScope(
                tuple(r.number for r in rows),
                queue.key if queue else "",
                queue.title if queue else "",
                directions.pop() if len(directions) == 1 else None,
            )
        if queue is None:
            return None
        return PrintScope((), queue.key, queue.title, queue.direction, queue)

    def update_actions(self) -> None:
        """Offer only the documents that fit what is selected (bands never for lending)."""
        scope = self.scope()
        direction = scope.direction if scope else None
        fits = {
            DocumentType.BOOK_BAND: direction is not Direction.LENDING,
            DocumentType.HOLD_SLIP: direction is not Direction.LENDING,
            DocumentType.PULL_SLIPS: direction is not Direction.BORROWING,
        }
        for document, action in self.documents.items():
            action.setEnabled(
                scope is not None and self.making is None and fits.get(document, True)
            )
        self.act_patron_label.setEnabled(
            scope is not None
            and len(scope.numbers) == 1
            and direction is Direction.BORROWING
            and self.making is None
        )
        self.scope_action.setText(
            scope.describe() if scope else "Open a queue or select requests to print"
        )

    # ------------------------------------------------------------ making a document

    def print_document(self, document: DocumentType) -> None:
        """Make `document` for the scope in the background, then open the preview."""
        if self.making is not None:
            self.message.emit(f"Still making the {_TITLES[self.making].lower()}…")
            return
        scope = self.scope()
        if scope is None:
            self.problem.emit("Open a queue or select requests first: there is nothing to print.")
            return
        make = MAKERS[document]

        def work(session: DeskSession) -> tuple[tuple[str, ...], bytes]:
            # Runs on a worker thread: database and files only, no Qt.
            numbers = scope.numbers or printing.queue_numbers(
                session.read(), scope.queue or scope.queue_key
            )
            if not numbers:
                raise InvalidInput(f"The queue “{scope.queue_title}” is empty: nothing to print.")
            profile = print_profiles.load(document).print_profile()
            return numbers, make(session.read(), numbers, profile)

        self._set_making(document)
        count = len(scope.numbers)
        what = (
            f"{count} selected request{'s' if count != 1 else ''}"
            if count
            else f"“{scope.queue_title}”"
        )
        self.message.emit(f"Making {_TITLES[document].lower()} for {what}…")
        self.services.query(
            work,
            lambda result: self._on_made(document, result),
            lambda exc: self._on_make_failed(document, exc),
        )

    def print_patron_label(self) -> None:
        """The mailing label to the selected borrowing request's patron, made in the
        background and opened in the preview."""
        scope = self.scope()
        if scope is None or len(scope.numbers) != 1 or scope.direction is not Direction.BORROWING:
            self.problem.emit(
                "Select the one borrowing request whose item is mailed to its patron."
            )
            return
        if self.making is not None:
            self.message.emit(f"Still making the {_TITLES[self.making].lower()}…")
            return
        number = scope.numbers[0]
        document = DocumentType.MAILING_LABEL

        def work(session: DeskSession) -> tuple[tuple[str, ...], bytes]:
            profile = print_profiles.load(document).print_profile()
            read = session.read()
            return (number,), package_documents.patron_mailing_label(read, number, profile)

        self._set_making(document)
        self.message.emit(f"Making the mailing label to the patron of {number}…")
        self.services.query(
            work,
            lambda result: self._on_made(document, result),
            lambda exc: self._on_make_failed(document, exc),
        )

    def print_package(self, package: str) -> None:
        """A package just shipped: make its mailing label and packing slip in the background
        and open both previews (the label on top: it goes on the box first)."""

        def work(session: DeskSession) -> tuple[bytes, bytes]:
            label_profile = print_profiles.load(DocumentType.MAILING_LABEL).print_profile()
            slip_profile = print_profiles.load(DocumentType.PACKING_SLIP).print_profile()
            label = package_documents.mailing_labels(session.read(), [package], label_profile)
            slip = package_documents.packing_slip(session.read(), package, slip_profile)
            return label, slip

        def made(documents: tuple[bytes, bytes]) -> None:
            if self._gone():
                return
            label, slip = documents
            for pdf, document, title in (
                (slip, DocumentType.PACKING_SLIP, f"Packing slip for {package}"),
                (label, DocumentType.MAILING_LABEL, f"Mailing label for {package}"),
            ):
                dialog = PrintPreviewDialog(pdf, title, document.value, self.window)
                dialog.setObjectName(f"print-preview-{document.value}")
                self.preview_ready.emit(dialog)
            self.message.emit(f"Package {package}: label and packing slip ready to print.")

        def failed(exc: Exception) -> None:
            if self._gone():
                return
            self.problem.emit(
                f"Package {package} is shipped, but its label and slip could not be made: "
                f"{exc}. Print them from the Print menu."
            )

        self.services.query(work, made, failed)

    def _set_making(self, document: DocumentType | None) -> None:
        # A busy cursor while ReportLab works: a 300-slip batch takes a second or two.
        if document is not None and self.making is None:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        elif document is None and self.making is not None:
            QApplication.restoreOverrideCursor()
        self.making = document
        self.update_actions()

    def _gone(self) -> bool:
        """True when the window closed while the document was being made."""
        if shiboken6.isValid(self):
            return False
        if self.making is not None:
            QApplication.restoreOverrideCursor()  # the busy cursor must not outlive the window
        return True

    def _on_made(self, document: DocumentType, result: tuple[tuple[str, ...], bytes]) -> None:
        if self._gone():
            return
        self._set_making(None)
        numbers, pdf = result
        count = len(numbers)
        title = f"{_TITLES[document]} — {count} request{'s' if count != 1 else ''}"
        dialog = PrintPreviewDialog(pdf, title, document.value, self.window)
        dialog.setObjectName(f"print-preview-{document.value}")
        if document is DocumentType.PULL_SLIPS:
            dialog.printed.connect(lambda printer: self._on_pull_slips_printed(numbers, printer))
            dialog.saved.connect(self._on_pull_slips_saved)
        self.message.emit(f"{title}: ready to print.")
        self.preview_ready.emit(dialog)

    def _on_make_failed(self, document: DocumentType, exc: Exception) -> None:
        if self._gone():
            return
        self._set_making(None)
        if isinstance(exc, InvalidInput | NotFound | print_profiles.InvalidProfile):
            self.problem.emit(str(exc))
        else:
            self.problem.emit(f"The {_TITLES[document].lower()} could not be made: {exc}")

    # ------------------------------------------------------------ pull slips printed

    def _on_pull_slips_printed(self, numbers: tuple[str, ...], printer: str) -> None:
        where = f" on {printer}" if printer else ""
        self.message.emit(f"Pull slips printed{where}: moving the requests to Stacks search…")
        self.services.change(
            lambda s: slips.mark_pull_slips_printed(s.write(), numbers),
            self._on_pull_slips_marked,
            self._on_pull_slips_mark_failed,
        )

    def _on_pull_slips_marked(self, results: list[object]) -> None:
        if self._gone():
            return  # recorded in the database all the same; nothing left on screen to update
        moved = len(results)
        self.message.emit(
            f"{moved} request{'s' if moved != 1 else ''} moved to Stacks search."
            if moved
            else "Pull slips reprinted: the requests were already past Stacks search."
        )
        self.requests_changed.emit()

    def _on_pull_slips_mark_failed(self, exc: Exception) -> None:
        if self._gone():
            return
        self.problem.emit(
            f"The pull slips were printed, but the requests could not be moved to Stacks "
            f"search: {exc}. Use “Pull slip printed” on each request, or print the slips again."
        )
        self.requests_changed.emit()

    def _on_pull_slips_saved(self, _path: str) -> None:
        # A saved PDF may never reach paper, so the requests wait for a real print.
        self.message.emit(
            "Pull slips saved as a PDF. The requests stay in “Pull slips to print” until the "
            "slips are printed from here."
        )
