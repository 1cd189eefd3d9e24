"""The Notices window: the outbox's queues (to send, failed, letters to print, sent today) with
a preview, "send now" (all, or the one chosen), "edit before sending", "withdraw", "put
back" and the letters printed to one PDF; and the template editor with a live preview on a
real request. Lays out and asks the notice services through the facade.

Signals: none; the window refreshes itself after each change.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from illdesk.ui.facade import ServiceFacade

QUEUES = (
    ("to_send", "E-mails to send"),
    ("failed", "Failed"),
    ("to_print", "Letters to print"),
    ("sent_today", "Sent or printed today"),
)


def _notices() -> Any:
    from illdesk.services.notices import mailer, outbox, preview, template_store  # noqa: PLC0415

    return mailer, outbox, preview, template_store


class OutboxTab(QWidget):
    """The queues of the outbox and what staff do with one notice."""

    def __init__(self, services: ServiceFacade, say: Callable[[str], None]) -> None:
        super().__init__()
        self.services, self.say = services, say
        self.queue = QComboBox()
        for key, label in QUEUES:
            self.queue.addItem(label, key)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Request", "Notice", "To", "State", "Why"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().hide()
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.send_now = QPushButton("&Send all e-mails now")
        self.send_one = QPushButton("Send this &one now")
        self.edit = QPushButton("&Edit before sending…")
        self.withdraw = QPushButton("&Withdraw")
        self.put_back = QPushButton("&Put back in the queue")
        self.print_letters = QPushButton("Print &letters to PDF…")
        self.editor: QDialog | None = None
        buttons = QHBoxLayout()
        for b in (
            self.send_now,
            self.send_one,
            self.edit,
            self.withdraw,
            self.put_back,
            self.print_letters,
        ):
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.addWidget(self.queue)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.rows: list[Any] = []
        self.queue.currentIndexChanged.connect(lambda _i: self.reload())
        self.table.itemSelectionChanged.connect(self._on_table_selection)
        self.send_now.clicked.connect(self._on_send_now_clicked)
        self.send_one.clicked.connect(self._on_send_one_clicked)
        self.edit.clicked.connect(self._on_edit_clicked)
        self.print_letters.clicked.connect(self._on_print_letters_clicked)
        self.withdraw.clicked.connect(
            lambda: self._on_one(lambda o, s, i: o.withdraw(s.write(), i))
        )
        self.put_back.clicked.connect(lambda: self._on_one(lambda o, s, i: o.retry(s.write(), i)))
        self.reload()

    def reload(self) -> None:
        key = self.queue.currentData()
        _m, outbox, _p, _t = _notices()
        self.services.query(lambda s: outbox.list_notices(s.read(), queue=key), self._show)

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, n in enumerate(rows):
            cells = (n.request_number, n.label, n.recipient or n.channel, n.status, n.error)
            for j, cell in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(str(cell)))
        self.preview.setPlainText("" if rows else "Nothing in this queue.")

    def _selected(self) -> Any | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _on_table_selection(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        _m, outbox, _p, _t = _notices()
        self.services.query(
            lambda s: outbox.notice_text(s.read(), chosen.id),
            lambda t: self.preview.setPlainText(
                f"Subject: {t.subject}\n\n{t.text}\n---- letter ----\n{t.letter}"
            ),
            lambda exc: self.say(str(exc)),
        )

    def _on_one(self, work: Callable[[Any, Any, int], None]) -> None:
        chosen = self._selected()
        if chosen is None:
            self.say("Choose a notice first.")
            return
        _m, outbox, _p, _t = _notices()
        self.services.change(
            lambda s: work(outbox, s, chosen.id),
            lambda _r: self.reload(),
            lambda exc: self.say(str(exc)),
        )

    def _on_edit_clicked(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.say("Choose a notice first.")
            return
        if chosen.status not in {"queued", "failed"}:
            self.say(f"Notice {chosen.id} is {chosen.status} already; it cannot be changed.")
            return
        _m, outbox, _p, _t = _notices()
        self.services.query(
            lambda s: outbox.notice_text(s.read(), chosen.id),
            self._open_editor,
            lambda exc: self.say(str(exc)),
        )

    def _open_editor(self, text: Any) -> None:
        from illdesk.ui.notice_edit_dialog import NoticeEditDialog  # noqa: PLC0415

        self.editor = NoticeEditDialog(self.services, text, self)
        self.editor.saved.connect(lambda: self.say(f"Notice {text.id} saved as edited."))
        self.editor.saved.connect(self.reload)
        self.editor.open()

    def _on_print_letters_clicked(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, "Save the letters to post", "letters.pdf", "PDF (*.pdf)"
        )
        if chosen:
            self.save_letters(Path(chosen))

    def save_letters(self, target: Path) -> None:
        """Every letter waiting to be posted, as one PDF at `target`, marked printed."""
        from illdesk.services.notices import letters  # noqa: PLC0415

        self.say("Printing the letters…")

        def done(saved: Any) -> None:
            self.say(saved.summary(target))
            self.reload()

        self.services.change(
            lambda s: letters.save_letters(s.write, target), done, lambda e: self.say(str(e))
        )

    def _on_send_one_clicked(self) -> None:
        chosen = self._selected()
        if chosen is None or chosen.channel != "email":
            self.say("Choose an e-mail first (letters are printed, not sent).")
            return
        self._send([chosen.id])

    def _on_send_now_clicked(self) -> None:
        self._send(None)

    def _send(self, only: list[int] | None) -> None:
        mailer, _o, _p, _t = _notices()
        self.say("Sending…")

        def done(report: Any) -> None:
            extra = f" {report.problem}" if report.problem else ""
            self.say(
                f"Sent {report.sent}, refused {report.failed}, waiting {report.deferred}.{extra}"
            )
            self.reload()

        self.services.change(
            lambda s: mailer.send_queued(s.write, respect_backoff=False, only=only),
            done,
            lambda exc: self.say(str(exc)),
        )


class TemplateTab(QWidget):
    """Edit a notice type's template with a live preview on a real request."""

    def __init__(self, services: ServiceFacade, say: Callable[[str], None]) -> None:
        super().__init__()
        self.services, self.say = services, say
        from illdesk.core.notice_types import FIELDS, NOTICE_TYPES  # noqa: PLC0415

        self.kind = QComboBox()
        for t in NOTICE_TYPES:
            self.kind.addItem(t.label, t.kind)
        self.number = QLineEdit()
        self.number.setPlaceholderText("A request number to preview with (B-26-000123)")
        self.editor = QPlainTextEdit()
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.problem = QLabel("")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        fields = QPlainTextEdit("\n".join(f"{{{{ {k} }}}}  {v}" for k, v in FIELDS.items()))
        fields.setReadOnly(True)
        self.save = QPushButton("&Save template")
        self.reset = QPushButton("Back to the &shipped template")
        top = QHBoxLayout()
        top.addWidget(self.kind, 1)
        top.addWidget(self.number, 1)
        split = QSplitter()
        split.addWidget(self.editor)
        split.addWidget(self.preview)
        split.addWidget(fields)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save)
        buttons.addWidget(self.reset)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.problem)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(400)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.kind.currentIndexChanged.connect(lambda _i: self._load())
        self.editor.textChanged.connect(self.timer.start)
        self.number.editingFinished.connect(self.timer.start)
        self.save.clicked.connect(self._on_save_clicked)
        self.reset.clicked.connect(self._on_reset_clicked)
        self._load()

    def _load(self) -> None:
        kind = self.kind.currentData()
        _m, _o, _p, store = _notices()
        self.services.query(
            lambda s: {v.kind: v.source for v in store.list_templates(s.read())}[kind],
            self.editor.setPlainText,
        )

    def _on_timer_timeout(self) -> None:
        number = self.number.text().strip()
        source, kind = self.editor.toPlainText(), self.kind.currentData()
        _m, _o, preview, _store = _notices()
        if not number:
            from illdesk.services.notices.templating import check_template  # noqa: PLC0415

            work: Callable[[Any], Any] = lambda _s: check_template(source)  # noqa: E731
        else:
            work = lambda s: preview.render_for_request(s.read(), number, kind, source)  # noqa: E731
        self.services.query(work, self._show, self._on_problem)

    def _show(self, out: Any) -> None:
        self.problem.setText("")
        html = f"\n---- HTML ----\n{out.html}" if out.html else ""
        self.preview.setPlainText(
            f"Subject: {out.subject}\n\n{out.text}{html}\n---- letter ----\n{out.letter}"
        )

    def _on_problem(self, exc: Exception) -> None:
        self.problem.setText(str(exc))

    def _on_save_clicked(self) -> None:
        source, kind = self.editor.toPlainText(), self.kind.currentData()
        _m, _o, _p, store = _notices()
        self.services.change(
            lambda s: store.save_template(s.write(), kind, source),
            lambda _r: self.say("Template saved: every workstation uses it now."),
            self._on_problem,
        )

    def _on_reset_clicked(self) -> None:
        kind = self.kind.currentData()
        _m, _o, _p, store = _notices()
        self.services.change(
            lambda s: store.reset_template(s.write(), kind),
            lambda _r: self._load(),
            self._on_problem,
        )


class NoticesWindow(QDialog):
    """The outbox and the templates, in two tabs."""

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Notices")
        self.resize(1000, 640)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        tabs = QTabWidget()
        self.outbox = OutboxTab(services, self.status.setText)
        self.templates = TemplateTab(services, self.status.setText)
        tabs.addTab(self.outbox, "&Outbox")
        tabs.addTab(self.templates, "&Templates")
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.status)
