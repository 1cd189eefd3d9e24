"""Words for staff when a database cannot be opened or reached: a file, a server that does not
answer, a server that did not prove who it is (TLS), a database name nobody made."""

from __future__ import annotations

from sqlalchemy.engine import URL

from illdesk.store.errors import DatabaseMissing

TLS_SIGNS = ("certificate", "SSL", "ssl", "server does not support", "no encryption")


def describe_connection_error(url: URL, exc: Exception) -> str:
    """Words for staff when the database cannot be opened."""
    if url.get_backend_name() == "sqlite":
        return (
            f"The database file {url.database} cannot be opened ({_first_line(exc)}). "
            "Check that the folder exists, that you may write to it, and that the disk is not full."
        )
    first = _first_line(exc)
    if any(sign in first for sign in TLS_SIGNS):
        return (
            f"The shared database server {url.host or 'localhost'} was not trusted, or it asks "
            f"for an encrypted connection ({first}). Check that the address ends with "
            "sslmode=verify-full and an sslrootcert= naming the library's certificate authority "
            "file, and that it uses the server's name as written in its certificate (admin "
            "guide, “Encrypting the connection”). Nothing was saved or changed."
        )
    return (
        f"The shared database on {url.host or 'localhost'} cannot be reached "
        f"({_first_line(exc)}). Check the network cable or Wi-Fi, and ask whoever looks after "
        "the server whether it is running. Work already saved is safe."
    )


def missing_on_server(url: URL, exc: Exception) -> DatabaseMissing | None:
    # The server answered, but has no database of that name: a typing mistake, most often.
    if f'database "{url.database}" does not exist' not in str(exc):
        return None
    return DatabaseMissing(
        f"The server {url.host or 'localhost'} has no database called “{url.database}”. Check "
        "the address for a typing mistake; if it is a new database, ask whoever looks after the "
        "server to create it (an empty one), then run `illdesk db upgrade` to set it up."
    )


def _first_line(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
