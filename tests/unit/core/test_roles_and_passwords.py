"""Roles, permissions and PIN hashes: pure rules, no database."""

from __future__ import annotations

import pytest

from illdesk.core import passwords
from illdesk.core.roles import Permission, Role, allows, needed_role, refusal, role_of
from illdesk.core.sign_in import SignInSettings, pin_problem


def test_each_role_does_what_the_issue_lists() -> None:
    student = {p for p in Permission if allows(Role.STUDENT, p)}
    assert student == {Permission.SCAN_DESK, Permission.RECEIVE, Permission.SHIP, Permission.PRINT}
    assert allows(Role.STAFF, Permission.REQUEST_WORK)
    assert not allows(Role.STAFF, Permission.WAIVE_CHARGES)
    assert all(allows(Role.SUPERVISOR, p) for p in Permission)
    for supervisor_only in (
        Permission.WAIVE_CHARGES,
        Permission.EDIT_RULES,
        Permission.EDIT_SETTINGS,
        Permission.MANAGE_STAFF,
        Permission.FREEZE_STATISTICS,
        Permission.PURGE,
    ):
        assert needed_role(supervisor_only) is Role.SUPERVISOR


def test_refusal_names_the_role_needed() -> None:
    text = refusal(Permission.WAIVE_CHARGES, "Sam Student", Role.STUDENT)
    assert "Sam Student is a student assistant" in text and "takes a supervisor" in text
    assert "sign in as a supervisor" in refusal(Permission.EDIT_SETTINGS, "", None)


def test_role_words() -> None:
    assert Role.parse("Student assistant") is Role.STUDENT
    assert Role.parse("SUPERVISOR") is Role.SUPERVISOR
    with pytest.raises(ValueError, match="not a role"):
        Role.parse("boss")
    assert role_of("something old") is Role.STUDENT  # unknown words get the least


def test_pin_hash_is_salted_slow_and_checks() -> None:
    first, second = passwords.hash_secret("4711"), passwords.hash_secret("4711")
    assert first != second and "4711" not in first
    assert first.startswith("scrypt$16384$8$1$")
    assert passwords.verify_secret("4711", first)
    assert not passwords.verify_secret("4712", first)
    assert not passwords.verify_secret("4711", "")
    assert not passwords.verify_secret("4711", "scrypt$3$8$1$xx$yy")  # n not a power of two
    assert not passwords.needs_rehash(first)
    weak = passwords.hash_secret("4711", passwords.Cost(n=2**10))
    assert passwords.verify_secret("4711", weak) and passwords.needs_rehash(weak)


def test_pin_rules() -> None:
    settings = SignInSettings()
    assert pin_problem("12", settings) == "A PIN or password needs at least 4 characters."
    assert pin_problem(" 1234", settings) is not None
    assert pin_problem("1234", settings) is None
    assert SignInSettings(idle_lock_minutes=-1).problem() is not None
