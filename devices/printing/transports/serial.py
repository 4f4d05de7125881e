"""Serial printers (``serial:///dev/ttyUSB0?baudrate=19200``) through python-escpos' Serial class."""

from __future__ import annotations

from core.i18n import translator

from devices.printing.errors import TransportUnavailable
from devices.printing.transports.base import Transport

_ = translator("devices")


class SerialTransport(Transport):
    """An RS-232 or USB-serial printer; query ``baudrate`` (default 9600) and ``dsrdtr`` (0/1)."""

    can_read = True

    def open(self) -> None:
        """Open the port; raises OSError when the device does not exist."""
        from escpos.printer import Serial

        if not Serial.is_usable():
            raise TransportUnavailable(_("Cần cài gói pyserial để in qua cổng nối tiếp"))
        from escpos.exceptions import DeviceNotFoundError

        params = self.address.params
        printer = Serial(
            devfile=self.address.path,
            baudrate=int(params.get("baudrate", 9600)),
            timeout=self.timeout,
            dsrdtr=params.get("dsrdtr", "1") not in ("0", "false"),
        )
        try:
            printer.open()
        except DeviceNotFoundError as exc:
            raise FileNotFoundError(str(exc)) from None
        printer.device.write_timeout = self.timeout
        self.printer = printer

    def read_byte(self, timeout: float) -> int | None:
        """Read one byte within ``timeout`` seconds."""
        port = self.printer.device
        port.timeout = max(timeout, 0.01)
        data = port.read(1)
        return data[0] if data else None


TRANSPORT = SerialTransport
