"""Who may change the library's rules or override them: a supervisor.

When the access package (`services.access.permissions`) is present its `require` decides;
until then a named member of staff must have the role supervisor (or admin), and the command
line or a window with nobody named is allowed, as everywhere else before sign-in exists.
"""

from __future__ import annotations

import importlib
from typing import Any

import sqlalchemy as sa

from illdesk.services.errors import ServiceError
from illdesk.store.schema import Staff
from illdesk.store.unit_of_work import SYSTEM, UnitOfWork

SUPERVISOR_ROLES = frozenset({"supervisor", "admin", "administrator"})


class NotSupervisor(ServiceError):
    """Only a supervisor may do this."""


def require_supervisor(uow: UnitOfWork, what: str) -> None:
    """Refuse unless the person working may change or override the rules."""
    access = _access()
    if access is not None:
        roles = importlib.import_module("illdesk.core.roles")
        access.require(uow, roles.Permission.EDIT_RULES)
        return
    actor = uow.actor
    if actor == SYSTEM or actor.staff_id is None:
        return
    role = uow.session.execute(sa.select(Staff.role).where(Staff.id == actor.staff_id)).scalar()
    if (role or "").lower() not in SUPERVISOR_ROLES:
        raise NotSupervisor(
            f"Only a supervisor may {what}; {actor.staff_name} works as {role or 'staff'}. "
            "Ask a supervisor to do it."
        )


def _access() -> Any:
    try:
        return importlib.import_module("illdesk.services.access.permissions")
    except ImportError:
        return None
