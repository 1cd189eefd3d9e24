"""The databases a workstation uses: choosing one, its migration state, upgrading.

What `illdesk db ...` needs, so that the command line never touches an
engine or builds SQL itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from illdesk.services.admin import workstation
from illdesk.services.errors import InvalidInput
from illdesk.store import database as store


@dataclass(frozen=True, slots=True)
class Revision:
    """Where a database's schema stands against this ILL Desk."""

    current: str | None
    head: str
    up_to_date: bool


def use_database(url: str, name: str) -> str:
    """Make this workstation use `url` from now on, under `name`; returns the address shown
    back (never with a password, which belongs in the keyring)."""
    parsed = store.parse_url(url)
    if parsed.password:
        raise InvalidInput(
            "Leave the password out of the address: store it with `illdesk db password URL`."
        )
    # A new file is made here; a new shared database is set up with `db upgrade`.
    if parsed.get_backend_name() == "sqlite":
        store.open_database(parsed, create=True).dispose()
    settings = workstation.load()
    settings.databases[name] = parsed.render_as_string(hide_password=False)
    settings.current_database = name
    workstation.save(settings)
    return str(parsed)


def revision(url: str) -> Revision:
    """The database's migration state, read without changing anything."""
    state = store.inspect_database(workstation.with_password(url))
    return Revision(state.current, state.head, state.up_to_date)


def upgrade(url: str, confirm: Callable[[str], bool] | None) -> None:
    """Bring the database to this ILL Desk's revision (a shared one only if `confirm` says
    yes; an older SQLite file is backed up first)."""
    store.open_database(
        workstation.with_password(url), create=True, confirm_upgrade=confirm
    ).dispose()
