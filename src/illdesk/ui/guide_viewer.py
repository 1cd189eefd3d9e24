"""The user guide inside ILL Desk: the Markdown guide with its screenshots, and a find box.

The guide ships with every copy (package data, see setup.py), so Help works on a desk without a
Markdown viewer or a web browser that opens local files.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)


class GuideViewer(QDialog):
    """A window that shows the user guide; Ctrl+F finds text, Enter finds the next match."""

    def __init__(self, guide: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ILL Desk user guide")
        self.resize(900, 760)
        self.guide = guide
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(guide.parent)])
        self.browser.setSource(
            QUrl.fromLocalFile(str(guide)), QTextDocument.ResourceType.MarkdownResource
        )
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in the guide (Ctrl+F), Enter for the next")
        self.find_box.returnPressed.connect(self.find_next)
        self.status = QLabel("", self)
        external = QPushButton("Open in another program", self)
        external.clicked.connect(self.open_elsewhere)
        close = QPushButton("Close", self)
        close.clicked.connect(self.close)
        bar = QHBoxLayout()
        bar.addWidget(self.find_box, 1)
        bar.addWidget(self.status)
        bar.addWidget(external)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(bar)
        QShortcut(QKeySequence.StandardKey.Find, self, self._focus_find)
        self.status.setMinimumWidth(self.status.fontMetrics().horizontalAdvance("Not found") + 8)
        self.fit_pictures(820)

    def fit_pictures(self, width: int) -> None:
        """Scale screenshots wider than `width` pixels down to it (keeping their shape), so the
        guide reads without scrolling sideways."""
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                style = fragment.charFormat()
                if style.isImageFormat():
                    picture = style.toImageFormat()
                    image = document.resource(
                        QTextDocument.ResourceType.ImageResource, QUrl(picture.name())
                    )
                    natural = getattr(image, "width", lambda: 0)()
                    if natural > width:
                        picture.setWidth(width)
                        picture.setHeight(image.height() * width / natural)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(),
                            QTextCursor.MoveMode.KeepAnchor,
                        )
                        cursor.setCharFormat(picture)
                fragments += 1
            block = block.next()

    def _focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def find_next(self) -> bool:
        """Select the next match of the find box's text, wrapping round once; False if none."""
        text = self.find_box.text()
        if not text:
            return False
        found = self.browser.find(text)
        if not found:  # wrap round to the top
            cursor = self.browser.textCursor()
            cursor.movePosition(cursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            found = self.browser.find(text)
        self.status.setText("" if found else "Not found")
        return bool(found)

    def open_elsewhere(self) -> None:
        """Open the guide file in the program the system uses for it."""
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.guide))):
            self.status.setText(f"No program opens it; the file is {self.guide}")
