"""The zxing-cpp backend: payload bytes decoded as UTF-8 by us, zxing's text only for ECI-tagged payloads."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import numpy as np

from core.text import nfc
from devices.codes.errors import BackendUnavailable
from devices.codes.model import Code, payload_text

try:
    import zxingcpp as _zx
except ImportError as exc:  # pragma: no cover - depends on the machine
    _zx = None
    _IMPORT_ERROR: Exception | None = exc
else:
    _IMPORT_ERROR = None

# QR/DataMatrix/Aztec symbology identifier modifiers that announce ECI segments.
_ECI_IDS = ("]Q2", "]Q4", "]Q6", "]d4", "]d5", "]d6", "]z3", "]z4", "]z5")


def available() -> bool:
    """Return True when zxing-cpp could be imported."""
    return _zx is not None


@lru_cache(maxsize=32)
def _zx_formats(formats: frozenset[str]):
    names = [name for name in sorted(formats) if hasattr(_zx.BarcodeFormat, name)]
    return _zx.barcode_formats_from_str(",".join(names))


def _text(barcode) -> tuple[str, bytes]:
    raw = bytes(barcode.bytes)
    if barcode.symbology_identifier.startswith(_ECI_IDS):
        return nfc(barcode.text), raw  # zxing applied the declared character set
    return payload_text(raw), raw


def _polygon(barcode) -> tuple[tuple[int, int], ...]:
    pos = barcode.position
    return tuple((int(p.x), int(p.y)) for p in (pos.top_left, pos.top_right, pos.bottom_right, pos.bottom_left))


def decode_gray(gray: np.ndarray, formats: Iterable[str], *, try_harder: bool = True,
                binarizer: str = "local") -> list[Code]:
    """Decode an 8-bit gray image with zxing-cpp.

    Args:
        gray: 2-D ``uint8`` array.
        formats: Format names to look for.
        try_harder: Let zxing also try rotations by 90°, inversion and downscaled copies.
        binarizer: ``"local"`` (LocalAverage, default) or ``"global"`` (GlobalHistogram).

    Raises:
        BackendUnavailable: zxing-cpp is not installed.
    """
    if _zx is None:
        raise BackendUnavailable(f"zxing backend unavailable: {_IMPORT_ERROR}")
    flags = _zx_formats(frozenset(formats))
    if not list(flags):  # an empty selection would make zxing read every format
        return []
    results = _zx.read_barcodes(
        gray, formats=flags, try_rotate=try_harder, try_downscale=try_harder, try_invert=try_harder,
        text_mode=_zx.TextMode.Plain,
        binarizer=_zx.Binarizer.GlobalHistogram if binarizer == "global" else _zx.Binarizer.LocalAverage,
    )
    codes = []
    for barcode in results:
        if not barcode.valid:
            continue
        text, raw = _text(barcode)
        codes.append(Code(barcode.format.name, text, raw, _polygon(barcode)))
    return codes
