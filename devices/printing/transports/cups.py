"""CUPS queues (``cups://QUEUE``) through pycups, or the ``lp`` command when pycups is missing (write only)."""

from __future__ import annotations

import shutil
import subprocess

from core.i18n import translator

from devices.printing.errors import TransportUnavailable
from devices.printing.transports.base import Transport

_ = translator("devices")


class CupsTransport(Transport):
    """A raw CUPS queue; status beyond "the queue exists" cannot be read back."""

    can_read = False

    def open(self) -> None:
        """Connect to CUPS (pycups) or check that ``lp`` exists."""
        self._buffer = bytearray()
        try:
            from escpos.printer import CupsPrinter

            usable = CupsPrinter.is_usable()
        except ImportError:
            usable = False
        if usable:
            from escpos.exceptions import DeviceNotFoundError

            printer = CupsPrinter(self.address.host)
            try:
                printer.open()
            except DeviceNotFoundError as exc:
                raise FileNotFoundError(str(exc)) from None
            self.printer = printer
            return
        if not shutil.which("lp"):
            raise TransportUnavailable(_("Cần cài pycups hoặc lệnh lp để in qua CUPS"))
        self.printer = None

    def write(self, data: bytes) -> None:
        """Buffer the job; CUPS receives it as one raw job on close."""
        self._buffer += data

    def close(self) -> None:
        """Submit the buffered job to the queue."""
        data, self._buffer = bytes(getattr(self, "_buffer", b"")), bytearray()
        if self.printer is not None:
            if data:
                self.printer._raw(data)
            self.printer.close()
            self.printer = None
            return
        if data:
            queue = ["-d", self.address.host] if self.address.host else []
            subprocess.run(["lp", *queue, "-o", "raw"], input=data, check=True, timeout=self.timeout,
                           capture_output=True)


TRANSPORT = CupsTransport
