"""Parse printer URLs (``tcp://``, ``usb://``, ``serial://``, ``file://``, ``cups://``, ``lp://``, ``virtual://``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

from core.i18n import translator

from devices.printing.errors import PrinterUrlError

_ = translator("devices")

SCHEMES = ("tcp", "usb", "serial", "file", "cups", "lp", "virtual")
DEFAULT_TCP_PORT = 9100


@dataclass(frozen=True)
class PrinterAddress:
    """A parsed printer URL.

    Attributes:
        scheme: One of :data:`SCHEMES`.
        host: Host name (tcp) or queue name (cups, lp).
        port: TCP port (tcp only).
        path: Device or file path (serial, file, virtual jobs folder).
        params: Query parameters (``baudrate``, ``timeout`` ...).
        vendor_id: USB vendor id (usb only).
        product_id: USB product id (usb only).
    """

    scheme: str
    host: str = ""
    port: int = 0
    path: str = ""
    params: dict[str, str] = field(default_factory=dict)
    vendor_id: int = 0
    product_id: int = 0

    @property
    def can_read(self) -> bool:
        """Whether the transport can read real-time status back from the printer."""
        return self.scheme in ("tcp", "usb", "serial", "virtual")


def _bad(url: str, why: str) -> PrinterUrlError:
    return PrinterUrlError(_("Địa chỉ máy in không hợp lệ {url}: {why}", url=repr(url), why=why))


def parse_printer_url(url: str) -> PrinterAddress:
    """Parse a printer URL into a :class:`PrinterAddress`.

    Args:
        url: For example ``tcp://10.0.0.5:9100``, ``usb://04b8:0202``,
            ``serial:///dev/ttyUSB0?baudrate=19200``, ``file:///dev/usb/lp0``, ``cups://TM-T20``
            or ``virtual://`` (optionally ``virtual:///path/to/jobs``).

    Raises:
        PrinterUrlError: The URL is malformed or the scheme is unknown (PRN-002).
    """
    text = (url or "").strip()
    if "://" not in text:
        raise _bad(text, _("thiếu tiền tố như tcp:// hoặc file://"))
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unclosed IPv6 bracket: tcp://[::1
        raise _bad(text, _("cú pháp không hợp lệ")) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise _bad(text, _("kiểu kết nối không hỗ trợ, dùng một trong {names}", names=", ".join(SCHEMES)))
    params = dict(parse_qsl(parts.query))
    if scheme == "tcp":
        if not parts.hostname:
            raise _bad(text, _("thiếu tên máy"))
        try:
            port = parts.port or DEFAULT_TCP_PORT
        except ValueError:
            raise _bad(text, _("cổng không hợp lệ")) from None
        return PrinterAddress(scheme, host=parts.hostname, port=port, params=params)
    if scheme == "usb":
        ids = (parts.netloc or parts.path.strip("/")).split(":")
        try:
            vid, pid = (int(x, 16) for x in ids)
        except ValueError:
            raise _bad(text, _("cần dạng usb://VID:PID (hệ 16)")) from None
        return PrinterAddress(scheme, params=params, vendor_id=vid, product_id=pid)
    if scheme in ("cups", "lp"):
        queue = unquote(parts.netloc or parts.path.strip("/"))
        return PrinterAddress(scheme, host=queue, params=params)
    path = unquote(parts.netloc + parts.path)
    if scheme in ("serial", "file") and not path:
        raise _bad(text, _("thiếu đường dẫn thiết bị"))
    return PrinterAddress(scheme, path=path, params=params)
