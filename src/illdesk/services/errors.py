"""Errors services raise; each message is written for the person at the desk."""

from __future__ import annotations

from datetime import datetime


class ServiceError(Exception):
    """Something the desk asked for cannot be done; the message says why and what to do."""


class NotFound(ServiceError):
    """No request, patron or library matches."""


class InvalidInput(ServiceError):
    """A value given is wrong; `field` names it where there is one."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


class DuplicateRequest(ServiceError):
    """The same patron already asked for the same item recently."""

    def __init__(self, message: str, numbers: list[str]) -> None:
        super().__init__(message)
        self.numbers = numbers


class Conflict(ServiceError):
    """Another workstation changed the record since it was read: reload, never overwrite."""

    def __init__(self, message: str, changed_by: str = "", changed_at: datetime | None = None):
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at
