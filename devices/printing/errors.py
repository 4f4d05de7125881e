"""Printer errors with stable PRN codes."""

from __future__ import annotations

from core.errors import KioskError


class PrinterError(KioskError):
    """A printer could not be opened or used."""

    code = "PRN-001"


class PrinterUrlError(PrinterError):
    """A printer URL is malformed or names an unknown transport."""

    code = "PRN-002"


class TransportUnavailable(PrinterError):
    """The transport needs a Python package or OS service that is not installed."""

    code = "PRN-003"
