"""The library's sign-in settings and the rules for PINs and passwords (pure data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SignInSettings:
    """How people sign in at the library's workstations (settings section `sign_in`).

    On a shared database sign-in is always required once a supervisor has a PIN; on a single
    workstation with a local file only when `required_on_local_file` says so.
    """

    required_on_local_file: bool = False
    idle_lock_minutes: int = 10
    min_pin_length: int = 4
    command_line_hours: int = 12
    processing_mark_minutes: int = 15

    def problem(self) -> str | None:
        """What is wrong with these values, in words, or None."""
        if not 0 <= self.idle_lock_minutes <= 480:
            return "The idle lock is between 0 (never) and 480 minutes."
        if not 4 <= self.min_pin_length <= 32:
            return "A PIN has at least 4 and at most 32 characters."
        if not 1 <= self.command_line_hours <= 24 * 14:
            return "A command-line sign-in lasts between 1 hour and 14 days."
        if not 1 <= self.processing_mark_minutes <= 240:
            return "An 'in processing' mark lasts between 1 and 240 minutes."
        return None


def pin_problem(pin: str, settings: SignInSettings) -> str | None:
    """Why this PIN or password cannot be used, or None."""
    if len(pin) < settings.min_pin_length:
        return f"A PIN or password needs at least {settings.min_pin_length} characters."
    if len(pin) > 128:
        return "A PIN or password has at most 128 characters."
    if pin != pin.strip():
        return "A PIN or password cannot begin or end with a space."
    return None
