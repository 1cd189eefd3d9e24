"""This workstation's own settings, its default database, and passwords in the OS keyring.

Library-wide settings live in the database (`services.settings`); what differs from one desk to
the next lives here, in a small JSON file in the user's configuration folder: the workstation's
name, who is at the desk, and the databases this desk knows (addresses without passwords).
Passwords go only to the operating system's keyring.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

if TYPE_CHECKING:
    import keyring.backend
    from sqlalchemy.engine import URL

# keyring and SQLAlchemy are imported where used: the window reads this file's settings before
# its first screen, which must not wait for either to load.

log = logging.getLogger(__name__)

APP = "illdesk"
KEYRING_SERVICE = "ILL Desk database"
SCHEMA_VERSION = 1

NO_KEYRING_HELP = (
    "This computer has no password store (keyring) that ILL Desk can use, so the database "
    "password cannot be kept safely. Either set one up (Windows and macOS have one built in; "
    "on Linux install and unlock GNOME Keyring or KWallet), or put the password in PostgreSQL's "
    "own password file (~/.pgpass on Linux and macOS, %APPDATA%\\postgresql\\pgpass.conf on "
    "Windows, one line host:port:database:user:password, readable only by you), which ILL Desk "
    "then uses by itself. ILL Desk never writes passwords into its own files."
)


class KeyringUnavailable(Exception):
    """No usable OS keyring: the message explains the way out."""


def config_dir() -> Path:
    """Where this workstation's settings file lives (ILLDESK_CONFIG_DIR overrides)."""
    override = os.environ.get("ILLDESK_CONFIG_DIR")
    return Path(override) if override else Path(platformdirs.user_config_dir(APP, appauthor=False))


def data_dir() -> Path:
    """Where the local workspace database lives (ILLDESK_DATA_DIR overrides)."""
    override = os.environ.get("ILLDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP, appauthor=False))


def default_database_path() -> Path:
    """The local workspace's file."""
    return data_dir() / "workspace.sqlite"


def default_database_url() -> str:
    """The local workspace database, made on first use."""
    return f"sqlite:///{default_database_path()}"


def is_local_workspace(url: str) -> bool:
    """True for the local workspace, the one database a first start makes by itself.

    Every other address is made only by a set-up step (`illdesk db upgrade`, `db use`, the
    setup wizard, the demo), so a mistyped address is reported, never silently created.
    """
    return parse_url(url) == parse_url(default_database_url())


@dataclass(slots=True)
class WorkstationSettings:
    """What this desk remembers between runs."""

    workstation_name: str = field(default_factory=lambda: socket.gethostname().split(".")[0])
    current_staff: str = ""
    databases: dict[str, str] = field(default_factory=dict)  # name -> URL without password
    current_database: str = ""
    # The scanners at this desk: what a keyboard scanner adds around each barcode, and the
    # serial scanner's port settings (empty: none). See ui/scanner_settings.py.
    scanner_prefix: str = ""
    scanner_suffix: str = ""
    serial_scanner: dict[str, Any] = field(default_factory=dict)
    # When a keyboard run counts as a scan (devices.burst.BurstLimits fields, in seconds);
    # empty: the defaults. Set by "Test your scanner" in the scanner settings.
    scanner_limits: dict[str, float] = field(default_factory=dict)
    desk_sounds: bool = True

    def database_url(self) -> str:
        """The chosen database's address, or the local workspace."""
        return self.databases.get(self.current_database) or default_database_url()


def settings_path() -> Path:
    return config_dir() / "workstation.json"


def needs_first_run_setup() -> bool:
    """True when this workstation was never set up: no settings file and no local workspace.

    A workspace made from the command line first (`illdesk demo`, `dev.py start demo`) counts
    as set up: the window opens it rather than asking again and making a second one.
    """
    # Asked before the window shows: plain file checks, so SQLAlchemy loads only later, on the
    # worker that opens the database (docs/performance.md, cold start).
    if settings_path().exists():
        return False
    return not default_database_path().exists()


def load() -> WorkstationSettings:
    """Read the settings file; a missing or damaged file gives the defaults (and a log line)."""
    path = settings_path()
    if not path.exists():
        return WorkstationSettings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        log.warning("Ignoring unreadable workstation settings %s: %s", path, exc)
        return WorkstationSettings()
    data.pop("schema_version", None)
    known = {k: v for k, v in data.items() if k in WorkstationSettings.__dataclass_fields__}
    return WorkstationSettings(**known)


def save(settings: WorkstationSettings) -> None:
    """Write the settings file atomically (a crash never leaves half a file)."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for url in settings.databases.values():
        if parse_url(url).password:
            raise ValueError("Database addresses are saved without passwords.")
    temp = path.with_suffix(".tmp")
    temp.write_text(
        json.dumps({"schema_version": SCHEMA_VERSION, **asdict(settings)}, indent=2),
        encoding="utf-8",
    )
    temp.replace(path)


def _account(url: URL) -> str:
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def parse_url(url: str) -> URL:
    """The address as SQLAlchemy reads it."""
    from illdesk.store.database import parse_url as parse  # noqa: PLC0415

    return parse(url)


def _backend() -> keyring.backend.KeyringBackend:
    import keyring  # noqa: PLC0415

    backend = keyring.get_keyring()
    name = type(backend).__module__
    if name.startswith("keyring.backends.fail") or name.startswith("keyring.backends.null"):
        raise KeyringUnavailable(NO_KEYRING_HELP)
    return backend


def store_password(url: str, password: str) -> None:
    """Keep the password of a PostgreSQL database in the OS keyring."""
    import keyring.errors  # noqa: PLC0415

    parsed = parse_url(url)
    try:
        _backend().set_password(KEYRING_SERVICE, _account(parsed), password)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"{NO_KEYRING_HELP} ({exc})") from exc


def with_password(url: str) -> URL:
    """The database address with its password from the keyring, when one is stored there.

    Without a keyring the address is returned as it is: PostgreSQL's password file or a
    trusted connection may still let it in, and the connection error says so if not.
    """
    import keyring.errors  # noqa: PLC0415

    parsed = parse_url(url)
    if parsed.get_backend_name() != "postgresql" or parsed.password:
        return parsed
    try:
        password = _backend().get_password(KEYRING_SERVICE, _account(parsed))
    except (KeyringUnavailable, keyring.errors.KeyringError) as exc:
        log.info("No keyring for the database password (%s)", type(exc).__name__)
        return parsed
    return parsed.set(password=password) if password else parsed


# ---------------------------------------------------------------- command-line sign-in

SIGN_IN_SERVICE = "ILL Desk sign-in"


def _sign_in_account(url: str) -> str:
    parsed = parse_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"file:{parsed.database or ''}"
    return _account(parsed)


def store_sign_in(url: str, token: str) -> None:
    """Keep the command line's sign-in token for this database in the OS keyring."""
    import keyring.errors  # noqa: PLC0415

    try:
        _backend().set_password(SIGN_IN_SERVICE, _sign_in_account(url), token)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"{NO_KEYRING_HELP} ({exc})") from exc


def sign_in_token(url: str) -> str | None:
    """The command line's sign-in token for this database, if one is kept (else None)."""
    import keyring.errors  # noqa: PLC0415

    try:
        return _backend().get_password(SIGN_IN_SERVICE, _sign_in_account(url))
    except (KeyringUnavailable, keyring.errors.KeyringError):
        return None


def forget_sign_in(url: str) -> None:
    """Drop the command line's sign-in token for this database (if any)."""
    import keyring.errors  # noqa: PLC0415

    with contextlib.suppress(KeyringUnavailable, keyring.errors.KeyringError):
        _backend().delete_password(SIGN_IN_SERVICE, _sign_in_account(url))
