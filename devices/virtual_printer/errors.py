"""Virtual printer errors (VPR codes)."""

from __future__ import annotations

from core.errors import KioskError


class VirtualPrinterError(KioskError):
    """The virtual printer could not start, or a test waited for a job that never came."""

    code = "VPR-001"
