"""Library-wide settings: one typed schema, stored in the database, shared by workstations.

What belongs to one workstation (which database, who is at the desk, scanner and printer choices)
lives in `illdesk.services.admin.workstation` instead. Settings carry a schema version; `_upgrade`
turns older stored forms into the current one so a newer ILL Desk can read what an older wrote.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from illdesk.core.address import PostalAddress
from illdesk.core.backup_rules import BackupSettings
from illdesk.core.copyright import CopyrightSettings
from illdesk.core.duedates import ClosedCalendar, DuePolicy
from illdesk.core.money import MoneyError, MoneySettings
from illdesk.core.notice_settings import NoticeSettings, SmtpSettings
from illdesk.core.report_settings import PrivacySettings, ReportSettings
from illdesk.core.roles import Permission
from illdesk.core.sign_in import SignInSettings
from illdesk.services.access.permissions import forget_in_force, require
from illdesk.services.admin import settings_codec
from illdesk.services.errors import InvalidInput
from illdesk.store.schema import ClosedDay, Setting
from illdesk.store.unit_of_work import UnitOfWork

SCHEMA_VERSION = 1
KEY = "library"
# Settings and closed days are read on every action, and change a few times a year: a
# workstation keeps them this long. A change made here is seen here at once; one made on
# another workstation sharing the database is seen within this time.
SHARED_FOR_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class HomeLibrary:
    """Who we are: printed on every label and slip."""

    name: str = "My Library"
    symbol: str = "MYLIB"
    email: str = ""
    phone: str = ""
    address: PostalAddress = field(default_factory=PostalAddress)


@dataclass(frozen=True, slots=True)
class LibrarySettings:
    """Everything a library decides once for all its workstations."""

    home: HomeLibrary = field(default_factory=HomeLibrary)
    borrowing_prefix: str = "B"
    lending_prefix: str = "L"
    default_buffer_days: int = 7
    group_buffer_days: dict[str, int] = field(default_factory=dict)
    closed_weekdays: tuple[int, ...] = (6,)
    duplicate_window_days: int = 180
    default_loan_days: int = 28
    band_shows_patron_name: bool = False
    # Our own 14-digit barcodes (patron cards, items): their check digit scheme and the four
    # institution digits they carry.
    barcode_scheme: str = "luhn_mod10"
    barcode_institution: str = ""
    # Charges, lost-item rules, the balance block and invoices (core.money).
    money: MoneySettings = field(default_factory=MoneySettings)
    notices: NoticeSettings = field(default_factory=NoticeSettings)
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    # The rule of five: exempt journals and the royalty (core.copyright).
    copyright: CopyrightSettings = field(default_factory=CopyrightSettings)
    # The local workspace's automatic daily backup (core.backup_rules).
    backups: BackupSettings = field(default_factory=BackupSettings)
    sign_in: SignInSettings = field(default_factory=SignInSettings)
    # When months freeze and the fiscal year begins (core.report_settings).
    reports: ReportSettings = field(default_factory=ReportSettings)
    # How long finished requests keep their patron's name.
    privacy: PrivacySettings = field(default_factory=PrivacySettings)

    def buffer_for(self, group: str) -> int:
        """Days between a lender's due date and the patron's, for a lender's group."""
        return self.group_buffer_days.get(group, self.default_buffer_days)

    def validate(self) -> None:
        """Raise InvalidInput for a value that cannot work."""
        for prefix in (self.borrowing_prefix, self.lending_prefix):
            if not (1 <= len(prefix) <= 3 and prefix.isalpha() and prefix.isupper()):
                raise InvalidInput("Number prefixes are one to three capital letters.", "prefix")
        if self.borrowing_prefix == self.lending_prefix:
            raise InvalidInput("Borrowing and lending need different number prefixes.", "prefix")
        if not 0 <= self.default_buffer_days <= 60 or any(
            not 0 <= v <= 60 for v in self.group_buffer_days.values()
        ):
            raise InvalidInput("A due-date buffer is between 0 and 60 days.", "buffer")
        if self.barcode_scheme not in {"luhn_mod10", "weighted_3_1_mod10", "none"}:
            raise InvalidInput("Unknown barcode check-digit scheme.", "barcode_scheme")
        if self.barcode_institution and not (
            len(self.barcode_institution) == 4 and self.barcode_institution.isdigit()
        ):
            raise InvalidInput("The barcode institution is four digits.", "barcode_institution")
        if len(set(self.closed_weekdays)) >= 7 or not set(self.closed_weekdays) <= set(range(7)):
            raise InvalidInput("Closed weekdays are 0 (Monday) to 6 (Sunday), not all.", "weekdays")
        try:
            self.money.validate()
        except MoneyError as exc:
            raise InvalidInput(str(exc), "money") from exc
        for section in (self.notices, self.smtp, self.backups, self.reports, self.privacy):
            message, name = section.problem()
            if message:
                raise InvalidInput(message, name)
        try:
            self.copyright.validate()
        except ValueError as exc:
            raise InvalidInput(str(exc), "copyright") from exc
        sign_in_problem = self.sign_in.problem()
        if sign_in_problem:
            raise InvalidInput(sign_in_problem, "sign_in")


# Names typed on the command line that differ from the field they set (a field cannot be
# called `from` in Python).
ALIASES = {"smtp.from": "smtp.from_address"}


def flatten(settings: LibrarySettings) -> list[tuple[str, Any]]:
    """Every setting as (dotted name, value), in a stable order (for display)."""
    out: list[tuple[str, Any]] = []
    shown = {v: k for k, v in ALIASES.items()}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            if not value:
                out.append((prefix, "{}"))
            for key in sorted(value):
                walk(f"{prefix}.{key}", value[key])
        elif isinstance(value, list | tuple):
            out.append((prefix, ",".join(str(v) for v in value)))
        else:
            out.append((shown.get(prefix, prefix), value))

    data = asdict(settings)
    for key in data:
        walk(key, data[key])
    return out


def with_value(settings: LibrarySettings, name: str, text: str) -> LibrarySettings:
    """The settings with one dotted setting changed from text (raises InvalidInput)."""
    data = _to_json(settings)
    data.pop("schema_version", None)
    name = ALIASES.get(name, name)
    parts = name.split(".")
    target: Any = data
    for part in parts[:-1]:
        if not isinstance(target, dict) or part not in target:
            raise InvalidInput(f"There is no setting called {name}.", name)
        target = target[part]
    last = parts[-1]
    if not isinstance(target, dict) or (last not in target and parts[0] != "group_buffer_days"):
        raise InvalidInput(f"There is no setting called {name}.", name)
    value = settings_codec.parse_text(_typed_value(settings, parts), text, name)
    target[last] = value
    changed = _from_json(data)
    changed.validate()
    return changed


def _typed_value(settings: LibrarySettings, parts: list[str]) -> Any:
    """The current value of a dotted setting with its Python type (0 for a new dict key)."""
    value: Any = settings
    for part in parts:
        value = value.get(part, 0) if isinstance(value, dict) else getattr(value, part, 0)
    return value


def _to_json(settings: LibrarySettings) -> dict[str, Any]:
    data: dict[str, Any] = settings_codec.to_json(settings)
    data["schema_version"] = SCHEMA_VERSION
    return data


def _upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a stored settings document up to the current schema (none older exists yet)."""
    data = dict(data)
    data.pop("schema_version", None)
    return data


def _from_json(raw: dict[str, Any]) -> LibrarySettings:
    settings: LibrarySettings = settings_codec.from_json(LibrarySettings, _upgrade(raw))
    return settings


def load(uow: UnitOfWork) -> LibrarySettings:
    """The library's settings (defaults where nothing is stored); read once per transaction."""
    cached = uow.cache.get(KEY)
    if isinstance(cached, LibrarySettings):
        return cached
    shared = uow.db.recall(KEY, SHARED_FOR_SECONDS)
    if isinstance(shared, LibrarySettings):
        uow.cache[KEY] = shared
        return shared
    row = uow.session.get(Setting, KEY)
    settings = _from_json(row.value) if row else LibrarySettings()
    uow.cache[KEY] = settings
    uow.db.remember(KEY, settings)
    return settings


def save(uow: UnitOfWork, settings: LibrarySettings) -> None:
    """Validate and store the settings (a supervisor's job; the caller commits)."""
    require(uow, Permission.EDIT_SETTINGS)
    settings.validate()
    forget_in_force(uow)
    uow.cache.pop(KEY, None)
    uow.db.forget(KEY)
    uow.db.forget("barcode_schemes")
    row = uow.session.get(Setting, KEY)
    if row is None:
        uow.session.add(Setting(key=KEY, value=_to_json(settings)))
    else:
        row.value = _to_json(settings)


def calendar(uow: UnitOfWork, settings: LibrarySettings) -> ClosedCalendar:
    """The closed-day calendar: weekly closed days plus every stored closed date."""
    days = uow.cache.get("closed_days")
    if days is None:
        days = uow.db.recall("closed_days", SHARED_FOR_SECONDS)
    if days is None:
        days = tuple(uow.session.scalars(sa.select(ClosedDay.day)))
        uow.db.remember("closed_days", days)
    uow.cache["closed_days"] = days
    return ClosedCalendar.of(settings.closed_weekdays, days)


def due_policy(uow: UnitOfWork, settings: LibrarySettings, group: str = "") -> DuePolicy:
    """The due-date policy for a lender of the given group."""
    return DuePolicy(settings.buffer_for(group), calendar(uow, settings))


def add_closed_days(uow: UnitOfWork, days: list[date], reason: str) -> int:
    """Mark days as closed (already closed days are left alone); returns how many were new."""
    added = 0
    uow.cache.pop("closed_days", None)
    uow.db.forget("closed_days")
    for day in sorted(set(days)):
        if uow.session.get(ClosedDay, day) is None:
            uow.session.add(ClosedDay(day=day, reason=reason))
            added += 1
    return added
