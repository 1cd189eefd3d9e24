"""Workstation settings, and database passwords kept only in a real keyring backend."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring

from illdesk.services.admin import workstation


@pytest.fixture
def file_keyring(tmp_path: Path):
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")  # type: ignore[misc]
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_password_round_trip_through_the_keyring(file_keyring) -> None:
    url = "postgresql://ill@db.example.org/ill"
    assert workstation.with_password(url).password is None
    workstation.store_password(url, "s3cret")
    assert workstation.with_password(url).password == "s3cret"
    assert Path(file_keyring.file_path).exists()  # the backend, not our files, holds it
    # Another database on the same server is another secret.
    assert workstation.with_password("postgresql://ill@db.example.org/other").password is None


def test_no_keyring_gives_the_way_out() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(workstation.KeyringUnavailable, match="pgpass"):
            workstation.store_password("postgresql://ill@db/ill", "x")
        # Reading without a keyring is not fatal: the address goes on without a password.
        assert workstation.with_password("postgresql://ill@db/ill").password is None
    finally:
        keyring.set_keyring(previous)


def test_settings_file_never_holds_a_password() -> None:
    settings = workstation.load()
    settings.databases["shared"] = "postgresql://ill:leak@db/ill"
    with pytest.raises(ValueError, match="without passwords"):
        workstation.save(settings)
    settings.databases["shared"] = "postgresql://ill@db/ill"
    settings.current_database = "shared"
    settings.current_staff = "Rosa Quispe"
    workstation.save(settings)
    assert workstation.load() == settings
    raw = json.loads(workstation.settings_path().read_text())
    assert raw["schema_version"] == 1 and "leak" not in workstation.settings_path().read_text()


def test_damaged_settings_file_falls_back_to_defaults() -> None:
    path = workstation.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    assert workstation.load().databases == {}
    assert workstation.load().database_url().startswith("sqlite:///")


def test_a_workspace_made_from_the_command_line_needs_no_setup_wizard() -> None:
    from illdesk.cli import main

    assert workstation.needs_first_run_setup()  # a new machine: the wizard runs
    assert main(["demo", "--requests", "5", "--patrons", "3", "--libraries", "3"]) == 0
    assert not workstation.settings_path().exists()
    assert not workstation.needs_first_run_setup()  # the window opens the demo workspace


def test_a_demo_too_small_to_make_is_refused_in_words(capsys) -> None:
    from illdesk.cli import main

    assert main(["demo", "--libraries", "1"]) == 1
    assert "at least 2 partner libraries" in capsys.readouterr().err
