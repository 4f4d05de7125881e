"""The zbar backend (through pyzbar's low-level ctypes wrapper) with QR payloads returned as raw bytes."""

from __future__ import annotations

import ctypes
from collections.abc import Iterable

import cv2
import numpy as np

from devices.codes.errors import BackendUnavailable
from devices.codes.model import Code, payload_text

try:  # pyzbar raises ImportError when libzbar is missing
    from pyzbar import wrapper as _zb
except ImportError as exc:  # pragma: no cover - depends on the machine
    _zb = None
    _IMPORT_ERROR: Exception | None = exc
else:
    _IMPORT_ERROR = None

_GREY_FOURCC = 0x30303859  # 'Y800'
# Our format names -> zbar symbology numbers (zbar.h enum zbar_symbol_type_e).
_SYMBOLOGY = {
    "QRCode": 64, "Code128": 128, "EAN13": 13, "ITF": 25, "EAN8": 8, "UPCA": 12, "UPCE": 9,
    "Code39": 39, "Code93": 93, "Codabar": 38, "PDF417": 57, "DataBar": 34, "DataBarExpanded": 35,
}
_NAME = {number: name for name, number in _SYMBOLOGY.items()}
_NAME[14] = "EAN13"  # ISBN-13 is an EAN-13
_CFG_ENABLE = 0
_binary_cfg: int | None = None


def available() -> bool:
    """Return True when libzbar could be loaded."""
    return _zb is not None


def _binary_config() -> int:
    """Return zbar's ZBAR_CFG_BINARY number for this libzbar (looked up by name, -1 if unsupported)."""
    global _binary_cfg
    if _binary_cfg is None:
        sym, cfg, val = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        ok = _zb.zbar_parse_config(b"qrcode.binary=1", ctypes.byref(sym), ctypes.byref(cfg), ctypes.byref(val))
        _binary_cfg = cfg.value if ok == 0 else -1
    return _binary_cfg


def _configure(scanner, formats: Iterable[str]) -> None:
    _zb.zbar_image_scanner_set_config(scanner, 0, _CFG_ENABLE, 0)  # symbology 0 = all
    for name in formats:
        number = _SYMBOLOGY.get(name)
        if number is not None:
            _zb.zbar_image_scanner_set_config(scanner, number, _CFG_ENABLE, 1)
    binary = _binary_config()
    if binary >= 0:
        # Without this zbar converts QR bytes with a charset guess (Shift-JIS first) and garbles
        # short UTF-8 Vietnamese text; with it we receive the bytes and decode them ourselves.
        _zb.zbar_image_scanner_set_config(scanner, _SYMBOLOGY["QRCode"], binary, 1)


def _polygon(symbol) -> tuple[tuple[int, int], ...]:
    """Four corners: zbar reports every scan-line hit of a 1D code, so fit the smallest rotated box."""
    count = _zb.zbar_symbol_get_loc_size(symbol)
    points = [(int(_zb.zbar_symbol_get_loc_x(symbol, i)), int(_zb.zbar_symbol_get_loc_y(symbol, i)))
              for i in range(count)]
    if len(points) <= 4:
        return tuple(points)
    box = cv2.boxPoints(cv2.minAreaRect(np.array(points, dtype=np.float32)))
    return tuple((int(round(x)), int(round(y))) for x, y in box)


def decode_gray(gray: np.ndarray, formats: Iterable[str]) -> list[Code]:
    """Decode an 8-bit gray, C-contiguous image with zbar.

    Args:
        gray: 2-D ``uint8`` array.
        formats: Format names to enable (unknown to zbar are ignored).

    Raises:
        BackendUnavailable: libzbar is not installed.
    """
    if _zb is None:
        raise BackendUnavailable(f"zbar backend unavailable: {_IMPORT_ERROR}")
    height, width = gray.shape
    data = gray.tobytes()
    scanner = _zb.zbar_image_scanner_create()
    image = _zb.zbar_image_create()
    try:
        _configure(scanner, formats)
        _zb.zbar_image_set_format(image, _GREY_FOURCC)
        _zb.zbar_image_set_size(image, width, height)
        _zb.zbar_image_set_data(image, ctypes.cast(data, ctypes.c_void_p), len(data), None)
        if _zb.zbar_scan_image(scanner, image) <= 0:
            return []
        codes: list[Code] = []
        symbol = _zb.zbar_image_first_symbol(image)
        while symbol:
            raw = ctypes.string_at(_zb.zbar_symbol_get_data(symbol), _zb.zbar_symbol_get_data_length(symbol))
            name = _NAME.get(symbol.contents.type)
            if name is not None:
                codes.append(Code(name, payload_text(raw), raw, _polygon(symbol)))
            symbol = _zb.zbar_symbol_next(symbol)
        return codes
    finally:
        _zb.zbar_image_destroy(image)
        _zb.zbar_image_scanner_destroy(scanner)
