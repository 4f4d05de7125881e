"""Printer transports: one module per connection kind, each wrapping a python-escpos printer class."""

from __future__ import annotations

import importlib

from devices.printing.transports.base import Transport
from devices.printing.url import PrinterAddress

_MODULES = {
    "tcp": "devices.printing.transports.tcp",
    "usb": "devices.printing.transports.usb",
    "serial": "devices.printing.transports.serial",
    "file": "devices.printing.transports.file",
    "cups": "devices.printing.transports.cups",
    "lp": "devices.printing.transports.cups",
    "virtual": "devices.printing.transports.virtual",
}


def transport_for(address: PrinterAddress, timeout: float) -> Transport:
    """Return an unopened :class:`Transport` for ``address``.

    Args:
        address: Parsed printer URL.
        timeout: Seconds allowed for connecting and for each read or write.
    """
    module = importlib.import_module(_MODULES[address.scheme])
    return module.TRANSPORT(address, timeout)


__all__ = ["Transport", "transport_for"]
