"""``virtual://`` - the bundled virtual printer, started in this process on first use."""

from __future__ import annotations

import dataclasses

from devices.printing.transports.tcp import TcpTransport


class VirtualTransport(TcpTransport):
    """Talks TCP to the process-wide :func:`devices.virtual_printer.shared` instance.

    ``virtual://`` uses the running shared instance (or starts one with a temporary jobs folder);
    ``virtual:///path/to/jobs`` starts it with that jobs folder.
    """

    def open(self) -> None:
        """Start the shared virtual printer if needed, then connect to it."""
        from devices.virtual_printer import shared

        printer = shared(self.address.path or None)
        self.address = dataclasses.replace(self.address, host=printer.host, port=printer.port)
        super().open()


TRANSPORT = VirtualTransport
