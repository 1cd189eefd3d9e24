"""The rule of five while a copy request is typed: which article from this journal this year
it would be, the compliance the rules suggest, and the copyright warning the regulations
require on a form where copies are ordered.

The count is asked of the services a moment after the journal, ISSN or year stop changing
(typing does not wait on the database); an answer for text that has changed since is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from illdesk.core import copyright as rules
from illdesk.core.copyright import Advice, Suggestion
from illdesk.ui.alive import while_alive
from illdesk.ui.citation_fields import CitationFields
from illdesk.ui.facade import ServiceFacade

# How long typing must pause before the count is asked for.
PAUSE_MS = 250
WAITING = "Type the journal title or ISSN to see its count this year."
CODE_WORDS = {"ccg": "Suggested: CCG", "ccl": "Suggested: CCL", "": "Staff must decide"}
ADVICE_COLOURS = {Advice.DECISION: "#8b1a1a", Advice.UNKNOWN: "#555555"}


def count_words(suggestion: Suggestion) -> str:
    """What the panel says about a suggestion, in one line staff read at a glance."""
    if suggestion.advice is Advice.UNKNOWN:
        return WAITING
    return f"{suggestion.text} {CODE_WORDS[suggestion.code]}."


class CopyrightCount(QGroupBox):
    """The live count and the warning, under a copy request's citation."""

    def __init__(
        self, services: ServiceFacade, citation: CitationFields, parent: QWidget | None = None
    ) -> None:
        super().__init__("Copyright (rule of five)", parent)
        self.services = services
        self.citation = citation
        self.asked = 0  # the number of the latest question; older answers are dropped
        self.suggestion: Suggestion | None = None
        self._key = ("", "", "")
        self.count = QLabel(WAITING)
        self.count.setWordWrap(True)
        self.count.setAccessibleName("Rule of five count for this journal")
        self.warning = QLabel(f"<b>{rules.WARNING_TITLE}</b><br>{rules.WARNING_TEXT}")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("font-size: 8pt")
        self.warning.setAccessibleName("Copyright warning")
        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addWidget(self.warning)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PAUSE_MS)
        self.timer.timeout.connect(self.ask)
        citation.changed.connect(self._on_citation_changed)

    def _fields(self) -> tuple[str, str, str]:
        edits = self.citation.edits
        return (
            edits["issn"].text().strip(),
            edits["journal_title"].text().strip(),
            edits["year"].text().strip(),
        )

    def _on_citation_changed(self) -> None:
        if self._fields() != self._key:
            self.timer.start()

    def ask(self) -> None:
        """Ask for the count of what the form holds now."""
        from illdesk.services.rules import copyright as counts  # noqa: PLC0415

        self._key = issn, title, year = self._fields()
        self.asked += 1
        asked = self.asked
        if not rules.journal_key(issn, title):
            self._show(None, WAITING)
            return
        self.services.query(
            lambda s: counts.live_count(s.read(), issn, title, year),
            while_alive(self, lambda found: self._on_counted(asked, found)),
            while_alive(self, lambda exc: self._show(None, f"The count could not be read: {exc}")),
        )

    def _on_counted(self, asked: int, suggestion: Suggestion) -> None:
        if asked == self.asked:  # an answer to text typed since is of no use
            self._show(suggestion, count_words(suggestion))

    def _show(self, suggestion: Suggestion | None, words: str) -> None:
        self.suggestion = suggestion
        colour = ADVICE_COLOURS.get(suggestion.advice, "") if suggestion else ""
        self.count.setStyleSheet(f"color: {colour}; font-weight: bold" if colour else "")
        self.count.setText(words)
