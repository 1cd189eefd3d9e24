"""Choosing a lender string: libraries from the partner directory or a saved lender group, in
the order they should be asked."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from illdesk.services.desk.views import LibraryView
from illdesk.services.directory import entries as directory
from illdesk.services.directory import lender_groups
from illdesk.services.directory.library_match import match_libraries
from illdesk.services.session import DeskSession
from illdesk.ui.facade import ServiceFacade


class LenderPicker(QWidget):
    """An ordered list of lender symbols with the directory and saved groups to pick from.

    Signals:
        changed(): the list of lenders changed.
        failed(str): the directory could not be read, a group not saved, or a typed name
            matched no library or several ("" when that no longer applies).
    """

    changed = Signal()
    failed = Signal(str)

    def __init__(self, services: ServiceFacade, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.libraries: dict[str, LibraryView] = {}
        self.groups: dict[str, tuple[str, ...]] = {}
        self.directory_box = QComboBox()
        self.directory_box.setEditable(True)
        self.directory_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        line = self.directory_box.lineEdit()
        assert line is not None  # an editable combo box always has its line edit
        line.setPlaceholderText("Symbol or name of a partner library")
        self.directory_box.setAccessibleName("Partner library to add")
        line.returnPressed.connect(self._on_add_clicked)
        self.add_button = QPushButton("&Add lender")
        self.add_button.setAccessibleName("Add this library to the lender string")
        self.add_button.clicked.connect(self._on_add_clicked)
        # The libraries a typed name matched, when it matched several: pick one.
        self.choices = QListWidget()
        self.choices.setAccessibleName("Libraries that match what you typed: choose one")
        self.choices.setMaximumHeight(90)
        self.choices.hide()
        self.choices.itemActivated.connect(self._on_choices_activated)
        self.choices.itemClicked.connect(self._on_choices_activated)
        self.group_box = QComboBox()
        self.group_box.setAccessibleName("Saved lender group to add")
        self.group_box.setPlaceholderText("Saved lender group…")
        self.add_group_button = QPushButton("Add &group")
        self.add_group_button.setAccessibleName("Add every library of the saved lender group")
        self.add_group_button.clicked.connect(self._on_add_group_clicked)
        self.save_group_button = QPushButton("Save as group…")
        self.save_group_button.setAccessibleName("Save this lender string as a lender group")
        self.save_group_button.clicked.connect(self._on_save_group_clicked)
        self.list = QListWidget()
        self.list.setAccessibleName("Lender string, first asked at the top")
        self.list.setMinimumHeight(90)
        self.up_button = QPushButton("Move &up")
        self.up_button.setAccessibleName("Ask the selected lender earlier")
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button = QPushButton("Move &down")
        self.down_button.setAccessibleName("Ask the selected lender later")
        self.down_button.clicked.connect(lambda: self._move(1))
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setAccessibleName("Remove the selected lender from the string")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.directory_box, 0, 0, 1, 2)
        grid.addWidget(self.add_button, 0, 2)
        grid.addWidget(self.choices, 1, 0, 1, 3)
        grid.addWidget(self.group_box, 2, 0)
        grid.addWidget(self.add_group_button, 2, 1)
        grid.addWidget(self.save_group_button, 2, 2)
        grid.addWidget(self.list, 3, 0, 3, 2)
        grid.addWidget(self.up_button, 3, 2)
        grid.addWidget(self.down_button, 4, 2)
        grid.addWidget(self.remove_button, 5, 2)
        grid.setColumnStretch(0, 1)
        self.load()

    def load(self) -> None:
        """Read the directory and the saved groups in the background."""

        def work(s: DeskSession) -> tuple[list[LibraryView], dict[str, tuple[str, ...]]]:
            libraries = directory.list_libraries(s.read())
            groups = lender_groups.list_groups(s.read())
            return libraries, groups

        self.services.query(work, self._on_loaded, lambda exc: self.failed.emit(str(exc)))

    def _on_loaded(self, result: tuple[list[LibraryView], dict[str, tuple[str, ...]]]) -> None:
        libraries, groups = result
        self.libraries = {lib.symbol: lib for lib in libraries if lib.active}
        text = self.directory_box.currentText()
        self.directory_box.clear()
        for lib in self.libraries.values():
            self.directory_box.addItem(f"{lib.symbol} — {lib.name}", lib.symbol)
        self.directory_box.setCurrentIndex(-1)
        self.directory_box.setEditText(text)
        self.groups = groups
        self.group_box.clear()
        for name, symbols in groups.items():
            self.group_box.addItem(f"{name} ({', '.join(symbols)})", name)
        self.group_box.setCurrentIndex(-1)
        self._refresh_labels()

    # ------------------------------------------------------------ the list

    def symbols(self) -> list[str]:
        return [
            str(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())
        ]

    def set_symbols(self, symbols: list[str] | tuple[str, ...]) -> None:
        self.list.clear()
        for symbol in symbols:
            self.add_symbol(symbol)

    def add_symbol(self, symbol: str) -> None:
        symbol = symbol.strip().upper()
        if not symbol or symbol in self.symbols():
            return
        item = QListWidgetItem(self._label(symbol))
        item.setData(Qt.ItemDataRole.UserRole, symbol)
        self.list.addItem(item)
        self.changed.emit()

    def _label(self, symbol: str) -> str:
        lib = self.libraries.get(symbol)
        if lib is None:
            return f"{symbol} (not in the partner directory)" if self.libraries else symbol
        terms = f"{lib.loan_days} days, " + ("free" if not lib.charge else f"charge {lib.charge}")
        return f"{symbol} — {lib.name} ({terms})"

    def _refresh_labels(self) -> None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setText(self._label(str(item.data(Qt.ItemDataRole.UserRole))))

    def _on_add_clicked(self) -> None:
        data = self.directory_box.currentData()
        text = self.directory_box.currentText().strip()
        if data and self.directory_box.itemText(self.directory_box.currentIndex()) == text:
            self._add_and_clear(str(data))
            return
        if not text:
            return
        if not self.libraries:  # no directory (yet): take what was typed as a symbol
            self._add_and_clear(text.split(" ")[0])
            return
        # The box says "Symbol or name": a name or a city finds its library too.
        match = match_libraries(self.libraries.values(), text)
        if match.single is not None:
            self._add_and_clear(match.single.symbol)
        elif match.libraries:
            # Several fit: list them under the box, as the form lists patrons, to pick one.
            self.choices.clear()
            for lib in match.libraries:
                item = QListWidgetItem(f"{lib.symbol} — {lib.name}")
                item.setData(Qt.ItemDataRole.UserRole, lib.symbol)
                self.choices.addItem(item)
            self.choices.show()
            self.failed.emit(match.message)
        else:
            self.failed.emit(match.message)

    def _on_choices_activated(self, item: QListWidgetItem) -> None:
        self._add_and_clear(str(item.data(Qt.ItemDataRole.UserRole)))

    def _add_and_clear(self, symbol: str) -> None:
        self.choices.hide()
        self.choices.clear()
        self.add_symbol(symbol)
        self.failed.emit("")  # whatever the box said about the last try no longer applies
        self.directory_box.setCurrentIndex(-1)
        self.directory_box.setEditText("")

    def _on_add_group_clicked(self) -> None:
        name = self.group_box.currentData()
        for symbol in self.groups.get(str(name), ()):
            self.add_symbol(symbol)

    def _on_save_group_clicked(self) -> None:
        symbols = self.symbols()
        if not symbols:
            self.failed.emit("Add lenders first, then save them as a group.")
            return
        name, ok = QInputDialog.getText(self, "Save lender group", "Name of the lender group:")
        if not ok or not name.strip():
            return

        def work(s: DeskSession) -> None:
            lender_groups.save_group(s.write(), name, symbols)

        self.services.change(work, lambda _r: self.load(), lambda exc: self.failed.emit(str(exc)))

    def _on_remove_clicked(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def _move(self, step: int) -> None:
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self.changed.emit()
