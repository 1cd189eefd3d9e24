"""Signing in without the server: the staff list copied with the offline snapshot (PIN
hashes only) checks a name or badge and PIN as the server would."""

from __future__ import annotations

from pathlib import Path

import pytest

from illdesk.services.access import sign_in
from illdesk.services.access.offline_sign_in import (
    copy_staff,
    desk_rules_offline,
    sign_in_offline,
)
from illdesk.services.directory import entries as directory
from illdesk.store.database import Database
from illdesk.store.offline_journal import OfflineJournal
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor, UnitOfWork


def test_the_copied_staff_list_checks_pins_as_the_server_does(db: Database, tmp_path: Path) -> None:
    journal = OfflineJournal(tmp_path / "journal.sqlite")
    assert desk_rules_offline(journal) is None
    with pytest.raises(sign_in.SignInRefused, match="no copy of the staff list"):
        sign_in_offline(journal, "Ines Okafor", "2468")

    boss = directory.add_staff(UnitOfWork(db), "Ines Okafor", role="supervisor")
    as_boss = Actor(boss.id, boss.name, "DESK-1")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Ines Okafor", "2468")
    theo = directory.add_staff(UnitOfWork(db, as_boss), "Theo Lindqvist", role="student")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Theo Lindqvist", "1357")
    sign_in.set_badge(UnitOfWork(db, as_boss), "Theo Lindqvist", "2123 4567")
    directory.add_staff(UnitOfWork(db, as_boss), "Rosa Quispe")  # no PIN
    gone = directory.add_staff(UnitOfWork(db, as_boss), "Olaf Gone", role="staff")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Olaf Gone", "8642")
    with UnitOfWork(db, as_boss) as uow:
        person = uow.session.get(Staff, gone.id)
        assert person is not None
        person.active = False
        uow.commit()
    db.forget("access.in_force")

    assert copy_staff(UnitOfWork(db, as_boss, read_only=True), journal) == 3
    rules = desk_rules_offline(journal)
    assert rules is not None and rules.in_force is db.is_postgresql

    by_badge = sign_in_offline(journal, " 21234567 ", "1357")
    assert (by_badge.staff_id, by_badge.name, by_badge.role.code) == (
        theo.id,
        "Theo Lindqvist",
        "student",
    )
    assert sign_in_offline(journal, "theo   LINDQVIST", "1357").staff_id == theo.id
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in_offline(journal, "Theo Lindqvist", "1358")
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in_offline(journal, "Olaf Gone", "8642")  # no longer on the active list
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in_offline(journal, "Nobody Known", "1357")
    if db.is_postgresql:  # sign-in in force: a person without a PIN cannot sign in
        with pytest.raises(sign_in.SignInRefused, match="has no PIN yet"):
            sign_in_offline(journal, "Rosa Quispe", "")
    else:
        assert sign_in_offline(journal, "Rosa Quispe", "").name == "Rosa Quispe"
    assert all(not person.secret_hash or person.secret_hash.startswith("scrypt$")
               for person in journal.staff())  # fmt: skip
