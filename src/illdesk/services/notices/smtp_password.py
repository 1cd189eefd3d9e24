"""The mail server's password, kept in the OS keyring (never in the settings or a file)."""

from __future__ import annotations

from typing import Any

from illdesk.services.admin.workstation import NO_KEYRING_HELP, KeyringUnavailable

SERVICE = "ILL Desk mail server"


def _account(host: str, user: str) -> str:
    return f"{user}@{host}"


def _backend() -> Any:
    import keyring  # noqa: PLC0415

    backend = keyring.get_keyring()
    name = type(backend).__module__
    if name.startswith(("keyring.backends.fail", "keyring.backends.null")):
        raise KeyringUnavailable(NO_KEYRING_HELP)
    return backend


def store(host: str, user: str, password: str) -> None:
    """Keep the password of `user` on the mail server `host` in the OS keyring."""
    import keyring.errors  # noqa: PLC0415

    try:
        _backend().set_password(SERVICE, _account(host, user), password)
    except keyring.errors.KeyringError as exc:
        raise KeyringUnavailable(f"{NO_KEYRING_HELP} ({exc})") from exc


def get(host: str, user: str) -> str | None:
    """The stored password, or None when there is none (or no keyring)."""
    import keyring.errors  # noqa: PLC0415

    try:
        value = _backend().get_password(SERVICE, _account(host, user))
    except (KeyringUnavailable, keyring.errors.KeyringError):
        return None
    return None if value is None else str(value)
