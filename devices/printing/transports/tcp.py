"""Raw TCP (port 9100) printers through python-escpos' Network class, with short timeouts."""

from __future__ import annotations

import ipaddress
import socket
import threading

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


TRANSPORT = TcpTransport
