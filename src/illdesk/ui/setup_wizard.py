"""First run: set ILL Desk up for the library, or open a demo workspace to try it.

Shown when this workstation has no settings file yet. It makes (or connects to) the database,
stores the home library (printed on every label and slip), and writes the workstation file.
Database passwords go to the OS keyring only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from illdesk.core.address import PostalAddress
from illdesk.services.admin import settings as library_settings
from illdesk.services.admin import workstation
from illdesk.services.admin.demo import DemoSize
from illdesk.ui.tasks import Cancelled, Progress, run_with_progress

WELCOME, LIBRARY, DATABASE, CREATE = range(4)


def _line(name: str, text: str = "", placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(text)
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    return edit


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Welcome to ILL Desk")
        self.setSubTitle("Set it up for your library, or look around in a demo workspace first.")
        self.own = QRadioButton("Set up ILL Desk for my library")
        self.own.setAccessibleName("Set up ILL Desk for my library")
        self.demo = QRadioButton(
            "Open a demo workspace (a made-up library with partner libraries, patrons and "
            "requests in every state; nothing you do there is real)"
        )
        self.demo.setAccessibleName("Open a demo workspace")
        self.own.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.own)
        group.addButton(self.demo)
        settings = workstation.WorkstationSettings()
        self.staff = _line("Your name", "", "e.g. Dana Whitfield")
        self.workstation = _line("This workstation's name", settings.workstation_name)
        form = QFormLayout()
        form.addRow("Your name:", self.staff)
        form.addRow("This workstation:", self.workstation)
        layout = QVBoxLayout(self)
        layout.addWidget(self.own)
        layout.addWidget(self.demo)
        layout.addSpacing(12)
        layout.addLayout(form)
        layout.addWidget(QLabel("Every change is recorded with your name and the workstation."))

    def nextId(self) -> int:
        return CREATE if self.demo.isChecked() else LIBRARY


class LibraryPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your library")
        self.setSubTitle("Printed on every mailing label, packing slip and book band.")
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout(self)
        for key, label, hint in (
            ("name", "Library name *", "Riverbend Community College Library"),
            ("symbol", "Symbol *", "OCLC symbol or ISIL, e.g. RVB or US-OrRCC"),
            ("email", "ILL e-mail", "ill@library.example.edu"),
            ("phone", "Phone", ""),
            ("department", "Department", "Interlibrary Loan"),
            ("street", "Street", ""),
            ("street2", "Street (2nd line)", ""),
            ("city", "City", ""),
            ("region", "State / region", ""),
            ("postal_code", "Postal code", ""),
            ("country", "Country (2 letters)", "US"),
        ):
            edit = _line(label.rstrip(" *"), "US" if key == "country" else "", hint)
            self.edits[key] = edit
            form.addRow(f"{label}:", edit)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #8b1a1a; font-weight: bold")
        form.addRow(self.problem)

    def value(self, key: str) -> str:
        return self.edits[key].text().strip()

    def validatePage(self) -> bool:
        symbol = self.value("symbol")
        if not self.value("name") or not symbol or " " in symbol:
            self.problem.setText("The library needs a name and a one-word symbol.")
            return False
        return True

    def home(self) -> library_settings.HomeLibrary:
        address = PostalAddress(
            name=self.value("name"),
            department=self.value("department"),
            street=self.value("street"),
            street2=self.value("street2"),
            city=self.value("city"),
            region=self.value("region"),
            postal_code=self.value("postal_code"),
            country=(self.value("country") or "US").upper()[:2],
        )
        return library_settings.HomeLibrary(
            name=self.value("name"),
            symbol=self.value("symbol").upper(),
            email=self.value("email"),
            phone=self.value("phone"),
            address=address,
        )


class DatabasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Where ILL Desk keeps its records")
        self.setSubTitle("One desk: a file on this computer. Several desks: a PostgreSQL server.")
        self.local = QRadioButton("A database file on this computer")
        self.local.setAccessibleName("A database file on this computer")
        self.server = QRadioButton("A shared PostgreSQL server (several workstations)")
        self.server.setAccessibleName("A shared PostgreSQL server")
        self.local.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        self.path = _line("Database file", str(workstation.data_dir() / "workspace.sqlite"))
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the database file")
        browse.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.host = _line("Server", "", "db.library.example.edu")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.port.setAccessibleName("Port")
        self.database = _line("Database name", "illdesk")
        self.user = _line("User", "illdesk")
        self.password = _line("Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        server_form = QFormLayout()
        server_form.addRow("Server:", self.host)
        server_form.addRow("Port:", self.port)
        server_form.addRow("Database:", self.database)
        server_form.addRow("User:", self.user)
        server_form.addRow("Password:", self.password)
        self.server_box = QWidget()
        self.server_box.setLayout(server_form)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #8b1a1a")
        self.problem.setAccessibleName("Problem")
        self.local.toggled.connect(self._on_choice_toggled)
        self._keyring_warned = False
        layout = QVBoxLayout(self)
        layout.addWidget(self.local)
        layout.addLayout(file_row)
        layout.addWidget(self.server)
        layout.addWidget(self.server_box)
        layout.addWidget(self.problem)
        self._on_choice_toggled(True)

    def _on_choice_toggled(self, _on: bool) -> None:
        self.path.setEnabled(self.local.isChecked())
        self.server_box.setEnabled(self.server.isChecked())

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Database file", self.path.text(), "ILL Desk database (*.sqlite)"
        )
        if path:
            self.path.setText(path)

    def url(self) -> str:
        """The address to remember (never with the password)."""
        if self.local.isChecked():
            return f"sqlite:///{Path(self.path.text().strip()).expanduser()}"
        from illdesk.services.admin.setup import postgresql_url  # noqa: PLC0415

        return postgresql_url(
            self.user.text().strip(),
            self.host.text().strip(),
            self.port.value(),
            self.database.text().strip(),
        )

    def validatePage(self) -> bool:
        if self.local.isChecked():
            return bool(self.path.text().strip())
        if not self.host.text().strip() or not self.database.text().strip():
            self.problem.setText("Give the server's name and the database name.")
            return False
        if self.password.text() and not self._keyring_warned:
            try:
                workstation.store_password(self.url(), self.password.text())
            except workstation.KeyringUnavailable as exc:
                self._keyring_warned = True
                self.problem.setText(
                    f"{exc}\n\nPress Next again to go on without saving the password here."
                )
                return False
        return True


class CreatePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Getting the workspace ready")
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Progress message")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Progress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.bar)
        self.done = False
        self.progress: Progress | None = None

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        self.done = False
        self.completeChanged.emit()
        wizard.start_creating(self)

    def isComplete(self) -> bool:
        return self.done

    def finish(self, message: str, ok: bool) -> None:
        self.message.setText(message)
        self.done = ok
        self.completeChanged.emit()


class SetupWizard(QWizard):
    """After `exec()` returns Accepted, the workstation file names the new database."""

    def __init__(self, parent: QWidget | None = None, demo_size: DemoSize | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up ILL Desk")
        self.setAccessibleName("Set up ILL Desk")
        self.demo_size = demo_size or DemoSize()
        self.welcome = WelcomePage()
        self.library = LibraryPage()
        self.database = DatabasePage()
        self.create_page = CreatePage()
        self.setPage(WELCOME, self.welcome)
        self.setPage(LIBRARY, self.library)
        self.setPage(DATABASE, self.database)
        self.setPage(CREATE, self.create_page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.rejected.connect(self._on_rejected)
        self.database_url = ""
        self.resize(720, 560)

    def _settings(self, name: str, url: str) -> workstation.WorkstationSettings:
        settings = workstation.WorkstationSettings()
        settings.workstation_name = self.welcome.workstation.text().strip() or (
            settings.workstation_name
        )
        settings.current_staff = self.welcome.staff.text().strip()
        settings.databases = {name: url}
        settings.current_database = name
        return settings

    def start_creating(self, page: CreatePage) -> None:
        from illdesk.services.admin import setup  # noqa: PLC0415 - loads the database layer

        demo = self.welcome.demo.isChecked()
        staff = self.welcome.staff.text().strip()
        if demo:
            url = setup.demo_workspace_url()
            name = "Demo workspace"
            page.message.setText("Making a demo workspace: partner libraries, patrons, requests…")
        else:
            url = self.database.url()
            name = self.library.value("name") or "Library"
            page.message.setText("Opening the database and saving your library…")
        home = None if demo else self.library.home()
        password = self.database.password.text() if self.database.server.isChecked() else ""
        page.bar.setRange(0, 0)

        def work(progress: Progress) -> str:
            if demo:
                return setup.make_demo_workspace(staff, self.demo_size, progress.report)
            assert home is not None
            return setup.set_up_library(url, home, staff, password)

        def on_progress(done: int, total: int) -> None:
            page.bar.setRange(0, total)
            page.bar.setValue(done)

        def on_done(target: str) -> None:
            self.database_url = target
            workstation.save(self._settings(name, target))
            page.bar.setRange(0, 1)
            page.bar.setValue(1)
            what = "The demo workspace is ready." if demo else "Your library is set up."
            page.finish(f"{what} Press Finish to open the desk.", True)

        def on_error(exc: Exception) -> None:
            page.bar.setRange(0, 1)
            page.bar.setValue(0)
            if isinstance(exc, Cancelled):
                return
            page.finish(f"That did not work: {exc}\nGo Back to change the settings.", False)

        page.progress = run_with_progress(work, on_progress, on_done, on_error)

    def _on_rejected(self) -> None:
        if self.create_page.progress is not None:
            self.create_page.progress.cancel()
