"""Citation entry shared by the new-request forms and the edit dialog, with validation.

Required fields follow the format (`core.citation.REQUIRED_FIELDS`) and are marked with an
asterisk; ISBN, ISSN, OCLC number and DOI are checked with `core.citation.clean` before
anything is sent, so the message appears beside the form rather than after a round trip.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from illdesk.core.citation import (
    CITATION_FIELDS,
    FIELD_LABELS,
    REQUIRED_FIELDS,
    Citation,
    CitationError,
    clean,
    missing_fields,
)
from illdesk.core.vocabulary import Format

# Fields that matter for each kind of item, in the order of an ILL form; others are hidden.
FIELDS_FOR: dict[Format, tuple[str, ...]] = {
    Format.BOOK: (
        "title",
        "author",
        "edition",
        "publisher",
        "place",
        "year",
        "isbn",
        "oclc_number",
    ),
    Format.ARTICLE: (
        "journal_title",
        "article_title",
        "author",
        "volume",
        "issue",
        "pages",
        "year",
        "issn",
        "doi",
    ),
    Format.CHAPTER: (
        "title",
        "article_title",
        "author",
        "pages",
        "edition",
        "publisher",
        "place",
        "year",
        "isbn",
        "doi",
    ),
}

# The order of an ILL form: what identifies the item first, identifiers last.
FORM_ORDER: tuple[str, ...] = (
    "article_title",
    "title",
    "journal_title",
    "author",
    "volume",
    "issue",
    "pages",
    "edition",
    "publisher",
    "place",
    "year",
    "isbn",
    "issn",
    "oclc_number",
    "doi",
)
assert set(FORM_ORDER) == set(CITATION_FIELDS)

PLACEHOLDERS = {
    "isbn": "10 or 13 digits",
    "issn": "1234-5679",
    "doi": "10.1234/abc",
    "oclc_number": "digits",
    "pages": "e.g. 45-67",
    "author": "Surname, Given name",
}


class CitationFields(QWidget):
    """Signals:
    changed(): any field or the format changed.
    """

    changed = Signal()

    def __init__(self, formats: tuple[Format, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.format_box = QComboBox()
        self.format_box.setAccessibleName("Format")
        for fmt in formats:
            self.format_box.addItem(fmt.label, fmt.value)
        self.format_box.currentIndexChanged.connect(self._on_format_changed)
        self.form.addRow("&Format:", self.format_box)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for name in FORM_ORDER:
            edit = QLineEdit()
            edit.setAccessibleName(FIELD_LABELS[name])
            edit.setPlaceholderText(PLACEHOLDERS.get(name, ""))
            edit.textChanged.connect(self.changed)
            label = QLabel(FIELD_LABELS[name] + ":")
            label.setBuddy(edit)
            self.form.addRow(label, edit)
            self.edits[name] = edit
            self.labels[name] = label
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8b1a1a")
        self.problem.setAccessibleName("Citation problems")
        self.form.addRow(self.problem)
        self._on_format_changed()

    @property
    def format(self) -> Format:
        return Format(self.format_box.currentData())

    def set_format(self, fmt: Format) -> None:
        index = self.format_box.findData(fmt.value)
        if index < 0:
            self.format_box.addItem(fmt.label, fmt.value)
            index = self.format_box.count() - 1
        self.format_box.setCurrentIndex(index)

    def _on_format_changed(self) -> None:
        fmt = self.format
        shown = FIELDS_FOR.get(fmt, tuple(CITATION_FIELDS))
        required = REQUIRED_FIELDS[fmt]
        for name in CITATION_FIELDS:
            # A field with a value stays visible, so nothing typed or pasted is ever hidden.
            visible = name in shown or bool(self.edits[name].text())
            self.form.setRowVisible(self.edits[name], visible)
            mark = " *" if name in required else ""
            label = FIELD_LABELS[name]
            if fmt is Format.CHAPTER:
                label = {"title": "Book title", "article_title": "Chapter title"}.get(name, label)
            elif fmt is Format.ARTICLE and name == "article_title":
                label = "Article title"
            self.labels[name].setText(f"{label}{mark}:")
            self.edits[name].setAccessibleDescription("Required" if mark else "")
        self.changed.emit()

    def citation(self) -> Citation:
        return Citation(**{name: edit.text() for name, edit in self.edits.items()})

    def set_citation(self, citation: Citation) -> None:
        for name, value in citation.as_dict().items():
            self.edits[name].setText(value)
        self._on_format_changed()

    def validate(self) -> tuple[Citation | None, str]:
        """(clean citation, "") or (None, what is wrong) — and the problem shown in the form."""
        for edit in self.edits.values():
            edit.setStyleSheet("")
        try:
            cleaned = clean(self.citation())
        except CitationError as exc:
            self.edits[exc.field].setStyleSheet("border: 2px solid #b02a37")
            self.edits[exc.field].setFocus()
            self.problem.setText(str(exc))
            return None, str(exc)
        missing = missing_fields(cleaned, self.format)
        if missing:
            message = f"A {self.format.label.lower()} request needs: {', '.join(missing)}."
            for name in REQUIRED_FIELDS[self.format]:
                if not getattr(cleaned, name):
                    self.edits[name].setStyleSheet("border: 2px solid #b02a37")
            self.problem.setText(message)
            return None, message
        self.problem.setText("")
        return cleaned, ""
