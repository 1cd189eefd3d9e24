"""Roles and what each may do: the rule behind every "this needs a supervisor".

Three roles, each able to do everything the one below it can:

- a student assistant works the scanning desk, receives, ships and prints;
- staff do all request work (entering, reviewing, sending, renewing, cancelling, editing);
- a supervisor also waives and writes off charges, changes rules and settings, keeps the
  staff list, freezes statistics and purges old records.

Pure data: the services ask `allows(role, permission)` and, on a no, show `refusal()`.
"""

from __future__ import annotations

from enum import Enum, IntEnum


class Role(IntEnum):
    """A role, ordered: a higher role may do everything a lower one may."""

    STUDENT = 1
    STAFF = 2
    SUPERVISOR = 3

    @property
    def code(self) -> str:
        """The word stored on the staff list."""
        return _CODES[self]

    @property
    def label(self) -> str:
        """The role in staff's words."""
        return _LABELS[self]

    @property
    def one(self) -> str:
        """One person of the role, in staff's words ("a member of staff")."""
        return _ONE[self]

    @classmethod
    def parse(cls, text: str) -> Role:
        """The role named by `text` (its code or its words, any case); ValueError if none."""
        wanted = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
        for role in cls:
            if wanted in {role.code, role.label, role.name.casefold()}:
                return role
        if wanted in {"student", "assistant", "student assistant"}:
            return cls.STUDENT
        names = ", ".join(role.code for role in cls)
        raise ValueError(f'"{text}" is not a role: use one of {names}.')


_CODES = {Role.STUDENT: "student", Role.STAFF: "staff", Role.SUPERVISOR: "supervisor"}
_LABELS = {Role.STUDENT: "student assistant", Role.STAFF: "staff", Role.SUPERVISOR: "supervisor"}
_ONE = {
    Role.STUDENT: "a student assistant",
    Role.STAFF: "a member of staff",
    Role.SUPERVISOR: "a supervisor",
}


def role_of(code: str) -> Role:
    """The role stored as `code`; an unknown word counts as the lowest role (safe side)."""
    try:
        return Role.parse(code)
    except ValueError:
        return Role.STUDENT


class Permission(Enum):
    """Something a person may be allowed to do; its value is what it is, in words."""

    SCAN_DESK = "work the scanning desk"
    RECEIVE = "receive items"
    SHIP = "pack and ship"
    PRINT = "print labels and slips"
    REQUEST_WORK = "change requests"
    UNDO_OTHERS = "undo another person's action"
    MONEY = "record charges, payments and invoices"
    WAIVE_CHARGES = "waive or write off a charge"
    EDIT_RULES = "change the library's rules"
    EDIT_SETTINGS = "change the library's settings"
    MANAGE_STAFF = "change the staff list"
    FREEZE_STATISTICS = "freeze or reopen a month's statistics"
    PURGE = "purge old records"
    STAFF_FIGURES = "see who processed how much (statistics by staff member or workstation)"


_NEEDS: dict[Permission, Role] = {
    Permission.SCAN_DESK: Role.STUDENT,
    Permission.RECEIVE: Role.STUDENT,
    Permission.SHIP: Role.STUDENT,
    Permission.PRINT: Role.STUDENT,
    Permission.REQUEST_WORK: Role.STAFF,
    Permission.UNDO_OTHERS: Role.STAFF,
    Permission.MONEY: Role.STAFF,
    Permission.WAIVE_CHARGES: Role.SUPERVISOR,
    Permission.EDIT_RULES: Role.SUPERVISOR,
    Permission.EDIT_SETTINGS: Role.SUPERVISOR,
    Permission.MANAGE_STAFF: Role.SUPERVISOR,
    Permission.FREEZE_STATISTICS: Role.SUPERVISOR,
    Permission.PURGE: Role.SUPERVISOR,
    Permission.STAFF_FIGURES: Role.SUPERVISOR,
}


def needed_role(permission: Permission) -> Role:
    """The lowest role allowed to do it."""
    return _NEEDS[permission]


def allows(role: Role, permission: Permission) -> bool:
    """Whether someone of `role` may do it."""
    return role >= _NEEDS[permission]


def refusal(permission: Permission, who: str, role: Role | None) -> str:
    """Why `who` may not do it, naming the role it needs, in staff's words."""
    needed = needed_role(permission)
    if role is None:
        return (
            f"To {permission.value} you need to sign in as {needed.one}. "
            "Sign in first (Desk > Lock the desk / switch person, F12, or `illdesk sign-in`)."
        )
    return (
        f"{who} is {role.one}: to {permission.value} takes {needed.one}. "
        f"Ask {needed.one} to sign in and do it."
    )
