"""Signing in: a name or a scanned staff badge plus a PIN or password, and the staff list's
sign-in details (role, badge, PIN) that only a supervisor changes.

PINs are stored only as slow salted hashes (`core.passwords`). The command line keeps a
sign-in as a random token in the workstation's keyring; the database holds its digest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from illdesk.core import passwords
from illdesk.core.roles import Permission, Role, role_of
from illdesk.core.sign_in import pin_problem
from illdesk.services.access.permissions import forget_in_force, require, sign_in_in_force
from illdesk.services.admin import settings as library
from illdesk.services.errors import InvalidInput, ServiceError
from illdesk.store.access_schema import StaffSignIn
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import UnitOfWork

REFUSED = "That name or badge and PIN do not match anyone on the staff list."


class SignInRefused(ServiceError):
    """The name or badge and PIN given do not match (the message does not say which)."""


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Who signed in: what the window and the command line act as."""

    staff_id: int
    name: str
    role: Role

    @property
    def describe(self) -> str:
        return f"{self.name} ({self.role.label})"


@dataclass(frozen=True, slots=True)
class StaffAccess:
    """One person's sign-in details, without their PIN."""

    staff_id: int
    name: str
    role: Role
    active: bool
    has_badge: bool
    has_pin: bool


def normal_badge(text: str) -> str:
    """A badge as stored: no spaces, upper case."""
    return "".join(text.split()).upper()


def _find(uow: UnitOfWork, who: str) -> Staff | None:
    """A person by badge (exact) or by name (case and spacing do not matter)."""
    badge = normal_badge(who)
    if badge:
        found = uow.session.scalar(sa.select(Staff).where(Staff.badge == badge))
        if found is not None:
            return found
    wanted = " ".join(who.split()).casefold()
    for person in uow.session.scalars(sa.select(Staff)):
        if person.name.casefold() == wanted:
            return person
    return None


def _signed(person: Staff) -> SignedIn:
    return SignedIn(person.id, person.name, role_of(person.role))


def sign_in(uow: UnitOfWork, who: str, secret: str) -> SignedIn:
    """The person whose name or badge is `who`, if `secret` is their PIN (SignInRefused if not).

    Someone without a PIN signs in by name alone until sign-in is in force; after that they
    need a supervisor to give them one.
    """
    with uow:
        person = _find(uow, who)
        if person is None or not person.active:
            refusal_wait(secret)
            raise SignInRefused(REFUSED)
        if not person.secret_hash:
            if sign_in_in_force(uow):
                raise SignInRefused(
                    f"{person.name} has no PIN yet: ask a supervisor to give you one "
                    f'(illdesk staff pin "{person.name}").'
                )
            return _signed(person)
        if not passwords.verify_secret(secret, person.secret_hash):
            raise SignInRefused(REFUSED)
        signed = _signed(person)
        if passwords.needs_rehash(person.secret_hash):
            person.secret_hash = passwords.hash_secret(secret)
            uow.commit()
        return signed


_DUMMY = passwords.hash_secret("not a real PIN")


def refusal_wait(secret: str) -> None:
    """Take as long as checking a wrong PIN, so a refusal does not tell who is on the list."""
    passwords.verify_secret(secret, _DUMMY)


def identify(uow: UnitOfWork, name: str) -> StaffAccess | None:
    """A person's sign-in details by name or badge (None: nobody of that name)."""
    with uow:
        person = _find(uow, name)
        return None if person is None else _access(person)


def _access(person: Staff) -> StaffAccess:
    return StaffAccess(
        person.id,
        person.name,
        role_of(person.role),
        person.active,
        bool(person.badge),
        bool(person.secret_hash),
    )


def list_access(uow: UnitOfWork) -> list[StaffAccess]:
    """Everyone's sign-in details, active people first."""
    with uow:
        rows = uow.session.scalars(sa.select(Staff).order_by(Staff.active.desc(), Staff.name))
        return [_access(person) for person in rows]


def in_force(uow: UnitOfWork) -> bool:
    """Whether people must sign in to act on this database."""
    with uow:
        return sign_in_in_force(uow)


@dataclass(frozen=True, slots=True)
class DeskRules:
    """What the window needs to know at start: must people sign in, and when it locks."""

    in_force: bool
    idle_lock_minutes: int


def desk_rules(uow: UnitOfWork) -> DeskRules:
    """Whether this database wants a sign-in, and the desk's idle lock (0: never)."""
    with uow:
        return DeskRules(sign_in_in_force(uow), library.load(uow).sign_in.idle_lock_minutes)


def _person(uow: UnitOfWork, name: str) -> Staff:
    person = _find(uow, name)
    if person is None:
        raise InvalidInput(f"{name} is not on the staff list.", "name")
    return person


def set_pin(uow: UnitOfWork, name: str, pin: str) -> StaffAccess:
    """Give a person a new PIN or password (a supervisor, or the person for their own)."""
    with uow:
        person = _person(uow, name)
        if person.id != uow.actor.staff_id:
            require(uow, Permission.MANAGE_STAFF)
        problem = pin_problem(pin, library.load(uow).sign_in)
        if problem:
            raise InvalidInput(problem, "pin")
        person.secret_hash = passwords.hash_secret(pin)
        # A new PIN ends the person's command-line sign-ins made with the old one.
        uow.session.execute(sa.delete(StaffSignIn).where(StaffSignIn.staff_id == person.id))
        access = _access(person)
        uow.commit()
    forget_in_force(uow)
    return access


def set_role(uow: UnitOfWork, name: str, role_text: str) -> StaffAccess:
    """Change a person's role (a supervisor only; the last supervisor with a PIN stays one)."""
    try:
        role = Role.parse(role_text)
    except ValueError as exc:
        raise InvalidInput(str(exc), "role") from exc
    with uow:
        require(uow, Permission.MANAGE_STAFF)
        person = _person(uow, name)
        if role is not Role.SUPERVISOR and _last_supervisor(uow, person):
            raise InvalidInput(
                f"{person.name} is the only supervisor with a PIN: make someone else a "
                "supervisor first, or nobody could change the staff list any more.",
                "role",
            )
        person.role = role.code
        access = _access(person)
        uow.commit()
    forget_in_force(uow)
    return access


def _last_supervisor(uow: UnitOfWork, person: Staff) -> bool:
    if role_of(person.role) is not Role.SUPERVISOR or not person.secret_hash:
        return False
    others = uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(Staff)
        .where(
            Staff.id != person.id,
            Staff.active.is_(True),
            Staff.role == Role.SUPERVISOR.code,
            Staff.secret_hash != "",
        )
    )
    return not others


def set_badge(uow: UnitOfWork, name: str, badge: str) -> StaffAccess:
    """Give a person a staff badge barcode (empty: none), a supervisor only."""
    code = normal_badge(badge)
    with uow:
        require(uow, Permission.MANAGE_STAFF)
        person = _person(uow, name)
        if code:
            holder = uow.session.scalar(sa.select(Staff).where(Staff.badge == code))
            if holder is not None and holder.id != person.id:
                raise InvalidInput(f"That badge already belongs to {holder.name}.", "badge")
        person.badge = code or None
        access = _access(person)
        uow.commit()
    return access


# ---------------------------------------------------------------- command-line sign-ins


def issue_token(uow: UnitOfWork, signed: SignedIn) -> tuple[str, datetime]:
    """A new command-line sign-in for `signed` at the actor's workstation: (token, until)."""
    token = passwords.new_token()
    with uow:
        hours = library.load(uow).sign_in.command_line_hours
        until = uow.now() + timedelta(hours=hours)
        uow.session.execute(sa.delete(StaffSignIn).where(StaffSignIn.expires_at < uow.now()))
        uow.session.add(
            StaffSignIn(
                token_digest=passwords.token_digest(token),
                staff_id=signed.staff_id,
                workstation=uow.actor.workstation,
                created_at=uow.now(),
                expires_at=until,
            )
        )
        uow.commit()
    return token, until


def resolve_token(uow: UnitOfWork, token: str) -> SignedIn | None:
    """The person a command-line sign-in token stands for, while it lasts and they are active."""
    with uow:
        row = uow.session.get(StaffSignIn, passwords.token_digest(token))
        if row is None or row.expires_at <= uow.now():
            return None
        person = uow.session.get(Staff, row.staff_id)
        if person is None or not person.active:
            return None
        return _signed(person)


def end_token(uow: UnitOfWork, token: str) -> None:
    """Sign out: the token stops working."""
    with uow:
        uow.session.execute(
            sa.delete(StaffSignIn).where(StaffSignIn.token_digest == passwords.token_digest(token))
        )
        uow.commit()
