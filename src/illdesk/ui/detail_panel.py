"""The request detail panel: everything about one request, and the actions possible now.

Layout only: buttons emit signals and the main window decides what they do. Buttons keep
their place: "Undo last action", "Edit request…" and "Reload" sit at the same height whatever
the request, above the actions (whose number varies), and the lines above them have a fixed
height (a long title is shortened, whole in its tooltip; the attention line keeps its room
when empty). A long action label takes a whole row, so no label widens the panel.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from illdesk.core.address_format import format_address
from illdesk.core.citation import FIELD_LABELS
from illdesk.core.vocabulary import (
    DeliveryMethod,
    Format,
    PatronType,
    RotaAnswer,
    reason_text,
)
from illdesk.core.workflow import Action
from illdesk.services.desk.views import ActionChoice, RequestDetail
from illdesk.ui.charges_tab import ChargesTab
from illdesk.ui.elided_label import ElidedLabel
from illdesk.ui.queue_model import attention, format_date

ANSWER_LABELS = {
    RotaAnswer.NOT_ASKED: "Not asked yet",
    RotaAnswer.PENDING: "Asked, waiting for an answer",
    RotaAnswer.CONDITIONAL: "Answered with conditions",
    RotaAnswer.ACCEPTED: "Supplying",
    RotaAnswer.UNFILLED: "Cannot supply",
    RotaAnswer.NO_ANSWER: "No answer in time",
    RotaAnswer.SKIPPED: "Skipped",
}

BUTTON_COLUMNS = 2
# Rows of action buttons the box keeps room for, filled or not (most statuses have up to six
# actions), so that the tabs below seldom move.
BUTTON_ROWS_KEPT = 3
# An action label longer than this takes a whole row (two such buttons side by side would
# make the panel wider than its minimum).
SHORT_LABEL = 24

SOURCES = {
    "staff": "Entered at the desk",
    "openurl": "OpenURL link (discovery system)",
    "email": "E-mail",
    "iso18626": "ISO 18626 message",
    "import": "Imported file",
}


def money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _value_label(text: str = "") -> QLabel:
    label = QLabel(text)
    # Short values (dates, codes) stay on one line; addresses and notes wrap.
    label.setWordWrap(len(text) > 24 or "\n" in text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


NO_REQUEST = "Choose a request in the list to see it here."


def _keep_room_when_hidden(widget: QWidget) -> None:
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)


# The pane around the panel scrolls only when the window is lower than the panel's minimum.
# A part whose height follows its width (wrapped text) would make the scroll area ask for the
# panel's full preferred height instead, and show a second scroll bar beside the pages' own.
class _PlainHeightLabel(QLabel):
    def hasHeightForWidth(self) -> bool:
        return False


class _PlainHeightTabs(QTabWidget):
    def hasHeightForWidth(self) -> bool:
        return False


class _Form(QGroupBox):
    """A titled group of "label: value" lines; empty values are shown as a dash."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.setAccessibleName(title)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        for name, value in lines:
            label = _value_label(value or "—")
            label.setAccessibleName(name)
            self.form.addRow(f"{name}:", label)


class DetailPanel(QWidget):
    """Signals:
    action_clicked(object): an ActionChoice button was pressed.
    undo_clicked(): "Undo last action" was pressed.
    edit_clicked(): "Edit request" was pressed.
    reload_clicked(): "Reload" was pressed.
    """

    action_clicked = Signal(object)
    undo_clicked = Signal()
    edit_clicked = Signal()
    reload_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Request detail")
        self.detail: RequestDetail | None = None
        self.heading = ElidedLabel(NO_REQUEST)
        self.heading.setAccessibleName("Request")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading.setFont(font)
        self.status_line = _PlainHeightLabel()
        self.status_line.setWordWrap(True)
        self.status_line.setAccessibleName("Status")
        self.status_line.setFixedHeight(2 * self.status_line.fontMetrics().lineSpacing() + 4)
        self.attention_line = ElidedLabel()
        self.attention_line.setAccessibleName("Needs attention")
        self.attention_line.setStyleSheet(
            "background: #f8d7da; color: #5c1a1f; padding: 4px; font-weight: bold"
        )
        _keep_room_when_hidden(self.attention_line)
        self.attention_line.hide()
        self.actions_box = QGroupBox("Actions possible now")
        self.actions_box.setAccessibleName("Actions possible now")
        self.actions_grid = QGridLayout(self.actions_box)
        self.actions_grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        for column in range(BUTTON_COLUMNS):
            self.actions_grid.setColumnStretch(column, 1)
        row_height = QPushButton("Xg").sizeHint().height() + self.actions_grid.verticalSpacing()
        self.actions_box.setMinimumHeight(BUTTON_ROWS_KEPT * row_height + 2 * row_height // 3)
        self.action_buttons: dict[Action, QPushButton] = {}
        self.undo_button = QPushButton("Undo last action")
        self.undo_button.setAccessibleName("Undo the last action on this request")
        self.undo_button.setToolTip("Ctrl+Z")
        self.undo_button.clicked.connect(self.undo_clicked)
        self.edit_button = QPushButton("Edit request…")
        self.edit_button.setAccessibleName("Edit the citation, dates and notes")
        self.edit_button.setToolTip("Ctrl+E")
        self.edit_button.clicked.connect(self.edit_clicked)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setAccessibleName("Reload this request from the database")
        self.reload_button.clicked.connect(self.reload_clicked)
        tools = QHBoxLayout()
        tools.addWidget(self.undo_button)
        tools.addWidget(self.edit_button)
        tools.addWidget(self.reload_button)
        tools.addStretch(1)

        self.who = _Form("Patron")
        self.dates = _Form("Dates")
        self.items = _Form("Item and barcodes")
        self.notes = _Form("Notes")
        self.money = _Form("Charges")
        summary = QWidget()
        # One column: the panel is narrow, and nothing should need scrolling sideways.
        summary_layout = QVBoxLayout(summary)
        for group in (self.who, self.dates, self.items, self.money, self.notes):
            summary_layout.addWidget(group)
        summary_layout.addStretch(1)
        self.citation = _Form("Citation")
        citation_page = QWidget()
        QVBoxLayout(citation_page).addWidget(self.citation)
        citation_page.layout().addStretch()  # type: ignore[union-attr]
        self.rota = self._table(("Order", "Lender", "Answer", "Reason", "Note"), "Lender string")
        self.conditions = _value_label()
        self.conditions.setAccessibleName("Conditions")
        rota_page = QWidget()
        rota_layout = QVBoxLayout(rota_page)
        rota_layout.addWidget(self.rota)
        rota_layout.addWidget(self.conditions)
        self.history = self._table(("When", "Who", "What happened"), "History")
        self.history.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = _PlainHeightTabs()
        self.tabs.setAccessibleName("Request detail sections")
        self.tabs.addTab(self._scroll(summary), "&Summary")
        self.tabs.addTab(self._scroll(citation_page), "&Citation")
        self.tabs.addTab(rota_page, "&Lenders")
        self.tabs.addTab(self.history, "&History")
        self.charges = ChargesTab()
        self.charges.changed.connect(self.reload_clicked.emit)
        self.tabs.addTab(self.charges, "Char&ges")

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status_line)
        layout.addWidget(self.attention_line)
        layout.addLayout(tools)
        layout.addWidget(self.actions_box)
        layout.addWidget(self.tabs, 1)
        self.show_detail(None)

    @staticmethod
    def _scroll(widget: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(widget)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        return area

    @staticmethod
    def _table(headers: tuple[str, ...], name: str) -> QTableWidget:
        table = QTableWidget(0, len(headers))
        table.setHorizontalHeaderLabels(list(headers))
        table.setAccessibleName(name)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return table

    # ------------------------------------------------------------ filling in

    def show_detail(self, detail: RequestDetail | None) -> None:
        self.detail = detail
        for button in self.action_buttons.values():
            button.deleteLater()
        self.action_buttons = {}
        enabled = detail is not None
        for widget in (self.undo_button, self.edit_button, self.reload_button, self.tabs):
            widget.setEnabled(enabled)
        if detail is None:
            self.heading.set_full_text(NO_REQUEST)
            self.status_line.setText("")
            self.attention_line.hide()
            self.actions_box.setTitle("Actions possible now")
            self.actions_box.setEnabled(False)
            # Nothing of the previous request may stay on screen, greyed or not: it would be
            # read as belonging to the queue now shown.
            for group in (self.who, self.dates, self.items, self.money, self.notes, self.citation):
                group.set_lines([])
            self.rota.setRowCount(0)
            self.history.setRowCount(0)
            self.conditions.setText("")
            self.charges.show_request("")
            return
        row = detail.row
        self.heading.set_full_text(f"{row.number} — {detail.citation.display_title}")
        kind = f"{row.direction.capitalize()} {row.service} ({Format(row.format).label.lower()})"
        lender = ""
        if row.direction == "borrowing" and detail.rota:
            asked = [e for e in detail.rota if e.answer is not RotaAnswer.NOT_ASKED]
            if asked:
                place = f"{len(asked)} of {len(detail.rota)}"
                lender = f" · lender <b>{asked[-1].symbol}</b> ({place} in the string)"
        self.status_line.setText(
            f"{kind} · <b>{row.status_label}</b> since {format_date(row.status_since)}{lender}"
        )
        words = attention(row, date.today())[1]
        self.attention_line.set_full_text(f"⚠ {words}" if words else "")
        self.attention_line.setVisible(bool(words))
        self._fill_actions(detail.actions)
        self._fill_summary(detail)
        self._fill_citation(detail)
        self._fill_rota(detail)
        self._fill_history(detail)
        self.charges.show_request(row.number)

    def _fill_actions(self, actions: tuple[ActionChoice, ...]) -> None:
        self.actions_box.setEnabled(True)
        if not actions:
            self.actions_box.setTitle("No action possible now (the request is finished)")
        else:
            self.actions_box.setTitle("Actions possible now")
        row = column = 0
        for choice in actions:
            text = choice.label + ("…" if choice.params else "")
            button = QPushButton(text)
            button.setAccessibleName(choice.label)
            button.setObjectName(f"action-{choice.action.value}")
            button.clicked.connect(lambda _=False, c=choice: self.action_clicked.emit(c))
            span = BUTTON_COLUMNS if len(text) > SHORT_LABEL else 1
            if column + span > BUTTON_COLUMNS:
                row, column = row + 1, 0
            self.actions_grid.addWidget(button, row, column, 1, span)
            row, column = (row + 1, 0) if column + span >= BUTTON_COLUMNS else (row, column + span)
            self.action_buttons[choice.action] = button

    def _fill_summary(self, d: RequestDetail) -> None:
        if d.row.direction == "borrowing":
            self.who.setTitle("Patron")
            p = d.patron
            lines = [
                ("Name", p.display_name if p else ""),
                ("Card", p.card_barcode if p else ""),
                ("Type", PatronType(p.patron_type).label if p else ""),
                ("E-mail", p.email if p else ""),
                ("Phone", p.phone if p else ""),
                ("Pick up at", p.pickup_location if p else ""),
            ]
            if p and not p.address.is_empty:
                lines.append(("Mail to", "\n".join(format_address(p.address))))
            self.who.set_lines([*lines, ("Account", p.status.capitalize() if p else "")])
        else:
            self.who.setTitle("Requesting library")
            lib = d.library
            shipped = lib.delivery_methods if lib else ()
            methods = ", ".join(DeliveryMethod(m).label for m in shipped)
            self.who.set_lines(
                [
                    ("Library", f"{lib.name} ({lib.symbol})" if lib else ""),
                    ("Their reference", d.lender_reference),
                    ("Ship by", methods),
                    ("Ship to", "\n".join(format_address(lib.shipping_address)) if lib else ""),
                    ("E-mail", lib.email if lib else ""),
                ]
            )
        row = d.row
        dates = [
            ("Entered", format_date(row.created_at)),
            ("Need before", format_date(row.need_before)),
        ]
        if row.direction == "borrowing":
            dates += [
                ("Lender due date", format_date(row.lender_due_date)),
                ("Patron due date", format_date(row.patron_due_date)),
            ]
        else:
            dates += [("Due back from the borrower", format_date(row.lender_due_date))]
        dates += [
            ("Renewals", str(d.renewals) + (" — renewal asked" if row.renewal_pending else "")),
            ("Recalled", "Yes" if d.recalled else "No"),
        ]
        self.dates.set_lines(dates)
        # Loaded here, not at the top: its module brings SQLAlchemy, which the first screen
        # must not wait for (docs/decisions/0005).
        from illdesk.services.shipping.package_lines import describe_package  # noqa: PLC0415

        self.items.set_lines(
            [
                ("Call number", d.call_number),
                ("Location", d.location),
                (
                    "Lender's barcode" if row.direction == "borrowing" else "Item barcode",
                    d.item_barcode,
                ),
                ("Our barcode", d.temp_barcode),
                # Newest first: the package the item is in now is what staff ask about.
                ("Package", "\n".join(describe_package(p) for p in reversed(d.packages))),
                ("Restrictions", d.restrictions),
                ("Damaged", "Yes" if d.damaged else "No"),
                ("Copyright", d.copyright_code.upper()),
                ("Last reason (unfilled or cancelled)", reason_text(d.reason)),
            ]
        )
        self.money.set_lines(
            [
                ("Maximum cost", money(d.max_cost)),
                ("Charge", money(d.charge)),
            ]
        )
        self.notes.set_lines(
            [
                ("Staff note (never shown to the patron)", d.note),
                ("Note for the patron (printed and sent)", d.patron_note),
                ("Came from", SOURCES.get(d.source, d.source)),
            ]
        )

    def _fill_citation(self, d: RequestDetail) -> None:
        values = d.citation.as_dict()
        lines = [("Format", Format(d.row.format).label)]
        lines += [(FIELD_LABELS[name], value) for name, value in values.items() if value]
        self.citation.set_lines(lines)

    def _fill_rota(self, d: RequestDetail) -> None:
        self.rota.setRowCount(len(d.rota))
        for i, entry in enumerate(d.rota):
            cells = (
                str(i + 1),
                entry.symbol,
                ANSWER_LABELS.get(entry.answer, entry.answer.value),
                reason_text(entry.reason),
                entry.note,
            )
            for j, text in enumerate(cells):
                self.rota.setItem(i, j, QTableWidgetItem(text))
        if d.row.direction == "lending":
            self.conditions.setText("Lending request: no lender string (we are the lender).")
        elif not d.rota:
            self.conditions.setText("No lenders yet: use “Set lender string”.")
        else:
            self.conditions.setText(f"Conditions: {d.conditions}" if d.conditions else "")

    def _fill_history(self, d: RequestDetail) -> None:
        timeline = d.timeline
        self.history.setRowCount(len(timeline))
        for i, event in enumerate(reversed(timeline)):
            moved = (
                f"{event.from_label} → {event.to_label}"
                if event.from_label and event.from_label != event.to_label
                else event.to_label
            )
            action = event.action_label + (" (undone)" if event.undone else "")
            what = f"{action}\n{moved}" + (f"\n{event.summary}" if event.summary else "")
            who = event.staff_name + (f"\n{event.workstation}" if event.workstation else "")
            cells = (event.at.astimezone().strftime("%d %b %Y %H:%M"), who, what)
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if event.undone:
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                self.history.setItem(i, j, item)
