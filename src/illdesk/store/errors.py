"""What can go wrong with a database, as typed errors whose message is written for staff.

Every error here is a `DatabaseError`, so the command line and the window show any of them with
one `except DatabaseError` and the message as it is. The finer types let a caller act on the
kind (the window offers the upgrade for `UpgradeNeeded`; a batch reports what was done when the
connection is lost).
"""

from __future__ import annotations


class DatabaseError(Exception):
    """A problem with the database, explained for the person at the desk."""


class DatabaseUnavailable(DatabaseError):
    """The database cannot be reached or opened."""


class DatabaseMissing(DatabaseError):
    """There is no ILL Desk database at the address (and nothing was created there)."""


class NotAnIllDeskDatabase(DatabaseError):
    """The address holds something else: not a database at all, or another program's data."""


class DatabaseDamaged(DatabaseError):
    """The database file is damaged; the message says where the backup copies are."""


class SchemaChangeRefused(DatabaseError):
    """The database role may not create or change the tables (a workstation's role)."""


class WriteRefused(DatabaseError):
    """The database refused a change that names a record no longer there, or one twice (a
    person or library removed, or the database restored from a backup, meanwhile)."""


WRITE_REFUSED = (
    "The database refused this change: it names something that is no longer there, or is "
    "there twice (a person or library removed, or the database restored from a backup, "
    "meanwhile). Nothing was saved. Reload (F5), sign in again if asked, and try once more."
)


class UpgradeNeeded(DatabaseError):
    """The database was made by an older ILL Desk and must be upgraded first."""

    def __init__(self, message: str, current: str | None, head: str) -> None:
        super().__init__(message)
        self.current = current
        self.head = head
