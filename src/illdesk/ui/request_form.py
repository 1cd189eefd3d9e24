"""Entering work: a borrowing loan (book), a borrowing copy (article, chapter), or a lending
request another library sent us. A pasted OpenURL fills the citation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.vocabulary import Direction, Format, PatronStatus, PatronType, Service
from illdesk.interop.openurl import OpenUrlError, parse_openurl
from illdesk.services.desk import requests as request_service
from illdesk.services.desk.requests import NewRequest
from illdesk.services.desk.views import LibraryView, PatronView, RequestRow
from illdesk.services.directory import entries as directory
from illdesk.services.directory.library_match import match_libraries
from illdesk.services.errors import DuplicateRequest
from illdesk.ui.citation_fields import CitationFields
from illdesk.ui.copyright_count import CopyrightCount
from illdesk.ui.edit_dialog import NeedBeforeField, parse_money
from illdesk.ui.facade import ServiceFacade
from illdesk.ui.lender_picker import LenderPicker
from illdesk.ui.scan_filter import mark_barcode_field

KINDS: dict[str, tuple[str, Direction, tuple[Format, ...]]] = {
    "loan": (
        "New loan request (book)",
        Direction.BORROWING,
        (Format.BOOK, Format.THESIS, Format.AUDIOVISUAL, Format.OTHER),
    ),
    "copy": (
        "New copy request (article, chapter)",
        Direction.BORROWING,
        (Format.ARTICLE, Format.CHAPTER),
    ),
    "lending": ("New lending request", Direction.LENDING, tuple(Format)),
}
COPY_FORMATS = frozenset({Format.ARTICLE, Format.CHAPTER})
CHOOSE_PATRON = "Choose the patron: scan their card or type their surname."


def patron_summary(p: PatronView) -> str:
    words = f"{p.display_name} — card {p.card_barcode}, {PatronType(p.patron_type).label}"
    if p.status != PatronStatus.ACTIVE.value:
        words += f" — ACCOUNT {p.status.upper()}: clear it in Patrons before requesting"
    return words


class RequestForm(QDialog):
    """Signals:
    created(str, str): the new request's number and its service (loan/copy).
    open_existing(str): the person chose to open an existing duplicate instead.
    """

    created = Signal(str, str)
    open_existing = Signal(str)

    def __init__(self, services: ServiceFacade, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.kind = kind
        title, self.direction, formats = KINDS[kind]
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.patron: PatronView | None = None
        self.libraries: list[LibraryView] = []  # the directory, for names typed as the library
        self._lenders_message = ""  # the lender picker's last complaint, cleared when it is
        self.message_box: QMessageBox | None = None

        self.openurl = QLineEdit()
        self.openurl.setPlaceholderText("Paste an OpenURL link from a database or the catalogue")
        self.openurl.setAccessibleName("OpenURL link to fill the citation from")
        self.openurl.returnPressed.connect(self._on_openurl_fill)
        fill = QPushButton("Fill &citation")
        fill.setAccessibleName("Fill the citation from the OpenURL link")
        fill.clicked.connect(self._on_openurl_fill)
        self.openurl_problem = QLabel()
        self.openurl_problem.setWordWrap(True)
        self.openurl_problem.setStyleSheet("color: #8b1a1a")
        paste = QHBoxLayout()
        paste.addWidget(self.openurl, 1)
        paste.addWidget(fill)
        self.citation = CitationFields(formats)
        cited = QGroupBox("Citation (* needed for this format)")
        cited_layout = QVBoxLayout(cited)
        cited_layout.addLayout(paste)
        cited_layout.addWidget(self.openurl_problem)
        cited_layout.addWidget(self.citation)
        self.copyright: CopyrightCount | None = None
        if kind == "copy":  # the rule of five while typing, and the required warning
            self.copyright = CopyrightCount(services, self.citation)
            cited_layout.addWidget(self.copyright)
        cited_layout.addStretch(1)

        right = QVBoxLayout()
        self.lenders: LenderPicker | None = None
        self.library_box: QComboBox | None = None
        if self.direction is Direction.BORROWING:
            right.addWidget(self._patron_group())
            lenders = QGroupBox("Lender string (first asked at the top)")
            self.lenders = LenderPicker(services)
            self.lenders.failed.connect(self._on_lenders_message)
            QVBoxLayout(lenders).addWidget(self.lenders)
            right.addWidget(lenders)
        else:
            right.addWidget(self._library_group())
        right.addWidget(self._request_group())
        right.addStretch(1)

        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        self.problem.setAccessibleName("What is wrong")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("&Enter request")
        save.setAccessibleName("Enter the request")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        columns = QHBoxLayout()
        columns.addWidget(cited, 1)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(1050, 640)

    # ------------------------------------------------------------ parts

    def _patron_group(self) -> QGroupBox:
        box = QGroupBox("Patron")
        self.patron_input = QLineEdit()
        self.patron_input.setPlaceholderText("Scan the library card, or type a surname, then Enter")
        self.patron_input.setAccessibleName("Patron card or surname")
        self.patron_input.returnPressed.connect(self._on_patron_lookup)
        mark_barcode_field(self.patron_input)  # a card scanned here stays here
        find = QPushButton("&Find patron")
        find.setAccessibleName("Find the patron by card or surname")
        find.clicked.connect(self._on_patron_lookup)
        self.patron_found = QLabel("No patron chosen yet.")
        self.patron_found.setWordWrap(True)
        self.patron_found.setAccessibleName("Chosen patron")
        self.patron_list = QListWidget()
        self.patron_list.setAccessibleName("Patrons found")
        self.patron_list.setMaximumHeight(90)
        self.patron_list.hide()
        self.patron_list.itemActivated.connect(self._on_patron_list_activated)
        self.patron_list.itemClicked.connect(self._on_patron_list_activated)
        row = QHBoxLayout()
        row.addWidget(self.patron_input, 1)
        row.addWidget(find)
        layout = QVBoxLayout(box)
        layout.addLayout(row)
        layout.addWidget(self.patron_list)
        layout.addWidget(self.patron_found)
        return box

    def _library_group(self) -> QGroupBox:
        box = QGroupBox("Requesting library")
        self.library_box = QComboBox()
        self.library_box.setEditable(True)
        self.library_box.setAccessibleName("Requesting library")
        self.library_box.setPlaceholderText("Symbol or name")
        self.reference = QLineEdit()
        self.reference.setAccessibleName("Their request number")
        self.call_number = QLineEdit()
        self.call_number.setAccessibleName("Our call number")
        self.location = QLineEdit()
        self.location.setAccessibleName("Shelf location")
        form = QFormLayout(box)
        form.addRow("&Library:", self.library_box)
        form.addRow("Their request number:", self.reference)
        form.addRow("Our call number:", self.call_number)
        form.addRow("Shelf location:", self.location)
        self.services.query(
            lambda s: directory.list_libraries(s.read()),
            self._on_libraries_loaded,
            lambda exc: self._show_problem(str(exc)),
        )
        return box

    def _request_group(self) -> QGroupBox:
        box = QGroupBox("Request")
        self.need_before = NeedBeforeField()
        self.max_cost = QLineEdit()
        self.max_cost.setPlaceholderText("e.g. 25.00 (empty: no limit)")
        self.max_cost.setAccessibleName("Maximum cost")
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Staff note, never shown to the patron")
        self.note.setFixedHeight(50)
        self.patron_note = QPlainTextEdit()
        self.patron_note.setAccessibleName("Note for the patron")
        self.patron_note.setFixedHeight(50)
        form = QFormLayout(box)
        form.addRow("Need before:", self.need_before)
        if self.direction is Direction.BORROWING:
            form.addRow("Maximum cost:", self.max_cost)
        form.addRow("Staff note\n(never shown to the patron):", self.note)
        if self.direction is Direction.BORROWING:
            form.addRow("Note for the patron:", self.patron_note)
        return box

    # ------------------------------------------------------------ behaviour

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)

    def _clear_problem(self, message: str) -> None:
        """Take `message` away once what it asked for is done (and only that message)."""
        if message and self.problem.text() == message:
            self.problem.setText("")

    def _on_lenders_message(self, message: str) -> None:
        if message:
            self._lenders_message = message
            self._show_problem(message)
        else:
            self._clear_problem(self._lenders_message)

    def _on_openurl_fill(self) -> None:
        try:
            parsed = parse_openurl(self.openurl.text())
        except OpenUrlError as exc:
            self.openurl_problem.setText(str(exc))
            return
        self.openurl_problem.setText("")
        if parsed.format is not None:
            self.citation.set_format(parsed.format)
        self.citation.set_citation(parsed.citation)

    def _on_libraries_loaded(self, libraries: list[LibraryView]) -> None:
        if self.library_box is None:
            return
        self.libraries = [lib for lib in libraries if lib.active]
        for lib in libraries:
            if lib.active:
                self.library_box.addItem(f"{lib.symbol} — {lib.name}", lib.symbol)
        self.library_box.setCurrentIndex(-1)

    def _on_patron_lookup(self) -> None:
        text = self.patron_input.text().strip()
        if not text:
            return
        self.patron_found.setText("Looking…")
        self.services.query(
            lambda s: directory.search_patrons(s.read(), text),
            self._on_patrons_found,
            lambda exc: self.patron_found.setText(str(exc)),
        )

    def _on_patrons_found(self, found: list[PatronView]) -> None:
        self.patron_list.clear()
        if len(found) == 1:
            self.patron_list.hide()
            self.choose_patron(found[0])
            return
        if not found:
            self.patron_list.hide()
            self.patron = None
            self.patron_found.setText(
                "No patron has that card or surname. Check the card, or add the patron in "
                "Directory ▸ Patrons."
            )
            return
        for p in found:
            item = QListWidgetItem(patron_summary(p))
            item.setData(Qt.ItemDataRole.UserRole, p)
            self.patron_list.addItem(item)
        self.patron_list.show()
        self.patron_found.setText(f"{len(found)} patrons found: choose one.")

    def _on_patron_list_activated(self, item: QListWidgetItem) -> None:
        self.choose_patron(item.data(Qt.ItemDataRole.UserRole))
        self.patron_list.hide()

    def choose_patron(self, patron: PatronView) -> None:
        self.patron = patron
        self.patron_found.setText(patron_summary(patron))
        self._clear_problem(CHOOSE_PATRON)

    def _library_symbol(self) -> str:
        """The chosen library's symbol; "" with the problem shown when the text does not
        name exactly one partner library."""
        if self.library_box is None:
            return ""
        text = self.library_box.currentText().strip()
        index = self.library_box.findText(text)
        if index >= 0:
            return str(self.library_box.itemData(index))
        if not self.libraries or not text:  # no directory to look in: take it as typed
            return text.split(" ")[0].upper()
        match = match_libraries(self.libraries, text)
        if match.single is not None:
            return match.single.symbol
        if match.libraries:
            names = "; ".join(f"{lib.symbol} — {lib.name}" for lib in match.libraries)
            self._show_problem(f"{match.message} ({names}) Pick it in the list.")
        else:
            self._show_problem(match.message)
        return ""

    def new_request(self, allow_duplicate: bool = False) -> NewRequest | None:
        """What the form holds as a NewRequest, or None (with the problem shown)."""
        cleaned, problem = self.citation.validate()
        if cleaned is None:
            self._show_problem(problem)
            return None
        try:
            max_cost = parse_money(self.max_cost.text())
        except ValueError as exc:
            self._show_problem(str(exc))
            return None
        fmt = self.citation.format
        service = Service.COPY if fmt in COPY_FORMATS else Service.LOAN
        if self.direction is Direction.BORROWING:
            if self.patron is None:
                self._show_problem(CHOOSE_PATRON)
                return None
            return NewRequest(
                Direction.BORROWING,
                service,
                fmt,
                cleaned,
                patron_card=self.patron.card_barcode,
                lenders=tuple(self.lenders.symbols()) if self.lenders else (),
                need_before=self.need_before.value(),
                max_cost=max_cost,
                note=self.note.toPlainText().strip(),
                patron_note=self.patron_note.toPlainText().strip(),
                allow_duplicate=allow_duplicate,
            )
        if self.library_box is not None and not self.library_box.currentText().strip():
            self._show_problem("Choose the library that sent the request.")
            return None
        symbol = self._library_symbol()
        if not symbol:
            return None
        return NewRequest(
            Direction.LENDING,
            service,
            fmt,
            cleaned,
            library_symbol=symbol,
            need_before=self.need_before.value(),
            lender_reference=self.reference.text().strip(),
            call_number=self.call_number.text().strip(),
            location=self.location.text().strip(),
            note=self.note.toPlainText().strip(),
            allow_duplicate=allow_duplicate,
        )

    def submit(self, allow_duplicate: bool = False) -> None:
        new = self.new_request(allow_duplicate)
        if new is None:
            return
        self._show_problem("Entering…")
        self.buttons.setEnabled(False)
        self.services.change(
            lambda s: request_service.create_request(s.write(), new),
            self._on_created,
            self._on_create_failed,
        )

    def _on_created(self, row: RequestRow) -> None:
        self.buttons.setEnabled(True)
        self.created.emit(row.number, row.service)
        self.accept()

    def _on_create_failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if not isinstance(exc, DuplicateRequest):
            self._show_problem(str(exc))
            return
        self._show_problem("")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("This may be a duplicate")
        box.setText(str(exc))
        open_button = box.addButton(f"Open {exc.numbers[0]}", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("Enter it anyway", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Go back to the form", QMessageBox.ButtonRole.RejectRole)
        open_button.clicked.connect(lambda: self._on_duplicate_open(exc.numbers[0]))
        anyway.clicked.connect(lambda: self.submit(allow_duplicate=True))
        self.message_box = box
        box.open()

    def _on_duplicate_open(self, number: str) -> None:
        self.open_existing.emit(number)
        self.reject()
