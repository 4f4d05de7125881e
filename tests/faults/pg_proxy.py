"""A loopback relay in front of PostgreSQL that can lose the answer to one COMMIT.

Armed with :meth:`PgProxy.lose_next_commit`, the next ``COMMIT`` a client sends (psycopg sends it as
a simple query) is passed to the server, the server's answer (up to its ReadyForQuery) is swallowed,
and the client's socket is reset: the transaction is saved, the client only sees its connection die
during COMMIT (what a server restart or a network cut at that moment looks like). Everything else is
relayed as is; a server that goes away closes its clients' sockets.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable

from tests.faults.relay import accept_loop, close, listen

COMMIT = b"Q\x00\x00\x00\x0bCOMMIT\x00"  # 'Q', length 11, "COMMIT\0"
READY = b"Z\x00\x00\x00\x05"  # ReadyForQuery


class PgProxy:
    """Relays ``127.0.0.1:port`` → the server's port.

    Args:
        server_port: The PostgreSQL port behind the relay.
    """

    def __init__(self, server_port: int) -> None:
        self.server_port = server_port
        self._listener = listen()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._armed: Callable[[], None] | None = None
        self.lost_commits = 0
        accept_loop(self._listener, self._stop, self._link, "pg-proxy")

    @property
    def port(self) -> int:
        """The relay's port."""
        return self._listener.getsockname()[1]

    def lose_next_commit(self, then: Callable[[], None] = lambda: None) -> None:
        """Lose the answer to the next COMMIT, then call ``then`` (e.g. restart the server)."""
        with self._lock:
            self._armed = then

    def close(self) -> None:
        """Stop accepting."""
        self._stop.set()
        self._listener.close()

    def _link(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(("127.0.0.1", self.server_port), timeout=5)
        except OSError:
            close(client, reset=True)
            return
        server.settimeout(None)
        _Link(self, client, server).start()

    def _take(self) -> Callable[[], None] | None:
        with self._lock:
            armed, self._armed = self._armed, None
            return armed


class _Link:
    """One client connection and its server connection."""

    def __init__(self, proxy: PgProxy, client: socket.socket, server: socket.socket) -> None:
        self.proxy, self.client, self.server = proxy, client, server
        self.muted = threading.Event()
        self.answered = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._up, daemon=True, name="pg-proxy-up").start()
        threading.Thread(target=self._down, daemon=True, name="pg-proxy-down").start()

    def _up(self) -> None:
        try:
            while data := self.client.recv(65536):
                then = self.proxy._take() if COMMIT in data else None
                if then is not None:
                    self.muted.set()
                    self.server.sendall(data)
                    self.answered.wait(5)  # the server committed and said so; the client never hears it
                    self.proxy.lost_commits += 1
                    close(self.client, reset=True)
                    close(self.server)
                    then()
                    return
                self.server.sendall(data)
        except OSError:
            pass
        close(self.server)

    def _down(self) -> None:
        try:
            while data := self.server.recv(65536):
                if self.muted.is_set():
                    if READY in data:
                        self.answered.set()
                    continue
                self.client.sendall(data)
        except OSError:
            pass
        self.answered.set()
        close(self.client)
