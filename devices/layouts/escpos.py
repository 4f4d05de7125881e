"""The few ESC/POS commands the layouts send, encoded from the Epson reference with checked lengths.

Only commands that practically every ESC/POS printer and emulator understands are used:
``ESC @`` (initialise), ``ESC a`` (justification), ``GS v 0`` (raster bit image), ``GS ( k`` (QR
code, model 2), ``GS h``/``GS w``/``GS H``/``GS f``/``GS k`` (CODE128), ``ESC d`` (feed lines) and
``GS V`` function A (cut). No print-area, margin, page-mode or vendor commands.
"""

from __future__ import annotations

import numpy as np

ESC, GS = b"\x1b", b"\x1d"

#: Tallest raster band sent in one ``GS v 0``: with 255 rows ``yH`` is always 0, which every
#: printer's receive buffer and every emulator (some read one height byte only) handles.
MAX_BAND_ROWS = 255
#: Widest band in bytes (640 dots); ``xH`` is therefore always 0 too.
MAX_BAND_BYTES = 80
#: Largest QR payload we send natively (version 40-M holds 2331 bytes; keep well below).
MAX_QR_BYTES = 1200
LINES_BEFORE_CUT = 6  # feed past the head-to-cutter distance (~20 mm at the default 1/6" spacing)

QR_EC_M = 49  # GS ( k fn 69: 48 L, 49 M, 50 Q, 51 H
QR_MODEL_2 = 50  # GS ( k fn 65: 49 model 1, 50 model 2


def init() -> bytes:
    """``ESC @``: clear the buffer and reset every mode to the power-on defaults."""
    return ESC + b"@"


def align(where: str) -> bytes:
    """``ESC a n`` with n = 0 left, 1 centre, 2 right."""
    return ESC + b"a" + bytes(({"left": 0, "center": 1, "right": 2}[where],))


def raster_bands(ink: np.ndarray) -> list[bytes]:
    """Encode a boolean ink array (rows x dots, True = black) as ``GS v 0`` bands of <= 255 rows.

    Each band is ``GS v 0 m xL xH yL yH d1..dk`` with m = 0 (normal density), x = width in bytes
    (dots rounded up to a multiple of 8, padded with white), y = rows, k = x * y.

    Raises:
        ValueError: The image is empty or wider than :data:`MAX_BAND_BYTES` bytes.
    """
    rows, dots = ink.shape
    width_bytes = (dots + 7) // 8
    if not rows or not dots or width_bytes > MAX_BAND_BYTES:
        raise ValueError(f"raster of {dots}x{rows} dots cannot be sent")
    packed = np.packbits(ink, axis=1)  # pads the last byte with 0 = white
    out = []
    for top in range(0, rows, MAX_BAND_ROWS):
        band = packed[top:top + MAX_BAND_ROWS]
        height = band.shape[0]
        out.append(GS + b"v0\x00" + bytes((width_bytes, 0, height & 0xFF, height >> 8)) + band.tobytes())
    return out


def blank_rows(rows: int) -> list[bytes]:
    """Advance the paper exactly ``rows`` dot rows as 1-byte-wide white raster bands.

    ``ESC J n`` would be shorter, but its unit is the printer's vertical motion unit, which is not
    one dot on every model (1/360" on some 180 dpi heads); a white raster row is always one dot.
    """
    return raster_bands(np.zeros((rows, 8), dtype=bool)) if rows > 0 else []


def _qr_function(fn: int, data: bytes) -> bytes:
    """``GS ( k pL pH cn fn [data]`` with cn = 49 (QR) and pL pH = len(data) + 2."""
    size = len(data) + 2
    return GS + b"(k" + bytes((size & 0xFF, size >> 8, 49, fn)) + data


def qr(data: bytes, module: int, ec: int = QR_EC_M) -> bytes:
    """Native QR code: select model 2, module size, error level, store the data, print it.

    Args:
        data: Encoded payload (1..:data:`MAX_QR_BYTES` bytes).
        module: Module size in dots, 1..16.
        ec: Error correction level byte (48..51).

    Raises:
        ValueError: Bad size, level or data length.
    """
    if not 1 <= module <= 16 or not 48 <= ec <= 51 or not 1 <= len(data) <= MAX_QR_BYTES:
        raise ValueError("QR parameters out of range")
    return (_qr_function(65, bytes((QR_MODEL_2, 0)))
            + _qr_function(67, bytes((module,)))
            + _qr_function(69, bytes((ec,)))
            + _qr_function(80, b"0" + data)
            + _qr_function(81, b"0"))


def code128(data: bytes, module: int = 2, height: int = 60) -> bytes:
    """CODE128 with the human-readable text below: ``GS h``, ``GS w``, ``GS H 2``, ``GS f 0``, ``GS k 73 n``.

    Args:
        data: Barcode data including the code set prefix (``{B...``), at most 255 bytes.
        module: Bar module width, 2..6 dots.
        height: Bar height, 1..255 dots.
    """
    if not 2 <= module <= 6 or not 1 <= height <= 255 or not 2 < len(data) <= 255:
        raise ValueError("barcode parameters out of range")
    return (GS + b"h" + bytes((height,)) + GS + b"w" + bytes((module,)) + GS + b"H\x02" + GS + b"f\x00"
            + GS + b"k\x49" + bytes((len(data),)) + data)


def cut(lines: int = LINES_BEFORE_CUT) -> bytes:
    """Feed ``lines`` lines (``ESC d n``) so the last row passes the cutter, then cut (``GS V 0``, function A)."""
    return ESC + b"d" + bytes((lines,)) + GS + b"V\x00"
