"""Layout errors (LAY codes)."""

from __future__ import annotations

from core.errors import KioskError


class LayoutError(KioskError):
    """A payload cannot be laid out (missing field, bad value)."""

    code = "LAY-001"


class FontError(LayoutError):
    """The configured TTF font is missing or unreadable."""

    code = "LAY-002"
