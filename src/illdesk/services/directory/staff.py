"""Who works at the desk: finding a person on the staff list, and putting them on it.

The staff list itself (add, list) is `directory.entries`; this module answers the questions
the command line and the setup wizard ask before acting in someone's name.
"""

from __future__ import annotations

from illdesk.services.desk.views import StaffView
from illdesk.services.directory import entries
from illdesk.services.errors import ServiceError
from illdesk.store.unit_of_work import UnitOfWork


class NotOnStaffList(ServiceError):
    """Someone acts in a name the staff list does not know."""


def find_staff(uow: UnitOfWork, name: str) -> StaffView | None:
    """The person of that name on the staff list (case and spacing do not matter), or None."""
    wanted = " ".join(name.split()).casefold()
    for person in entries.list_staff(uow):
        if person.name.casefold() == wanted:
            return person
    return None


def ensure_staff(uow: UnitOfWork, name: str, *, first_is_supervisor: bool = False) -> StaffView:
    """The person of that name, added to the staff list first if they are not on it yet (as
    its supervisor, with `first_is_supervisor`, when the list is empty: whoever sets up a
    library runs it until they name others)."""
    found = find_staff(UnitOfWork(uow.db, read_only=True), name)
    if found is not None:
        return found
    empty = not entries.list_staff(UnitOfWork(uow.db, read_only=True))
    role = "supervisor" if first_is_supervisor and empty else "staff"
    return entries.add_staff(uow, name, role=role)


def require_staff(uow: UnitOfWork, name: str) -> StaffView:
    """The person of that name, or NotOnStaffList saying how to add them."""
    found = find_staff(uow, name)
    if found is None:
        raise NotOnStaffList(
            f'{name} is not on the staff list: add them with `illdesk staff add "{name}"`, '
            "or give another name with --staff."
        )
    return found
