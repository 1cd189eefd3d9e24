"""The library's choices about notices and its mail server, as settings sections.

`NoticeSettings` is `illdesk settings ... notices.*`, `SmtpSettings` is `smtp.*`. The overdue
stages default to what ILLiad ships: one day of grace, the first notice up to 7 days overdue,
the second up to 14, the final after that, and no reminder before the due date. Borrowing
(our patrons) and lending (libraries holding our items) are set separately.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

SECURITY_CHOICES = ("none", "starttls", "tls")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True, slots=True)
class OverdueStages:
    """When an overdue item earns its first, second and final notice (days past due)."""

    grace_days: int = 1
    level_1_until: int = 7
    level_2_until: int = 14
    # Days before the due date to remind; 0 is off.
    reminder_days_before: int = 0

    def level(self, days_overdue: int) -> int:
        """The notice level (1 to 3) an item this many days overdue is at; 0: none yet."""
        if days_overdue <= max(self.grace_days, 0):
            return 0
        if days_overdue <= self.level_1_until:
            return 1
        if days_overdue <= self.level_2_until:
            return 2
        return 3

    def problem(self) -> str:
        """What is wrong with these stages, in words; "" when nothing is."""
        if not 0 <= self.grace_days <= 60 or not 0 <= self.reminder_days_before <= 30:
            return "Grace is 0 to 60 days and the reminder 0 to 30 days before the due date."
        if not self.grace_days < self.level_1_until < self.level_2_until <= 365:
            return (
                "Overdue stages go up: grace, then the first notice's last day, then the "
                "second's (at most 365)."
            )
        return ""


@dataclass(frozen=True, slots=True)
class NoticeSettings:
    """How notices read and when they go out."""

    # A Unicode locale name (en_US, de_DE, fr_CA): how dates and amounts are written.
    locale: str = "en_US"
    currency: str = "USD"
    # Where patrons' replies go; empty: the library's e-mail address.
    reply_to: str = ""
    borrowing: OverdueStages = field(default_factory=OverdueStages)
    lending: OverdueStages = field(default_factory=OverdueStages)
    # How long an item waits on the hold shelf for its patron (the "collect by" date).
    hold_shelf_days: int = 14
    # Remind a patron after an item has waited this many days on the hold shelf (0: never).
    pickup_reminder_days: int = 7
    # The window makes the day's notices at this time, or when the desk opens after it.
    daily_run_at: str = "08:00"
    # Sent and printed notices are kept this many days, then their text is removed.
    keep_sent_days: int = 365
    # Envelope for printed letters: "us10" (US #10, left window) or "dl" (DL, 110 x 220 mm).
    envelope: str = "us10"

    def still_on_hold_shelf_from(self, day: date) -> date:
        """The first day an item may have gone on the hold shelf and still wait on `day`
        (its "collect by" date, shelved + `hold_shelf_days`, is `day` or later)."""
        return day - timedelta(days=self.hold_shelf_days)

    def pickup_reminder_shelved(self, day: date) -> tuple[date, date] | None:
        """(first, last) day an item went on the hold shelf for its pickup reminder to be due
        on `day`: it has waited `pickup_reminder_days` and still waits, so the reminder never
        names a "collect by" date that has passed. None when reminders are off."""
        if self.pickup_reminder_days <= 0:
            return None
        return self.still_on_hold_shelf_from(day), day - timedelta(days=self.pickup_reminder_days)

    def problem(self) -> tuple[str, str]:
        """(what is wrong, the setting's name), or ("", "") when nothing is."""
        for name, stages in (("borrowing", self.borrowing), ("lending", self.lending)):
            text = stages.problem()
            if text:
                return f"notices.{name}: {text}", f"notices.{name}"
        if not re.fullmatch(r"[a-z]{2,3}(_[A-Z]{2})?", self.locale):
            return "The notice language is a locale name such as en_US or de_DE.", "locale"
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            return "The currency is a three-letter code such as USD or EUR.", "currency"
        if not _TIME.match(self.daily_run_at):
            return "The daily run time is HH:MM, 24-hour clock (08:00).", "daily_run_at"
        if not 1 <= self.hold_shelf_days <= 90:
            return "Items wait on the hold shelf 1 to 90 days.", "hold_shelf_days"
        if not 0 <= self.pickup_reminder_days <= 60:
            return "The pickup reminder comes after 0 (never) to 60 days.", "pickup_reminder"
        if self.pickup_reminder_days > self.hold_shelf_days:
            return (
                f"The pickup reminder must come while the item still waits: at most "
                f"{self.hold_shelf_days} days (notices.hold_shelf_days), or 0 for none.",
                "pickup_reminder",
            )
        if self.keep_sent_days < 1:
            return "Sent notices are kept at least one day.", "keep_sent_days"
        if self.envelope not in {"us10", "dl"}:
            return "The envelope is us10 (US #10) or dl (DL).", "envelope"
        return "", ""


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    """The library's mail server; its password is kept in the OS keyring, never here."""

    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    # The sender address of every e-mail (the library's, e.g. ill@library.example.edu).
    from_address: str = ""
    # Seconds to wait for the server before a notice waits for the next try.
    timeout_seconds: int = 30

    def problem(self) -> tuple[str, str]:
        """(what is wrong, the setting's name), or ("", "") when nothing is."""
        if self.security not in SECURITY_CHOICES:
            return "smtp.security is none, starttls or tls.", "smtp.security"
        if not 0 < self.port < 65536:
            return "smtp.port is a port number (587, 465 or 25).", "smtp.port"
        if self.from_address and "@" not in self.from_address:
            return "smtp.from is an e-mail address.", "smtp.from"
        if not 1 <= self.timeout_seconds <= 300:
            return "smtp.timeout_seconds is 1 to 300.", "smtp.timeout_seconds"
        return "", ""
