"""Printers from URLs: status (DLE EOT 1-4) and sending jobs with typed, retryable outcomes."""

from __future__ import annotations

from devices.printing import messages as _messages  # noqa: F401 - registers the English catalogue
from devices.printing.api import open_transport, printer_status, read_status, send
from devices.printing.errors import PrinterError, PrinterUrlError, TransportUnavailable
from devices.printing.outcome import CODES, PrintOutcome
from devices.printing.status import PrinterStatus, decode_status
from devices.printing.url import PrinterAddress, parse_printer_url

__all__ = [
    "CODES",
    "PrintOutcome",
    "PrinterAddress",
    "PrinterError",
    "PrinterStatus",
    "PrinterUrlError",
    "TransportUnavailable",
    "decode_status",
    "open_transport",
    "parse_printer_url",
    "printer_status",
    "read_status",
    "send",
]
