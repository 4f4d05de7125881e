"""``decode_frame``: the single entry point that picks a backend and returns NFC ``Code`` records."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from devices.codes import auto, zbar_backend, zxing_backend
from devices.codes.errors import BackendUnavailable, UnknownBackend
from devices.codes.imagefile import check_pixels
from devices.codes.model import Code, normalise_formats, to_gray

BACKENDS = ("auto", "zxing", "zbar")


def available_backends() -> list[str]:
    """Return the backend names whose native library loads on this machine."""
    names = []
    if zxing_backend.available() or zbar_backend.available():
        names.append("auto")
    if zxing_backend.available():
        names.append("zxing")
    if zbar_backend.available():
        names.append("zbar")
    return names


def decode_frame(frame: np.ndarray, backend: str = "auto", formats: Iterable[str] | str | None = None,
                 *, budget_ms: float | None = None) -> list[Code]:
    """Find and decode the QR codes and barcodes in one frame.

    Args:
        frame: ``uint8`` image, BGR (OpenCV order), BGRA or gray.
        backend: ``"auto"`` (zxing-cpp first, then zbar and targeted image retries when nothing
            is found), ``"zxing"`` or ``"zbar"`` (one plain pass each).
        formats: Format names to read (e.g. ``["QRCode"]``); ``None`` reads QR, Code128, EAN-13,
            ITF, EAN-8, UPC-A and Code39.
        budget_ms: ``auto`` only: start no new retry after this many milliseconds of the calling
            thread's CPU time (default :data:`devices.codes.auto.DEFAULT_BUDGET_MS`, 150). A live
            preview that decodes every frame may pass less (e.g. 30) to bound idle CPU use.

    Returns:
        Codes found (``[]`` when none), each with NFC text; duplicates removed.

    Raises:
        InvalidFrame: ``frame`` is not an image array.
        ImageTooLarge: ``frame`` has more than ``devices.codes.imagefile.MAX_IMAGE_PIXELS`` pixels (COD-006).
        UnknownBackend: ``backend`` is not one of :data:`BACKENDS`.
        UnknownFormat: A name in ``formats`` is unknown.
        BackendUnavailable: The chosen backend's library is missing.
    """
    if backend not in BACKENDS:
        raise UnknownBackend(f"unknown decode backend {backend!r}; expected one of {', '.join(BACKENDS)}")
    chosen = normalise_formats(formats)
    shape = getattr(frame, "shape", ())
    if len(shape) >= 2:
        check_pixels(int(shape[1]), int(shape[0]))  # before the gray copy and the retries multiply it
    gray = to_gray(frame)
    if backend == "zxing":
        return _unique(zxing_backend.decode_gray(gray, chosen))
    if backend == "zbar":
        return _unique(zbar_backend.decode_gray(gray, chosen))
    if not (zxing_backend.available() or zbar_backend.available()):
        raise BackendUnavailable("no decode backend available: install zxing-cpp or libzbar0")
    return _unique(auto.decode(gray, chosen, budget_ms=budget_ms))


def _unique(codes: list[Code]) -> list[Code]:
    seen: set[tuple[str, str]] = set()
    out = []
    for code in codes:
        key = (code.format, code.text)
        if key not in seen:
            seen.add(key)
            out.append(code)
    return out
