"""Device files and plain files (``file:///dev/usb/lp0``) through python-escpos' File class (write only)."""

from __future__ import annotations

import os

from escpos.printer import File

from devices.printing.transports.base import Transport


class FileTransport(Transport):
    """A character device such as ``/dev/usb/lp0`` or a regular file; status cannot be read back."""

    can_read = False

    def open(self) -> None:
        """Open for writing; raises FileNotFoundError / PermissionError."""
        path = self.address.path
        if not os.path.exists(path) and not os.path.isdir(os.path.dirname(path) or "."):
            raise FileNotFoundError(path)
        if os.path.exists(path) and not os.access(path, os.W_OK):
            raise PermissionError(f"not writable: {path}")
        printer = File(path, auto_flush=False)
        printer.open()
        if not printer.device:
            raise FileNotFoundError(path)
        self.printer = printer

    def write(self, data: bytes) -> None:
        """Write and flush."""
        self.printer._raw(data)
        self.printer.flush()

    def check(self) -> None:
        """Raise OSError if the file cannot be opened for writing (used by status checks, writes nothing)."""
        path = self.address.path
        if os.path.exists(path):
            if not os.access(path, os.W_OK):
                raise PermissionError(f"not writable: {path}")
        elif not os.path.isdir(os.path.dirname(path) or "."):
            raise FileNotFoundError(path)


TRANSPORT = FileTransport
