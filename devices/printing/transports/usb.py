"""USB printers (``usb://VID:PID``) through python-escpos' Usb class (needs pyusb)."""

from __future__ import annotations

import time

from core.i18n import translator

from devices.printing.errors import TransportUnavailable
from devices.printing.transports.base import Transport

_ = translator("devices")


class UsbTransport(Transport):
    """A printer on a USB port, talked to directly through libusb (bypasses usblp)."""

    can_read = True
    alive_when_open = True

    def open(self) -> None:
        """Find and claim the device; raises OSError when it is not plugged in."""
        from escpos.printer import Usb

        if not Usb.is_usable():
            raise TransportUnavailable(_("Cần cài gói pyusb để in qua USB"))
        from escpos.exceptions import DeviceNotFoundError

        printer = Usb(self.address.vendor_id, self.address.product_id, timeout=int(self.timeout * 1000))
        import usb.core

        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise FileNotFoundError(str(exc)) from None
        except usb.core.NoBackendError:
            raise TransportUnavailable(_("Cần cài thư viện libusb-1.0 để in qua USB")) from None
        self.printer = printer

    def read_byte(self, timeout: float) -> int | None:
        """Poll the IN endpoint until a byte arrives or ``timeout`` passes."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                data = bytes(self.printer.device.read(self.printer.in_ep, 16, max(int(timeout * 1000), 10)))
            except Exception:  # noqa: BLE001 - pyusb raises USBTimeoutError / USBError
                data = b""
            if data:
                return data[-1]
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.02)


TRANSPORT = UsbTransport
