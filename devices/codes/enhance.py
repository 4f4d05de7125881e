"""Image clean-ups for the ``auto`` retries: contrast, denoising, sharpening, binarising, scaling."""

from __future__ import annotations

import cv2
import numpy as np

from devices.codes.model import Code

#: Affine that maps pixels of :func:`half` back to the full frame.
SCALE_HALF_INVERSE = np.array([[2.0, 0.0, 0.0], [0.0, 2.0, 0.0]])


def map_back(codes: list[Code], inverse: np.ndarray) -> list[Code]:
    """Map code polygons from a transformed image back to frame pixels with a 2x3 affine ``inverse``."""
    out = []
    for code in codes:
        polygon: tuple[tuple[int, int], ...] = ()
        if code.polygon:
            pts = np.array(code.polygon, dtype=np.float64)
            mapped = pts @ inverse[:, :2].T + inverse[:, 2]
            polygon = tuple((int(round(x)), int(round(y))) for x, y in mapped)
        out.append(Code(code.format, code.text, code.raw, polygon))
    return out


def clahe(gray: np.ndarray) -> np.ndarray:
    """Local contrast equalisation (low-contrast and unevenly lit codes)."""
    return cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8)).apply(gray)


def stretch(gray: np.ndarray) -> np.ndarray:
    """Global contrast stretch between the 1st and 99th percentiles."""
    lo, hi = np.percentile(gray[::2, ::2], (1, 99))
    if hi - lo < 1:
        return gray
    return cv2.convertScaleAbs(gray, alpha=255.0 / (hi - lo), beta=-lo * 255.0 / (hi - lo))


def denoise_stretch(gray: np.ndarray) -> np.ndarray:
    """Light Gaussian denoising then a contrast stretch (noisy, low-contrast crops)."""
    return stretch(cv2.GaussianBlur(gray, (0, 0), 1.0))


def sharpen(gray: np.ndarray, sigma: float = 2.0, amount: float = 1.5) -> np.ndarray:
    """Unsharp mask (mildly blurred codes)."""
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)


def binarise(gray: np.ndarray) -> np.ndarray:
    """Otsu threshold after light denoising (zbar likes crisp edges)."""
    return cv2.threshold(cv2.GaussianBlur(gray, (0, 0), 1.0), 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)[1]


def median(gray: np.ndarray) -> np.ndarray:
    """3x3 median: removes pixel noise and JPEG speckle, keeps module edges."""
    return cv2.medianBlur(gray, 3)


def half(gray: np.ndarray) -> np.ndarray:
    """Half-size copy (big, blurred codes get sharper relative to their modules)."""
    return cv2.resize(gray, (gray.shape[1] // 2, gray.shape[0] // 2), interpolation=cv2.INTER_AREA)


def along_bars(gray: np.ndarray) -> np.ndarray:
    """Average along vertical bars, then stretch: removes noise from an upright 1D code, keeps its edges."""
    length = int(min(31, max(3, gray.shape[0] // 5))) | 1
    return stretch(cv2.blur(gray, (1, length)))
