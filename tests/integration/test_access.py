"""Sign-in and permissions on real databases: enforced in services, refusals name the role."""

from __future__ import annotations

import pytest

from illdesk.core.roles import Permission, Role
from illdesk.services.access import sign_in
from illdesk.services.access.permissions import PermissionRefused, require
from illdesk.services.admin import settings as library
from illdesk.services.directory import entries as directory
from illdesk.services.errors import InvalidInput
from illdesk.store.database import Database
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import Actor, UnitOfWork


def _set_buffer(db: Database, actor: Actor, days: int) -> None:
    with UnitOfWork(db, actor) as uow:
        current = library.load(uow)
        library.save(uow, library.with_value(current, "default_buffer_days", str(days)))
        uow.commit()


def _actor(person: sign_in.SignedIn, where: str = "DESK-1") -> Actor:
    return Actor(person.staff_id, person.name, where)


def test_roles_enforced_in_services_once_a_supervisor_has_a_pin(db: Database) -> None:
    nobody = Actor(None, "ILL Desk (command line)", "DESK-1")
    # A new library: nobody has a PIN, so nothing is enforced for nobody in particular yet.
    boss = directory.add_staff(UnitOfWork(db, nobody), "Dana Whitfield", role="supervisor")
    directory.add_staff(UnitOfWork(db, nobody), "Sam Student", role="student")
    directory.add_staff(UnitOfWork(db, nobody), "Rosa Quispe")
    _set_buffer(db, nobody, 5)

    sign_in.set_pin(UnitOfWork(db, Actor(boss.id, boss.name, "DESK-1")), "Dana Whitfield", "2468")
    dana = sign_in.sign_in(UnitOfWork(db), "dana  whitfield", "2468")
    assert dana.role is Role.SUPERVISOR
    sign_in.set_pin(UnitOfWork(db, _actor(dana)), "Sam Student", "1357")
    sam = sign_in.sign_in(UnitOfWork(db), "Sam Student", "1357")

    on_shared = db.is_postgresql
    # Now nobody in particular is refused on a shared server; a local file leaves it open
    # unless the library's sign_in settings say so.
    if on_shared:
        with pytest.raises(PermissionRefused, match="sign in as a supervisor"):
            _set_buffer(db, nobody, 6)
    else:
        _set_buffer(db, nobody, 6)
        _set_buffer(db, _actor(dana), 6)
        with UnitOfWork(db, _actor(dana)) as uow:
            changed = library.with_value(
                library.load(uow), "sign_in.required_on_local_file", "true"
            )
            library.save(uow, changed)
            uow.commit()
        with pytest.raises(PermissionRefused, match="sign in as a supervisor"):
            _set_buffer(db, nobody, 7)

    # A student assistant is refused, and told which role it takes; a supervisor is not.
    with pytest.raises(PermissionRefused) as refused:
        _set_buffer(db, _actor(sam), 8)
    assert "Sam Student is a student assistant" in str(refused.value)
    assert "a supervisor" in str(refused.value) and refused.value.needed is Role.SUPERVISOR
    with pytest.raises(PermissionRefused, match="student assistant"):
        directory.add_staff(UnitOfWork(db, _actor(sam)), "Someone Else")
    _set_buffer(db, _actor(dana), 9)
    with UnitOfWork(db, _actor(sam), read_only=True) as uow:
        assert require(uow, Permission.SCAN_DESK) is Role.STUDENT
        assert library.load(uow).default_buffer_days == 9

    # Someone without a PIN cannot sign in once sign-in is in force.
    if on_shared:
        with pytest.raises(sign_in.SignInRefused, match="has no PIN yet"):
            sign_in.sign_in(UnitOfWork(db), "Rosa Quispe", "")


def test_wrong_pin_badge_and_inactive_people(db: Database) -> None:
    boss = directory.add_staff(UnitOfWork(db), "Dana Whitfield", role="supervisor")
    as_boss = Actor(boss.id, boss.name, "DESK-1")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Dana Whitfield", "2468")
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in.sign_in(UnitOfWork(db), "Dana Whitfield", "2469")
    with pytest.raises(sign_in.SignInRefused, match="do not match"):
        sign_in.sign_in(UnitOfWork(db), "Nobody Here", "2468")
    with pytest.raises(InvalidInput, match="at least 4"):
        sign_in.set_pin(UnitOfWork(db, as_boss), "Dana Whitfield", "12")

    directory.add_staff(UnitOfWork(db, as_boss), "Sam Student", role="student")
    sign_in.set_badge(UnitOfWork(db, as_boss), "Sam Student", " 2 1234 5678 ")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Sam Student", "1357")
    assert sign_in.sign_in(UnitOfWork(db), "212345678", "1357").name == "Sam Student"
    with pytest.raises(InvalidInput, match="already belongs to Sam Student"):
        sign_in.set_badge(UnitOfWork(db, as_boss), "Dana Whitfield", "212345678")

    # The only supervisor with a PIN cannot be demoted (nobody could manage staff after).
    with pytest.raises(InvalidInput, match="only supervisor"):
        sign_in.set_role(UnitOfWork(db, as_boss), "Dana Whitfield", "staff")

    # The PIN is stored only as a slow salted hash.
    with UnitOfWork(db, read_only=True) as uow:
        stored = {s.name: s.secret_hash for s in uow.session.query(Staff)}
    assert stored["Sam Student"].startswith("scrypt$") and "1357" not in stored["Sam Student"]

    # Taken off the list: refused everything, and cannot sign in.
    with UnitOfWork(db) as uow:
        sam_row = uow.session.query(Staff).filter_by(name="Sam Student").one()
        sam_row.active = False
        sam_id = sam_row.id
        uow.commit()
    with pytest.raises(sign_in.SignInRefused):
        sign_in.sign_in(UnitOfWork(db), "Sam Student", "1357")
    gone = UnitOfWork(db, Actor(sam_id, "Sam Student", "DESK-2"))
    with pytest.raises(PermissionRefused, match="not on the active staff list"):
        require(gone, Permission.SCAN_DESK)


def test_command_line_tokens_expire_and_end(db: Database) -> None:
    boss = directory.add_staff(UnitOfWork(db), "Dana Whitfield", role="supervisor")
    as_boss = Actor(boss.id, boss.name, "DESK-1")
    sign_in.set_pin(UnitOfWork(db, as_boss), "Dana Whitfield", "2468")
    dana = sign_in.sign_in(UnitOfWork(db), "Dana Whitfield", "2468")
    token, until = sign_in.issue_token(UnitOfWork(db, as_boss), dana)
    assert sign_in.resolve_token(UnitOfWork(db), token) == dana
    assert sign_in.resolve_token(UnitOfWork(db), token + "x") is None
    later = UnitOfWork(db, clock=lambda: until)
    assert sign_in.resolve_token(later, token) is None
    # A new PIN ends the sign-ins made with the old one.
    token, _ = sign_in.issue_token(UnitOfWork(db, as_boss), dana)
    sign_in.set_pin(UnitOfWork(db, as_boss), "Dana Whitfield", "97531")
    assert sign_in.resolve_token(UnitOfWork(db), token) is None
    token, _ = sign_in.issue_token(UnitOfWork(db, as_boss), dana)
    sign_in.end_token(UnitOfWork(db), token)
    assert sign_in.resolve_token(UnitOfWork(db), token) is None
