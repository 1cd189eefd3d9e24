"""A TCP proxy in front of the real PostgreSQL server, which a test can cut like a network.

Everything is passed through unchanged until the test cuts it: at once (`cut`), or at the
client's Nth COMMIT, either before that COMMIT reaches the server (the transaction is lost) or
after the server has answered it, without passing the answer on (the transaction is saved, but
the client cannot know). After a cut no new connection is accepted, as with a dead network.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from types import TracebackType
from typing import Self

COMMIT = b"COMMIT\x00"  # a simple-protocol Query message's text, as psycopg sends it


class CuttingProxy:
    """Listens on 127.0.0.1 (`port`) and forwards to the server at `host`:`upstream_port`."""

    def __init__(self, host: str, upstream_port: int) -> None:
        self.upstream = (host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.commits = 0
        self.cut_at_commit: int | None = None
        self.let_that_commit_through = False
        self._swallowing = threading.Event()
        self._is_cut = threading.Event()
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cut()

    @property
    def is_cut(self) -> bool:
        return self._is_cut.is_set()

    def cut(self) -> None:
        """Drop every connection and refuse new ones."""
        self._is_cut.set()
        self.listener.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def restore(self) -> None:
        """The network is back: accept connections again, on the same port."""
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self._swallowing.clear()
        self.cut_at_commit = None
        self._is_cut.clear()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.is_cut:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.upstream)
            with self._lock:
                if self.is_cut:
                    client.close()
                    upstream.close()
                    return
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_client: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                return
            if not from_client and self._swallowing.is_set():
                self.cut()  # the server has answered the COMMIT: the client never hears it
                return
            if from_client and COMMIT in data:
                with self._lock:
                    self.commits += 1
                    now = self.commits == self.cut_at_commit
                if now and not self.let_that_commit_through:
                    self.cut()
                    return
                if now:
                    self._swallowing.set()
            try:
                target.sendall(data)
            except OSError:
                return
