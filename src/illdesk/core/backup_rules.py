"""When the local workspace is backed up by itself, and how many of those copies are kept.

The settings section `backups` (`illdesk settings set backups.keep_daily 14`). Only the daily
copies are counted and thinned: the copies made before upgrades and before restores are kept
until a person removes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

MAX_KEPT = 365
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class BackupSettings:
    """The automatic daily backup of a local database file."""

    daily: bool = True
    keep_daily: int = 7

    def problem(self) -> tuple[str, str]:
        """(what is wrong, the setting's name), or ("", "") when nothing is."""
        if not 1 <= self.keep_daily <= MAX_KEPT:
            return (
                f"Keep 1 to {MAX_KEPT} daily backup copies (backups.keep_daily).",
                "backups.keep_daily",
            )
        return "", ""


def daily_copy_due(settings: BackupSettings, newest: date | None, today: date) -> bool:
    """Whether today's automatic copy is still to be made (`newest`: the newest copy's day)."""
    return settings.daily and (newest is None or newest < today)


def copies_to_remove(copies_newest_first: list[T], keep: int) -> list[T]:
    """The daily copies beyond the `keep` newest, which go."""
    return copies_newest_first[max(keep, 1) :]
