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


class ImageTooLarge(CodesError):
    """An image's header claims more pixels than :data:`devices.codes.imagefile.MAX_IMAGE_PIXELS` (or the file is
    over :data:`~devices.codes.imagefile.MAX_IMAGE_BYTES`): refused before anything is decoded."""

    code = "COD-006"


class NotAnImageFile(UnreadableImage):
    """The path names a FIFO, a device, a socket or a folder, not a file: refused before it is opened for reading."""

    code = "COD-007"
