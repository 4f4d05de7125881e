"""The decoded ``Code`` record, format names, frame checks and payload text decoding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import cv2
import numpy as np

from core.text import nfc
from devices.codes.errors import InvalidFrame, UnknownFormat

#: Format names shared by every backend (zxing-cpp spelling).
QR = "QRCode"
CODE128 = "Code128"
EAN13 = "EAN13"
ITF = "ITF"
FORMATS: frozenset[str] = frozenset(
    {QR, CODE128, EAN13, ITF, "EAN8", "UPCA", "UPCE", "Code39", "Code93", "Codabar",
     "DataMatrix", "PDF417", "Aztec", "DataBar", "DataBarExpanded", "MicroQRCode"}
)
#: Formats read when the caller does not restrict them.
DEFAULT_FORMATS: frozenset[str] = frozenset({QR, CODE128, EAN13, ITF, "EAN8", "UPCA", "Code39"})
LINEAR_FORMATS: frozenset[str] = frozenset(FORMATS - {QR, "DataMatrix", "PDF417", "Aztec", "MicroQRCode"})

Point = tuple[int, int]


@dataclass(frozen=True)
class Code:
    """One code found in a frame.

    Attributes:
        format: Symbology name, e.g. ``"QRCode"``, ``"Code128"``, ``"EAN13"``, ``"ITF"``.
        text: The payload as text, NFC-normalised (UTF-8 decoded by us, never guessed as Shift-JIS).
        raw: The payload bytes as stored in the symbol.
        polygon: Corner points ``(x, y)`` in frame pixels (may be empty when unknown).
    """

    format: str
    text: str
    raw: bytes = b""
    polygon: tuple[Point, ...] = field(default=(), compare=False)

    def as_json(self) -> dict[str, str]:
        """Return the stable JSON shape used by the CLI: ``{"format", "text"}``."""
        return {"format": self.format, "text": self.text}


def normalise_formats(formats: Iterable[str] | str | None) -> frozenset[str]:
    """Validate a format selection; ``None`` means :data:`DEFAULT_FORMATS`.

    Raises:
        UnknownFormat: A name is not in :data:`FORMATS`.
    """
    if formats is None:
        return DEFAULT_FORMATS
    if isinstance(formats, str):
        formats = [formats]
    chosen = frozenset(formats)
    unknown = sorted(chosen - FORMATS)
    if unknown:
        raise UnknownFormat(f"unknown barcode format(s) {', '.join(unknown)}; known: {', '.join(sorted(FORMATS))}")
    return chosen


def payload_text(raw: bytes) -> str:
    """Decode a payload: UTF-8 first (ID card QRs carry UTF-8 without an ECI marker), else ISO-8859-1.

    ISO-8859-1 is the QR standard's default character set and never fails, so a
    non-UTF-8 payload still yields text instead of an exception. Result is NFC.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if text.startswith("\ufeff"):
        text = text[1:]
    return nfc(text)


def to_gray(frame: np.ndarray) -> np.ndarray:
    """Return a contiguous 8-bit single-channel view of a BGR, BGRA or gray frame.

    Uses proper luminance weights, so a code drawn in any one colour channel is kept
    (pyzbar on its own would silently read only the first channel).

    Raises:
        InvalidFrame: Not a 2-D/3-D numpy array with 1, 3 or 4 channels, or empty.
    """
    if not isinstance(frame, np.ndarray):
        raise InvalidFrame(f"frame must be a numpy array, got {type(frame).__name__}")
    if frame.size == 0 or frame.ndim not in (2, 3) or min(frame.shape[:2]) < 1:
        raise InvalidFrame(f"frame has unusable shape {frame.shape}")
    if frame.dtype != np.uint8:
        if frame.dtype == np.bool_:
            frame = frame.astype(np.uint8) * 255
        elif np.issubdtype(frame.dtype, np.floating) and float(np.nanmax(frame)) <= 1.0:
            frame = np.clip(frame * 255.0, 0, 255).astype(np.uint8)
        else:
            frame = np.clip(frame, 0, 255).astype(np.uint8)
    if frame.ndim == 3:
        channels = frame.shape[2]
        if channels == 1:
            frame = frame[:, :, 0]
        elif channels == 3:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        elif channels == 4:
            frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY)
        else:
            raise InvalidFrame(f"frame has {channels} channels; expected 1, 3 or 4")
    return np.ascontiguousarray(frame)
