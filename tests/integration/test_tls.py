"""TLS to the shared server with sslmode=verify-full, on loopback, with a certificate authority
made by the test: a PostgreSQL server of the test's own (another port) that accepts only
encrypted connections. ILL Desk works through it; a server signed by another authority, a
server reached under a name its certificate does not carry, and a connection without TLS are
each refused in words, with nothing changed."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from illdesk.services.desk import requests
from illdesk.store.database import DatabaseUnavailable, make_engine, open_database
from illdesk.store.unit_of_work import UnitOfWork
from tests.conftest import ANN, REQUIRE_PG
from tests.integration.helpers import borrow, seed_directory
from tests.integration.tls_server import TlsServer, server_programs, tls_server


@pytest.fixture(scope="module")
def server() -> Iterator[TlsServer]:
    if server_programs() is None:
        if REQUIRE_PG:
            pytest.fail("PostgreSQL's initdb and openssl are needed for the TLS test")
        pytest.skip("PostgreSQL's initdb or openssl is not installed")
    with tls_server() as started:
        yield started


def _with_database(url: str, name: str) -> str:
    return sa.make_url(url).set(database=name).render_as_string(hide_password=False)


def test_ill_desk_works_over_verified_tls(server: TlsServer) -> None:
    admin = make_engine(server.url()).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("CREATE DATABASE illdesk")
    admin.dispose()
    url = _with_database(server.url(), "illdesk")
    made = subprocess.run(
        [sys.executable, "-m", "illdesk", "--database", url, "db", "upgrade"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    db = open_database(url)
    try:

        def uow(actor=ANN, **kw) -> UnitOfWork:
            return UnitOfWork(db, actor, **kw)

        seed_directory(uow)
        row = borrow(uow, "Bridges of the Willamette")
        requests.perform(uow(), row.number, "approve")
        assert requests.get_detail(uow(read_only=True), row.number).row.status == "ready_to_send"
        with db.engine.connect() as conn:
            ssl, version = conn.execute(
                sa.text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            ).one()
        assert ssl is True and version.startswith("TLS")
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("case", "why"),
    [
        ("another authority", "certificate verify failed"),
        ("another name", "does not match host name"),
        ("no encryption", "no encryption"),
    ],
)
def test_an_untrusted_or_clear_connection_is_refused_in_words(
    server: TlsServer, case: str, why: str
) -> None:
    url = {
        "another authority": server.url(ca=server.other_ca_file),
        "another name": server.url("127.0.0.1"),
        "no encryption": server.url(mode="disable"),
    }[case]
    with pytest.raises(DatabaseUnavailable) as refused:
        open_database(url)
    message = str(refused.value)
    assert why in message and "sslmode=verify-full" in message
    assert "Nothing was saved or changed" in message
    told = subprocess.run(
        [sys.executable, "-m", "illdesk", "--database", url, "db", "upgrade"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert told.returncode != 0 and "Traceback" not in told.stderr
    assert "was not trusted" in told.stderr + told.stdout
