"""A PostgreSQL server of the test's own, on another port, that accepts only TLS connections,
with a certificate authority made for the test (never the machine's main server).

The server's certificate is made for the name "localhost" only, so the same server reached
as 127.0.0.1 does not match it (sslmode=verify-full refuses it). Needs PostgreSQL's initdb and
pg_ctl, and the openssl program; run as root, the server runs as the postgres user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TlsServer:
    port: int
    ca_file: Path  # the certificate authority that signed the server's certificate
    other_ca_file: Path  # an authority that did not

    def url(
        self, host: str = "localhost", *, ca: Path | None = None, mode: str = "verify-full"
    ) -> str:
        root = ca or self.ca_file
        return (
            f"postgresql://postgres@{host}:{self.port}/postgres?sslmode={mode}&sslrootcert={root}"
        )


def server_programs() -> tuple[Path, Path] | None:
    """initdb and pg_ctl of the newest PostgreSQL installed, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found or shutil.which("openssl") is None:
        return None
    initdb = Path(found[-1])
    return initdb, initdb.with_name("pg_ctl")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _openssl(*args: str, cwd: Path) -> None:
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _make_certificates(folder: Path) -> None:
    for ca in ("ca", "other-ca"):
        _openssl(
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", f"{ca}.key", "-out", f"{ca}.crt", "-subj", f"/CN=ILL Desk test {ca}",
            cwd=folder,
        )  # fmt: skip
    _openssl(
        "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=localhost",
        cwd=folder,
    )  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=DNS:localhost\n", encoding="ascii")
    _openssl(
        "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.crt",
        cwd=folder,
    )  # fmt: skip


@contextmanager
def tls_server() -> Iterator[TlsServer]:
    """Start the server; stop it and remove every file of it afterwards."""
    programs = server_programs()
    if programs is None:
        raise RuntimeError("PostgreSQL's initdb or the openssl program is not installed")
    initdb, pg_ctl = programs
    folder = Path(tempfile.mkdtemp(prefix="illdesk-tls-"))
    as_root = os.geteuid() == 0
    runner: list[str] = ["runuser", "-u", "postgres", "--"] if as_root else []
    try:
        _make_certificates(folder)
        data = folder / "data"
        if as_root:
            user = pwd.getpwnam("postgres")
            os.chmod(folder, 0o755)
            for path in [folder, *folder.iterdir()]:
                os.chown(path, user.pw_uid, user.pw_gid)
        os.chmod(folder / "server.key", 0o600)
        subprocess.run(
            [*runner, str(initdb), "-D", str(data), "-U", "postgres", "--auth=trust"],
            check=True,
            capture_output=True,
        )
        port = _free_port()
        with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write(
                f"port = {port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{folder}'\nssl = on\n"
                f"ssl_cert_file = '{folder / 'server.crt'}'\n"
                f"ssl_key_file = '{folder / 'server.key'}'\n"
                "fsync = off\nshared_buffers = 16MB\nmax_connections = 20\n"
            )
        (data / "pg_hba.conf").write_text(
            "local all all trust\nhostssl all all 127.0.0.1/32 trust\n", encoding="utf-8"
        )
        subprocess.run(
            [*runner, str(pg_ctl), "-D", str(data), "-l", str(folder / "log"), "-w", "start"],
            check=True,
            capture_output=True,
        )
        try:
            yield TlsServer(port, folder / "ca.crt", folder / "other-ca.crt")
        finally:
            subprocess.run(
                [*runner, str(pg_ctl), "-D", str(data), "-m", "immediate", "stop"],
                check=False,
                capture_output=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
