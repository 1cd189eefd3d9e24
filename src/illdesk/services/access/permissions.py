"""The permission check: `require(uow, Permission.X)` at the top of every guarded use case.

Whose role counts is the unit of work's actor:

- a person on the staff list (the actor has a `staff_id`): their role, always; someone taken
  off the list may do nothing;
- nobody in particular (the command line without a sign-in, a window before anyone signed in):
  allowed only while sign-in is not in force for this database (see `sign_in_in_force`);
- ILL Desk itself (`store.unit_of_work.SYSTEM`: set-up, migrations, scheduled runs): allowed,
  since it only applies rules a person set.

The refusal names the role the action needs (`core.roles.refusal`).
"""

from __future__ import annotations

from typing import NoReturn

import sqlalchemy as sa

from illdesk.core.roles import Permission, Role, allows, refusal, role_of
from illdesk.services.errors import ServiceError
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork

# How long a workstation trusts its last look at "is sign-in in force" (it changes when a
# supervisor first gets a PIN, or when the setting changes): a few seconds.
IN_FORCE_SECONDS = 5.0


class PermissionRefused(ServiceError):
    """The person working may not do this; the message names the role it needs."""

    def __init__(self, message: str, permission: Permission, needed: Role) -> None:
        super().__init__(message)
        self.permission = permission
        self.needed = needed


def require(uow: UnitOfWork, permission: Permission) -> Role | None:
    """Refuse (PermissionRefused) unless the actor may do it; returns their role (None for
    ILL Desk itself or nobody in particular where sign-in is not in force).

    Works inside or outside `with uow:` (outside, it looks with a short read of its own).
    """
    actor = uow.actor
    if actor == SYSTEM:
        return None
    if "session" not in vars(uow):
        with UnitOfWork(uow.db, actor, read_only=True) as reader:
            return require(reader, permission)
    if actor.staff_id is None:
        if not sign_in_in_force(uow):
            return None
        return _refuse(permission, actor.staff_name, None)
    role = staff_role(uow, actor.staff_id)
    if role is None:
        raise PermissionRefused(
            f"{actor.staff_name} is not on the active staff list, so cannot {permission.value}.",
            permission,
            Role.SUPERVISOR,
        )
    if not allows(role, permission):
        _refuse(permission, actor.staff_name, role)
    return role


def allowed(uow: UnitOfWork, permission: Permission) -> bool:
    """Whether the actor may do it (for greying out a button; the service still checks)."""
    try:
        require(uow, permission)
    except PermissionRefused:
        return False
    return True


def _refuse(permission: Permission, who: str, role: Role | None) -> NoReturn:
    from illdesk.core.roles import needed_role  # noqa: PLC0415 - one name, read on refusal

    raise PermissionRefused(refusal(permission, who, role), permission, needed_role(permission))


def staff_role(uow: UnitOfWork, staff_id: int) -> Role | None:
    """The role of an active member of staff (None: not on the list, or no longer active)."""
    key = f"access.role.{staff_id}"
    if key in uow.cache:
        cached: Role | None = uow.cache[key]
        return cached
    row = uow.session.execute(
        sa.select(Staff.role, Staff.active).where(Staff.id == staff_id)
    ).first()
    role = role_of(row.role) if row is not None and row.active else None
    uow.cache[key] = role
    return role


def sign_in_in_force(uow: UnitOfWork) -> bool:
    """Whether people must sign in to act on this database.

    In force once an active supervisor has a PIN (before that nobody could sign in to set the
    rest up), on a shared server always, on a local file when the library's `sign_in`
    settings say so.
    """
    from illdesk.services.admin import settings as library  # noqa: PLC0415 - settings import us

    if "access.in_force" in uow.cache:
        return bool(uow.cache["access.in_force"])
    shared = uow.db.recall("access.in_force", IN_FORCE_SECONDS)
    if isinstance(shared, bool):
        uow.cache["access.in_force"] = shared
        return shared
    in_force = False
    if uow.db.is_postgresql or library.load(uow).sign_in.required_on_local_file:
        in_force = (
            uow.session.scalar(
                sa.select(sa.func.count())
                .select_from(Staff)
                .where(
                    Staff.active.is_(True),
                    Staff.role == Role.SUPERVISOR.code,
                    Staff.secret_hash != "",
                )
            )
            or 0
        ) > 0
    uow.cache["access.in_force"] = in_force
    uow.db.remember("access.in_force", in_force)
    return in_force


def forget_in_force(uow: UnitOfWork) -> None:
    """After a change to the staff list or the settings: look again next time."""
    uow.cache.pop("access.in_force", None)
    uow.db.forget("access.in_force")
