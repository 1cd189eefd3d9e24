"""Signing in at a desk whose shared server cannot be reached.

While online, the offline snapshot (`store.offline_journal`) also keeps a copy of the active
staff list (name, badge, role and the PIN's stored hash, never the PIN) and of the sign-in
rules. A desk started or left without its server then asks for a sign-in just as it would
online, and checks the PIN against that copy; the scans it keeps carry the person's name and
staff number, and are replayed in their name. Decision 0015.
"""

from __future__ import annotations

import sqlalchemy as sa

from illdesk.core import passwords
from illdesk.core.roles import role_of
from illdesk.services.access.permissions import sign_in_in_force
from illdesk.services.access.sign_in import (
    REFUSED,
    DeskRules,
    SignedIn,
    SignInRefused,
    normal_badge,
    refusal_wait,
)
from illdesk.services.admin import settings as library
from illdesk.store.offline_journal import OfflineJournal, OfflineSignInRules, StaffCopy
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import UnitOfWork


def copy_staff(uow: UnitOfWork, journal: OfflineJournal) -> int:
    """Copy the active staff list and the sign-in rules for offline use; returns how many."""
    with uow:
        people = [
            StaffCopy(p.id, p.name, p.badge or "", p.role, p.secret_hash or "")
            for p in uow.session.scalars(sa.select(Staff).where(Staff.active.is_(True)))
        ]
        rules = OfflineSignInRules(
            sign_in_in_force(uow), library.load(uow).sign_in.idle_lock_minutes
        )
    return journal.replace_staff(people, rules)


def _find(people: list[StaffCopy], who: str) -> StaffCopy | None:
    """As `sign_in` finds a person: by badge (exact), else by name (case and spacing aside)."""
    badge = normal_badge(who)
    for person in people:
        if badge and person.badge == badge:
            return person
    wanted = " ".join(who.split()).casefold()
    return next((p for p in people if p.name.casefold() == wanted), None)


def desk_rules_offline(journal: OfflineJournal) -> DeskRules | None:
    """The sign-in rules as copied at the last snapshot (None: no copy on this computer)."""
    rules = journal.sign_in_rules()
    if rules is None:
        return None
    return DeskRules(rules.in_force, rules.idle_lock_minutes)


def sign_in_offline(journal: OfflineJournal, who: str, secret: str) -> SignedIn:
    """The person whose name or badge is `who`, checked against the copied staff list."""
    rules = journal.sign_in_rules()
    if rules is None:
        raise SignInRefused(
            "The server cannot be reached and this computer has no copy of the staff list "
            "yet, so nobody can sign in here until the server is back."
        )
    person = _find(journal.staff(), who)
    if person is None:
        refusal_wait(secret)
        raise SignInRefused(REFUSED)
    if not person.secret_hash:
        if rules.in_force:
            raise SignInRefused(
                f"{person.name} has no PIN yet: ask a supervisor to give you one once the "
                "server is back."
            )
    elif not passwords.verify_secret(secret, person.secret_hash):
        raise SignInRefused(REFUSED)
    return SignedIn(person.staff_id, person.name, role_of(person.role))
