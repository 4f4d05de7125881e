"""The transport interface every printer connection implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from devices.printing.url import PrinterAddress


class Transport(ABC):
    """One connection to one printer, opened for one job or one status check.

    Subclasses wrap a python-escpos printer class (``self.printer``) and add what it lacks:
    short timeouts and a read that returns None instead of raising when nothing answers.

    Attributes:
        can_read: Whether real-time status (DLE EOT) can be read back over this transport.
        alive_when_open: Whether an open connection proves a powered, working device (TCP accepted,
            USB device enumerated), so a job may be sent even when no status answer comes back.
            Not so for a serial port, which opens whether or not a printer is behind it.
        unanswered: Set by the status reader when a request went unanswered (a late answer may
            still arrive, so the connection is closed gracefully).
        address: The parsed printer URL.
        timeout: Seconds allowed to connect and for each write.
    """

    can_read: bool = False
    alive_when_open: bool = False
    unanswered: bool = False

    def __init__(self, address: PrinterAddress, timeout: float) -> None:
        self.address = address
        self.timeout = timeout
        self.printer: Any = None

    @abstractmethod
    def open(self) -> None:
        """Connect. Raises OSError (refused, missing device), TimeoutError or TransportUnavailable."""

    def write(self, data: bytes) -> None:
        """Send raw bytes (raises OSError or TimeoutError)."""
        self.printer._raw(data)

    def read_byte(self, timeout: float) -> int | None:
        """Read one status byte; None when nothing arrives within ``timeout`` seconds.

        Raises:
            ConnectionError: The printer closed the connection.
        """
        raise NotImplementedError("this transport cannot read")

    def close(self) -> None:
        """Close the connection, ignoring errors (the job is already sent or abandoned)."""
        if self.printer is None:
            return
        try:
            self.printer.close()
        except Exception:  # noqa: BLE001 - closing must never mask the real outcome
            pass

    def __enter__(self) -> "Transport":
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
