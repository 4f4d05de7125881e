"""Reading image files to decode, safe against hostile files: no FIFOs or devices, and no decompression bombs.

The pixel count is read from the file's header (PNG ``IHDR``, JPEG ``SOF``, anything else through Pillow's lazy
``Image.open``, which reads the header only) and checked against :data:`MAX_IMAGE_PIXELS` before a single pixel is
decoded: a 256-megapixel PNG of a few kilobytes would otherwise take 1.5 GB in OpenCV.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from core.inputs import NotRegularFile, read_regular
from devices.codes.errors import ImageTooLarge, NotAnImageFile, UnreadableImage

#: Most pixels an image to decode may have (40 MP: a 48 MP phone photo is refused, 12–24 MP photos and every
#: camera frame pass). About 6 bytes per pixel are needed while decoding (colour, gray, retries).
MAX_IMAGE_PIXELS = 40_000_000
#: Largest image file read (checked on the bytes read, so a growing file or a device cannot exceed it).
MAX_IMAGE_BYTES = 64 * 1024 * 1024

# Pillow's own bomb check, as a second line (it errors at twice this); never raised above its default.
if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > MAX_IMAGE_PIXELS:
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

_PNG = b"\x89PNG\r\n\x1a\n"
#: JPEG start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size.
_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})


def header_size(data: bytes) -> tuple[int, int] | None:
    """``(width, height)`` as the file's header states it, without decoding; None when it cannot be told.

    Raises:
        ImageTooLarge: Pillow's own limit tripped while reading the header.
    """
    if data.startswith(_PNG) and data[12:16] == b"IHDR" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data.startswith(b"\xff\xd8"):
        return _jpeg_size(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                return image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageTooLarge("image header claims more pixels than allowed") from None
    except Exception:  # noqa: BLE001 - not a format Pillow knows: OpenCV may still read it
        return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    """Walk the JPEG markers to the first start-of-frame and return its width and height."""
    i, end = 2, len(data)
    while i + 4 <= end:
        if data[i] != 0xFF:
            i += 1
            continue
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0x01, 0xD8) or 0xD0 <= marker <= 0xD7:  # markers without a length
            i += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image, or scan data before any frame header
            return None
        length = int.from_bytes(data[i + 2:i + 4], "big")
        if marker in _SOF and i + 9 <= end:
            return int.from_bytes(data[i + 7:i + 9], "big"), int.from_bytes(data[i + 5:i + 7], "big")
        i += 2 + max(length, 2)
    return None


def check_pixels(width: int, height: int, limit: int = MAX_IMAGE_PIXELS) -> None:
    """Raise :class:`ImageTooLarge` (COD-006) for an image over ``limit`` pixels."""
    if width * height > limit:
        raise ImageTooLarge(f"image is {width}x{height} pixels ({width * height / 1e6:.0f} MP); "
                            f"at most {limit / 1e6:.0f} MP are decoded")


def load_image(path: str | Path, *, max_pixels: int = MAX_IMAGE_PIXELS) -> np.ndarray:
    """Read an image file as a BGR array, refusing hostile files before decoding them.

    Raises:
        NotAnImageFile: A FIFO, device, socket or folder (COD-007; never opened for reading, so never hangs).
        ImageTooLarge: More than ``max_pixels`` by its header, or over :data:`MAX_IMAGE_BYTES` (COD-006).
        UnreadableImage: Missing, unreadable or not an image (COD-004; ``__cause__`` keeps an ``OSError``).
        OSError: Cannot be read (missing, permission): the caller words it.
    """
    try:
        data = read_regular(path, MAX_IMAGE_BYTES)
    except NotRegularFile:
        raise NotAnImageFile("not a regular file (a pipe, device or folder)") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageTooLarge(f"file is over {MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    size = header_size(data)
    if size is not None:
        check_pixels(*size, limit=max_pixels)
    try:
        image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR) if data else None
    except (cv2.error, MemoryError):  # e.g. over OpenCV's own pixel limit, for a format we could not size
        image = None
    if image is None:
        raise UnreadableImage("not a readable image")
    check_pixels(image.shape[1], image.shape[0], limit=max_pixels)  # a format whose header we could not read
    return image
