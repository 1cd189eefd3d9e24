"""Signing in on the command line: a real process, a real keyring file, a real database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def run(tmp_path: Path):
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    env["XDG_DATA_HOME"] = str(tmp_path / "keyring-home")

    def illdesk(*args: str, stdin: str = "", ok: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "illdesk", *args],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
            check=False,
        )
        if ok and result.returncode != 0:
            raise AssertionError(f"illdesk {' '.join(args)}:\n{result.stdout}\n{result.stderr}")
        if not ok:
            assert result.returncode == 1, result.stderr
            assert "Traceback" not in result.stderr
        return result

    return illdesk


def test_a_student_is_refused_and_the_supervisor_signs_in(run, pg_url: str) -> None:
    db = ("--database", pg_url)
    run(*db, "staff", "add", "Dana Whitfield", "--role", "supervisor")
    run(*db, "staff", "pin", "Dana Whitfield", "--pin-stdin", stdin="2468\n")
    # From now on, on a shared database, changing the staff list needs a signed-in supervisor.
    refused = run(*db, "staff", "add", "Sam Student", "--role", "student", ok=False)
    assert "sign in as a supervisor" in refused.stderr
    wrong = run(*db, "sign-in", "Dana Whitfield", "--pin-stdin", stdin="1111\n", ok=False)
    assert "do not match" in wrong.stderr
    signed = run(*db, "sign-in", "Dana Whitfield", "--pin-stdin", stdin="2468\n")
    assert "Signed in as Dana Whitfield (supervisor)" in signed.stdout
    run(*db, "staff", "add", "Sam Student", "--role", "student")
    run(*db, "staff", "pin", "Sam Student", "--pin-stdin", stdin="1357\n")
    run(*db, "staff", "badge", "Sam Student", "21234567890123")
    listed = run(*db, "staff", "list").stdout
    assert "student assistant, active, PIN, badge" in listed
    assert "Signed out." in run(*db, "sign-out").stdout

    # The student signs in with the badge, and is refused a supervisor's job with the reason.
    run(*db, "sign-in", "21234567890123", "--pin-stdin", stdin="1357\n")
    no = run(*db, "settings", "set", "default_buffer_days", "3", ok=False)
    assert "Sam Student is a student assistant" in no.stderr and "supervisor" in no.stderr
    # Naming the supervisor without her PIN does not help (no terminal to ask it on).
    claim = run(
        *db, "--staff", "Dana Whitfield", "settings", "set", "default_buffer_days", "3", ok=False
    )
    assert "signs in with a PIN" in claim.stderr
    run(*db, "sign-out")
    run(*db, "sign-in", "Dana Whitfield", "--pin-stdin", stdin="2468\n")
    assert "is now 3" in run(*db, "settings", "set", "default_buffer_days", "3").stdout
    assert "sign_in.idle_lock_minutes = 10" in run(*db, "settings", "show").stdout
