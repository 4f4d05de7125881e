"""The ``auto`` strategy: a fast zxing-cpp pass, then targeted retries on located regions within a time budget."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import numpy as np

from devices.codes import enhance, locate, zbar_backend, zxing_backend
from devices.codes.model import Code

DEFAULT_BUDGET_MS = 150.0
MAX_REGIONS = 3

Reader = Callable[[np.ndarray], list[Code]]


def decode(gray: np.ndarray, formats: frozenset[str], *, budget_ms: float | None = None) -> list[Code]:
    """Decode a gray frame, trying harder only when the plain pass finds nothing.

    1. zxing-cpp's fast mode on the whole frame (reads most frames in a few milliseconds), then
       zxing with rotation/downscale/inversion on a median-filtered copy (noise);
    2. locate up to :data:`MAX_REGIONS` dense-gradient regions; cut each out straightened (1D bars
       turned upright, which fixes tilt past zxing's and zbar's tolerance) and zoomed (small codes
       up, big blurred codes down); read each crop with zxing;
    3. zxing on the CLAHE-equalised median frame (low contrast);
    4. the crops again with zbar, then along-bar smoothed (1D), sharpened, contrast-stretched and
       binarised for both decoders;
    5. a half-size sharpened frame (big blurred codes), then regions of an equalised frame.
    No new attempt starts once ``budget_ms`` of this thread's CPU time has been spent.

    Args:
        gray: 2-D ``uint8`` frame.
        formats: Format names to read.
        budget_ms: Retry budget in milliseconds of thread CPU time (default :data:`DEFAULT_BUDGET_MS`).
    """
    # Thread CPU time, not wall time: the budget bounds our own work, so what a frame yields does
    # not depend on how busy the machine is (on an idle kiosk the two are the same).
    deadline = time.thread_time() + (DEFAULT_BUDGET_MS if budget_ms is None else budget_ms) / 1000.0
    zx, zb = _readers(formats)
    if zxing_backend.available():
        # fast pass: no 90° rotation, downscaling or inversion (same hits on camera frames, half the
        # time); the retries below run zxing with all of them
        codes = zxing_backend.decode_gray(gray, formats, try_harder=False)
        if codes:
            return codes
    for attempt in _attempts(gray, zx, zb):
        if time.thread_time() > deadline:
            break
        codes = attempt()
        if codes:
            return codes
    return []


def _readers(formats: frozenset[str]) -> tuple[Reader, Reader]:
    def zx(image: np.ndarray) -> list[Code]:
        return zxing_backend.decode_gray(np.ascontiguousarray(image), formats) if zxing_backend.available() else []

    def zb(image: np.ndarray) -> list[Code]:
        return zbar_backend.decode_gray(np.ascontiguousarray(image), formats) if zbar_backend.available() else []

    return zx, zb


def _attempts(gray: np.ndarray, zx: Reader, zb: Reader) -> Iterator[Callable[[], list[Code]]]:
    """Yield the retries lazily, cheapest and most productive first."""
    denoised = enhance.median(gray)
    yield lambda: zx(denoised)  # sensor/JPEG noise drowning faint or busy codes
    regions = locate.find_regions(gray, MAX_REGIONS)
    crops = [_crops(gray, region) for region in regions]
    for region_crops in crops:  # quick look at every straightened region first: tilted 1D codes
        for image, inverse, _linear in region_crops:
            yield _on(zx, image, None, inverse)
    yield lambda: zx(enhance.clahe(denoised))  # faint codes: local contrast once the noise is gone
    for region_crops in crops:
        for image, inverse, linear in region_crops:
            yield _on(zb, image, None, inverse)
            yield from _thorough(image, inverse, linear, zx, zb)
    yield lambda: enhance.map_back(zx(enhance.sharpen(enhance.half(gray))), enhance.SCALE_HALF_INVERSE)
    for region in locate.find_regions(gray, MAX_REGIONS, equalise=True):  # faint codes on busy backgrounds
        if any(_same(region, other) for other in regions):
            continue
        for image, inverse, linear in _crops(gray, region):
            yield _on(zx, image, None, inverse)
            yield _on(zb, image, None, inverse)
            yield from _thorough(image, inverse, linear, zx, zb)


def _same(a: locate.Region, b: locate.Region) -> bool:
    return abs(a.center[0] - b.center[0]) + abs(a.center[1] - b.center[1]) < 0.25 * min(a.long_side, b.long_side)


def _crops(gray: np.ndarray, region: locate.Region) -> list[tuple[np.ndarray, np.ndarray, bool]]:
    """Straightened, zoomed crops of a region: ``(image, inverse affine, is 1D)``, one per candidate angle."""
    long_side = region.long_side
    zoom = min(3.0, 320.0 / long_side) if long_side < 260 else (0.6 if long_side > 520 else 1.0)
    angles: list[float | None] = []
    if region.coherence > 0.45:
        angles.append(region.bar_angle)
    if region.elongation > 1.8 and not any(
            a is not None and abs((a - region.axis_angle + 90) % 180 - 90) < 4 for a in angles):
        angles.append(region.axis_angle)
    linear = bool(angles)
    if not linear:
        angles.append(None)
    return [(*locate.crop(gray, region, angle, zoom), linear) for angle in angles]


def _thorough(image: np.ndarray, inverse: np.ndarray, linear: bool, zx: Reader,
              zb: Reader) -> Iterator[Callable[[], list[Code]]]:
    variants: list[tuple[Reader, Callable[[np.ndarray], np.ndarray]]] = []
    if linear:
        variants += [(zb, enhance.along_bars), (zx, enhance.along_bars)]
    variants += [(zx, enhance.sharpen), (zb, enhance.sharpen), (zb, enhance.denoise_stretch),
                 (zx, enhance.denoise_stretch), (zb, enhance.binarise)]
    for reader, prepare in variants:
        yield _on(reader, image, prepare, inverse)


def _on(reader: Reader, image: np.ndarray, prepare: Callable[[np.ndarray], np.ndarray] | None,
        inverse: np.ndarray) -> Callable[[], list[Code]]:
    def run() -> list[Code]:
        return enhance.map_back(reader(prepare(image) if prepare else image), inverse)
    return run
