"""Errors of the code-reading layer (prefix COD)."""

from __future__ import annotations

from core.errors import KioskError


class CodesError(KioskError):
    """Base class of decoding errors."""

    code = "COD-000"


class InvalidFrame(CodesError):
    """The frame is not a usable image array (wrong type, shape or size)."""

    code = "COD-001"


class UnknownBackend(CodesError):
    """The backend name is not one of ``auto``, ``zxing``, ``zbar``."""

    code = "COD-002"


class BackendUnavailable(CodesError):
    """The backend's native library is missing or failed to load."""

    code = "COD-003"


class UnreadableImage(CodesError):
    """An image file is missing or cannot be read as an image."""

    code = "COD-004"


class UnknownFormat(CodesError):
    """A requested barcode format name is not known."""

    code = "COD-005"
