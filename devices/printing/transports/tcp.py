"""Raw TCP (port 9100) printers through python-escpos' Network class, with short timeouts."""

from __future__ import annotations

import ipaddress
import socket
import threading
import time

from escpos.printer import Network

from devices.printing.transports.base import Transport


def resolve(host: str, timeout: float) -> str:
    """Resolve ``host`` to an address within ``timeout`` seconds (getaddrinfo itself has no time limit).

    Raises:
        TimeoutError: The name server did not answer in time.
        socket.gaierror: The name does not exist.
    """
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    result: dict[str, object] = {}

    def lookup() -> None:
        try:
            result["addr"] = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][4][0]
        except OSError as exc:
            result["error"] = exc

    worker = threading.Thread(target=lookup, daemon=True, name=f"resolve-{host}")
    worker.start()
    worker.join(timeout)
    if "error" in result:
        raise result["error"]  # type: ignore[misc]
    if "addr" not in result:
        raise TimeoutError(f"resolving {host} took longer than {timeout:g} s")
    return str(result["addr"])


class ShortTimeoutNetwork(Network):
    """python-escpos ``Network`` that keeps OSError types and never blocks past its timeout.

    ``Network.open`` wraps every socket error in DeviceNotFoundError (losing "refused" vs "timed out")
    and ``is_online`` raises when the printer does not answer; this subclass fixes both.
    """

    def open(self, raise_not_found: bool = True) -> None:
        """Connect within ``self.timeout`` seconds; raises ConnectionRefusedError, TimeoutError or OSError."""
        if self._device:
            self.close()
        sock = socket.create_connection((resolve(self.host, self.timeout), self.port), timeout=self.timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.device = sock

    def is_online(self) -> bool:
        """Return False (instead of raising) when the printer does not answer DLE EOT 1."""
        try:
            return super().is_online()
        except OSError:
            return False

    def close(self) -> None:
        """Close the socket; safe to call twice."""
        super().close()
        self._device = False


class TcpTransport(Transport):
    """``tcp://host:port`` (Epson/Xprinter/... network interface, raw port 9100)."""

    can_read = True
    alive_when_open = True

    def open(self) -> None:
        """Connect with the short timeout."""
        self.printer = ShortTimeoutNetwork(self.address.host, self.address.port, timeout=self.timeout)
        self.printer.open()

    def write(self, data: bytes) -> None:
        """Send everything or raise (TimeoutError when the printer stops reading)."""
        self.printer.device.settimeout(self.timeout)
        self.printer._raw(data)

    def read_byte(self, timeout: float) -> int | None:
        """Read one byte within ``timeout`` seconds."""
        sock: socket.socket = self.printer.device
        sock.settimeout(max(timeout, 0.01))
        try:
            data = sock.recv(1)
        except TimeoutError:
            return None
        if not data:
            raise ConnectionResetError("printer closed the connection")
        return data[0]

    def close(self) -> None:
        """Close without a reset: read what the printer sent, half-close, then close.

        Closing a socket with unread input makes the kernel send RST instead of FIN, and a printer
        that receives RST may throw away job bytes it has not processed yet. So pending input (late
        status answers) is drained first; when a status request went unanswered, the answer may
        still be on its way, and we wait (at most ``LATE_ANSWER_WAIT`` s) for the printer to close.
        """
        printer = self.printer
        sock = getattr(printer, "_device", None) if printer is not None else None
        if isinstance(sock, socket.socket):
            try:
                _drain(sock, 0.0)
                sock.shutdown(socket.SHUT_WR)
                _drain(sock, min(self.timeout, LATE_ANSWER_WAIT) if self.unanswered else 0.0)
            except OSError:
                pass
            sock.close()
            printer._device = False
        super().close()


LATE_ANSWER_WAIT = 1.0


def _drain(sock: socket.socket, wait: float) -> None:
    """Read and drop input: what is already there (``wait`` 0), or until EOF within ``wait`` seconds."""
    deadline = time.monotonic() + wait
    for _ in range(256):  # a printer sends a few status bytes; never loop on a chatty peer
        left = deadline - time.monotonic()
        if left <= 0:
            sock.setblocking(False)
        else:
            sock.settimeout(left)
        try:
            if not sock.recv(4096):
                return
        except (BlockingIOError, TimeoutError):
            return


TRANSPORT = TcpTransport
