"""Socket plumbing shared by the fault-injecting relays (printer and PostgreSQL): listen, accept, close hard."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable


def listen() -> socket.socket:
    """A loopback listener on a free port that wakes every 0.2 s (so a stop request is seen)."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    return listener


def accept_loop(listener: socket.socket, stop: threading.Event, handle: Callable[[socket.socket], None],
                name: str) -> threading.Thread:
    """Start a daemon thread that hands every accepted connection to ``handle`` until ``stop`` is set."""

    def run() -> None:
        while not stop.is_set():
            try:
                client, _addr = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            handle(client)

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread


def close(sock: socket.socket, *, reset: bool = False) -> None:
    """Close ``sock`` so the peer hears it at once: RST with ``reset`` (power gone), else FIN.

    The shutdown also wakes another thread blocked reading the socket; a bare close() would leave that
    read, and the peer, waiting forever.
    """
    try:
        if reset:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        else:
            sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
