"""First run: the setup wizard makes a workspace for the library, or a demo workspace."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from illdesk.services.admin import settings as library_settings
from illdesk.services.admin import workstation
from illdesk.services.admin.demo import DemoSize
from illdesk.services.desk import queues as queue_service
from illdesk.store.database import open_database
from illdesk.store.unit_of_work import UnitOfWork
from illdesk.ui.setup_wizard import CREATE, DATABASE, LIBRARY, SetupWizard


def _next(qtbot, wizard):
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_setting_up_my_library_in_a_local_file(qtbot, tmp_path) -> None:
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.welcome.staff, "Dana Whitfield")
    wizard.welcome.workstation.setText("DESK-1")
    _next(qtbot, wizard)
    assert wizard.currentId() == LIBRARY
    _next(qtbot, wizard)  # nothing filled in: refused
    assert wizard.currentId() == LIBRARY
    assert "name and a one-word symbol" in wizard.library.problem.text()
    for key, text in (
        ("name", "Riverbend Library"),
        ("symbol", "rvb"),
        ("street", "1 River Rd"),
        ("city", "Portland"),
        ("region", "OR"),
        ("postal_code", "97219"),
    ):
        qtbot.keyClicks(wizard.library.edits[key], text)
    _next(qtbot, wizard)
    assert wizard.currentId() == DATABASE
    path = tmp_path / "mine.sqlite"
    wizard.database.path.setText(str(path))
    _next(qtbot, wizard)
    assert wizard.currentId() == CREATE
    qtbot.waitUntil(wizard.create_page.isComplete, timeout=20_000)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    saved = workstation.load()
    assert saved.current_staff == "Dana Whitfield"
    assert saved.workstation_name == "DESK-1"
    assert saved.database_url() == f"sqlite:///{path}"
    db = open_database(saved.database_url())
    try:
        with UnitOfWork(db, read_only=True) as uow:
            home = library_settings.load(uow).home
        assert (home.name, home.symbol, home.address.city) == (
            "Riverbend Library",
            "RVB",
            "Portland",
        )
    finally:
        db.dispose()


def test_opening_a_demo_workspace_in_the_data_folder(qtbot) -> None:
    wizard = SetupWizard(demo_size=DemoSize(libraries=6, patrons=10, requests=60, months=3))
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.welcome.demo.setChecked(True)
    _next(qtbot, wizard)
    assert wizard.currentId() == CREATE
    qtbot.waitUntil(wizard.create_page.isComplete, timeout=60_000)
    assert "demo workspace is ready" in wizard.create_page.message.text()
    assert wizard.create_page.bar.value() == wizard.create_page.bar.maximum()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    saved = workstation.load()
    assert saved.current_database == "Demo workspace"
    assert str(workstation.data_dir()) in saved.database_url()
    db = open_database(saved.database_url())
    try:
        counts = queue_service.queue_counts(UnitOfWork(db, read_only=True))
        assert sum(counts.values()) > 0
    finally:
        db.dispose()


def test_a_server_password_without_a_keyring_shows_the_way_out(qtbot, monkeypatch) -> None:
    def no_keyring(url, password):
        raise workstation.KeyringUnavailable(workstation.NO_KEYRING_HELP)

    monkeypatch.setattr(workstation, "store_password", no_keyring)
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    _next(qtbot, wizard)
    for key, text in (("name", "Riverbend Library"), ("symbol", "RVB")):
        qtbot.keyClicks(wizard.library.edits[key], text)
    _next(qtbot, wizard)
    wizard.database.server.setChecked(True)
    wizard.database.host.setText("db.example.edu")
    wizard.database.password.setText("secret")
    _next(qtbot, wizard)
    assert wizard.currentId() == DATABASE
    assert "password file" in wizard.database.problem.text()
    assert "secret" not in wizard.database.url()
    wizard.reject()


def _illdesk(capsys, *args: str) -> tuple[int, str, str]:
    from illdesk.cli import main

    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_after_setting_up_my_library_the_command_line_works(qtbot, tmp_path, capsys) -> None:
    # Issue 9: every command refused "Dana Whitfield is not on the staff list".
    wizard = SetupWizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.welcome.staff, "Dana Whitfield")
    _next(qtbot, wizard)
    for key, text in (("name", "Riverbend Library"), ("symbol", "RVB")):
        qtbot.keyClicks(wizard.library.edits[key], text)
    _next(qtbot, wizard)
    wizard.database.path.setText(str(tmp_path / "mine.sqlite"))
    _next(qtbot, wizard)
    qtbot.waitUntil(wizard.create_page.isComplete, timeout=20_000)
    assert "set up" in wizard.create_page.message.text()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)

    code, out, err = _illdesk(capsys, "queue", "list")
    assert (code, err) == (0, "")
    assert "Borrowing" in out
    code, out, _err = _illdesk(capsys, "staff", "list")
    assert code == 0 and "Dana Whitfield" in out
    code, out, _err = _illdesk(capsys, "staff", "add", "Luis Ortega")
    assert code == 0 and "Added Luis Ortega" in out


def test_staff_commands_work_whoever_is_the_current_staff_member(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    assert _illdesk(capsys, "db", "use", url, "--name", "desk")[0] == 0
    settings = workstation.load()
    settings.current_staff = "Pat Newcomer"  # not on the (empty) staff list yet
    workstation.save(settings)
    code, _out, err = _illdesk(capsys, "queue", "list")
    assert code == 1 and "Pat Newcomer is not on the staff list" in err
    code, out, err = _illdesk(capsys, "staff", "add", "Pat Newcomer")
    assert (code, err) == (0, "") and "Added Pat Newcomer" in out
    assert "Pat Newcomer" in _illdesk(capsys, "staff", "list")[1]
    assert _illdesk(capsys, "queue", "list")[0] == 0


def test_the_demo_workspace_knows_the_person_who_made_it(qtbot, capsys) -> None:
    wizard = SetupWizard(demo_size=DemoSize(libraries=6, patrons=10, requests=30, months=2))
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.keyClicks(wizard.welcome.staff, "Sam Quinn")
    wizard.welcome.demo.setChecked(True)
    _next(qtbot, wizard)
    qtbot.waitUntil(wizard.create_page.isComplete, timeout=60_000)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton)
    code, _out, err = _illdesk(capsys, "queue", "list")
    assert (code, err) == (0, "")
    assert "Sam Quinn" in _illdesk(capsys, "staff", "list")[1]
