"""QR and barcode reading from camera frames: ``decode_frame`` with zxing-cpp, zbar and an ``auto`` mode."""

from __future__ import annotations

from devices.codes.decode import BACKENDS, available_backends, decode_frame
from devices.codes.errors import (
    BackendUnavailable,
    CodesError,
    ImageTooLarge,
    InvalidFrame,
    NotAnImageFile,
    UnknownBackend,
    UnknownFormat,
    UnreadableImage,
)
from devices.codes.model import CODE128, DEFAULT_FORMATS, EAN13, FORMATS, ITF, QR, Code, payload_text, to_gray

__all__ = [
    "BACKENDS", "CODE128", "DEFAULT_FORMATS", "EAN13", "FORMATS", "ITF", "QR",
    "BackendUnavailable", "Code", "CodesError", "ImageTooLarge", "InvalidFrame", "NotAnImageFile", "UnknownBackend",
    "UnknownFormat",
    "UnreadableImage", "available_backends", "decode_frame", "payload_text", "to_gray",
]
