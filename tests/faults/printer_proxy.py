"""A loopback TCP proxy in front of the virtual printer that breaks one job part-way (paper out, cover open, gone).

The kiosk prints to the proxy's URL; every connection is relayed byte for byte to the virtual
printer. An armed fault fires on the n-th connection that carries a job, once ``after_bytes`` bytes
of it went through: the printer's state changes there (``paper_out``, ``cover_open``: the rest of
the job and the status request after it reach a printer that now reports the fault), or the
printer is gone (``gone``: the printer's socket is reset and the virtual printer stops, so reconnecting
is refused until the test starts it again; the rest of the job is swallowed, then the kiosk's socket
is reset while it waits for the status answer).
"""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass

from devices.virtual_printer import VirtualPrinter
from tests.faults.relay import accept_loop, listen
from tests.faults.relay import close as close_socket

#: A connection that sent no more than this was only asking for status (DLE EOT 1-4, 3 bytes each).
STATUS_ONLY_BYTES = 12
CHUNK = 512


@dataclass
class Armed:
    """A fault waiting for its job: ``action`` on the ``job_no``-th job connection after ``after_bytes``."""

    action: str
    job_no: int
    after_bytes: int
    fired: bool = False


def _swallow(sock: socket.socket, quiet: float = 0.2) -> None:
    """Read and drop what the kiosk still sends until it waits for an answer (``quiet`` s of silence).

    So the kiosk has written its whole job, as it has on a real network where the job fits the socket
    buffers, when the printer dies part-way through printing it: the same path every run.
    """
    sock.settimeout(quiet)
    try:
        while sock.recv(65536):
            pass
    except OSError:  # TimeoutError included: the kiosk now waits for the status answer
        pass


class FaultProxy:
    """Relays to ``printer`` on loopback and injects at most one armed fault per :meth:`arm`.

    Args:
        printer: The started virtual printer behind the proxy.
    """

    def __init__(self, printer: VirtualPrinter) -> None:
        self.printer = printer
        self._listener = listen()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.armed: Armed | None = None
        self.job_connections = 0
        self.fired: list[str] = []
        self._thread = accept_loop(
            self._listener, self._stop,
            lambda client: threading.Thread(target=self._relay, args=(client,), daemon=True).start(), "fault-proxy")

    @property
    def url(self) -> str:
        """``tcp://127.0.0.1:PORT`` of the proxy."""
        return f"tcp://127.0.0.1:{self._listener.getsockname()[1]}"

    def arm(self, action: str, *, job_no: int = 1, after_bytes: int = 2000) -> None:
        """Fire ``action`` (``paper_out``, ``cover_open`` or ``gone``) inside the ``job_no``-th next job."""
        assert action in ("paper_out", "cover_open", "gone"), action
        with self._lock:
            self.armed = Armed(action, self.job_connections + job_no, after_bytes)

    def close(self) -> None:
        """Stop accepting (relays in flight end with their sockets)."""
        self._stop.set()
        self._thread.join(2)
        self._listener.close()

    # -- relaying ---------------------------------------------------------------------------------
    def _relay(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.printer.port), timeout=2)
        except OSError:
            close_socket(client, reset=True)  # the printer is gone: refuse like it would
            return
        upstream.settimeout(None)
        client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        cut = threading.Event()
        back = threading.Thread(target=self._pump_back, args=(upstream, client, cut), daemon=True)
        back.start()
        sent = 0
        job_no = None
        try:
            while not cut.is_set():
                data = client.recv(CHUNK)
                if not data:
                    break
                if job_no is None and sent + len(data) > STATUS_ONLY_BYTES:
                    with self._lock:
                        self.job_connections += 1
                        job_no = self.job_connections
                armed = self._due(job_no, sent + len(data))
                if armed is not None:
                    keep = max(0, armed.after_bytes - sent)
                    upstream.sendall(data[:keep])
                    sent += keep
                    if armed.action == "gone":
                        cut.set()
                        close_socket(upstream, reset=True)
                        self.printer.stop()  # closed before the kiosk hears of it: a reconnect is refused
                        _swallow(client)  # the rest of the job sat in the network buffers
                        close_socket(client, reset=True)
                        return
                    self.printer.set_state(armed.action)
                    data = data[keep:]
                upstream.sendall(data)
                sent += len(data)
        except OSError:
            pass
        try:
            upstream.shutdown(socket.SHUT_WR)
        except OSError:
            pass
        back.join(5)
        close_socket(client)
        close_socket(upstream)

    def _due(self, job_no: int | None, total: int) -> Armed | None:
        """The armed fault if it fires within the bytes received so far on this job connection."""
        with self._lock:
            armed = self.armed
            if armed is None or armed.fired or job_no != armed.job_no or total < armed.after_bytes:
                return None
            armed.fired = True
            self.fired.append(armed.action)
            return armed

    @staticmethod
    def _pump_back(upstream: socket.socket, client: socket.socket, cut: threading.Event) -> None:
        try:
            while not cut.is_set():
                data = upstream.recv(CHUNK)
                if not data:
                    break
                client.sendall(data)
        except OSError:
            return
        if cut.is_set():
            return  # the printer was cut off on purpose: the kiosk hears of it when the relay resets it
        try:
            client.shutdown(socket.SHUT_WR)
        except OSError:
            pass
