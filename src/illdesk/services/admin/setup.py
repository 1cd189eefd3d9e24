"""First set-up of a workstation: the library's own database, or a demo workspace.

The setup wizard collects the answers and calls these; the transaction is here, not in the
window. Both paths put the person at the desk on the staff list, because every command
afterwards acts in their name and refuses a name that is not on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from illdesk.services.admin import settings as library_settings
from illdesk.services.admin import workstation
from illdesk.services.admin.demo import DemoSize, make_demo
from illdesk.services.directory.staff import ensure_staff
from illdesk.store.database import Database, open_database
from illdesk.store.unit_of_work import UnitOfWork

Progress = Callable[[int, int], None]


def postgresql_url(user: str, host: str, port: int, database: str) -> str:
    """A PostgreSQL address to remember (never with a password)."""
    from sqlalchemy.engine import URL  # noqa: PLC0415 - only the server path needs it

    return URL.create(
        "postgresql+psycopg",
        username=user or None,
        host=host or None,
        port=port,
        database=database or None,
    ).render_as_string(hide_password=False)


def _open(url: str, password: str) -> Database:
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    target = workstation.with_password(url)
    if password:
        target = target.set(password=password)
    return open_database(target, create=True)


def set_up_library(
    url: str, home: library_settings.HomeLibrary, staff_name: str, password: str = ""
) -> str:
    """Make (or open) the library's database, store its home library and put `staff_name`
    on the staff list; returns the address to remember."""
    db = _open(url, password)
    try:
        with UnitOfWork(db) as uow:
            current = library_settings.load(uow)
            library_settings.save(uow, replace(current, home=home))
            uow.commit()
        if staff_name.strip():
            ensure_staff(UnitOfWork(db), staff_name, first_is_supervisor=True)
    finally:
        db.dispose()
    return url


def demo_workspace_url() -> str:
    """Where this workstation's demo workspace lives."""
    return f"sqlite:///{workstation.data_dir() / 'demo-workspace.sqlite'}"


def make_demo_workspace(
    staff_name: str, size: DemoSize | None = None, progress: Progress | None = None
) -> str:
    """A fresh demo workspace (any older one is replaced: it is made-up data), with
    `staff_name` on its staff list; returns its address."""
    path = workstation.data_dir() / "demo-workspace.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(path.name + "*"):
        old.unlink()
    url = demo_workspace_url()
    db = _open(url, "")
    try:
        make_demo(db, size=size, progress=progress)
        if staff_name.strip():
            ensure_staff(UnitOfWork(db), staff_name)
    finally:
        db.dispose()
    return url
