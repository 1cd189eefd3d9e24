"""Saved lender groups ("custom holdings"): ordered lists of preferred lenders staff reuse.

Stored as one library-wide setting, so every workstation sees the same groups; a group keeps
its order because the order is the lender string (consortium and free lenders first).
"""

from __future__ import annotations

from illdesk.services.errors import InvalidInput
from illdesk.store.schema import Setting
from illdesk.store.unit_of_work import UnitOfWork

KEY = "lender_groups"


def list_groups(uow: UnitOfWork) -> dict[str, tuple[str, ...]]:
    """Every saved group by name, each an ordered tuple of library symbols."""
    with uow:
        row = uow.session.get(Setting, KEY)
        groups = row.value.get("groups", {}) if row else {}
        return {str(name): tuple(str(s) for s in symbols) for name, symbols in groups.items()}


def save_group(uow: UnitOfWork, name: str, symbols: list[str] | tuple[str, ...]) -> None:
    """Add or replace a group (symbols are upper-cased; repeats are dropped, order kept)."""
    name = " ".join(name.split())
    cleaned = list(dict.fromkeys(s.strip().upper() for s in symbols if s.strip()))
    if not name:
        raise InvalidInput("A lender group needs a name.", "name")
    if not cleaned:
        raise InvalidInput("A lender group needs at least one library.", "symbols")
    with uow:
        row = uow.session.get(Setting, KEY)
        groups = dict(row.value.get("groups", {})) if row else {}
        groups[name] = cleaned
        if row is None:
            uow.session.add(Setting(key=KEY, value={"groups": groups}))
        else:
            row.value = {"groups": groups}
        uow.commit()


def delete_group(uow: UnitOfWork, name: str) -> None:
    """Remove a group (nothing happens if there is none by that name)."""
    with uow:
        row = uow.session.get(Setting, KEY)
        if row is None:
            return
        groups = {k: v for k, v in row.value.get("groups", {}).items() if k != name}
        row.value = {"groups": groups}
        uow.commit()
